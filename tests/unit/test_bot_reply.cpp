#include <catch2/catch.hpp>

#include "bot/reply.h"
#include "rules/engine.h"

namespace {

rules::Finding finding(rules::Verdict verdict, const std::string& text, const std::string& reason,
    std::vector<rules::Evidence> evidence = {}) {
    rules::Finding f;
    f.claim.comment_id = "c1";
    f.claim.kind = "arity";
    f.claim.text = text;
    f.verdict = verdict;
    f.reason = reason;
    f.evidence = std::move(evidence);
    return f;
}

const std::string k_head = "0123456789abcdef0123456789abcdef01234567";

}  // namespace

TEST_CASE("no reply without inaccurate findings", "[bot][reply]") {
    CHECK_FALSE(bot::compose_reply("c1", {}, k_head).has_value());
    CHECK_FALSE(bot::compose_reply("c1",
        {finding(rules::Verdict::accurate, "`f` takes two arguments", "it does"),
            finding(rules::Verdict::unverifiable, "`g` is slow", "runtime behaviour")},
        k_head)
                    .has_value());
}

TEST_CASE("a reply quotes the claim, says the reason, shows the evidence and ends with the marker",
    "[bot][reply]") {
    const auto reply = bot::compose_reply("seed-000",
        {finding(rules::Verdict::accurate, "`ok` is used", "it is"),
            finding(rules::Verdict::inaccurate, "`_resize_and_assert_error` takes four arguments",
                "takes 3 parameters (self, server, dest_host), not 4",
                {{"nova/tests/test_bug.py", 34,
                    "    def _resize_and_assert_error(self, server, dest_host):"}})},
        k_head);
    REQUIRE(reply.has_value());
    CHECK_THAT(
        *reply, Catch::StartsWith("claimcheck found 1 statement in this review that does not match the code "
                                  "at 0123456:"));
    CHECK_THAT(*reply, Catch::Contains("> `_resize_and_assert_error` takes four arguments\n"));
    CHECK_THAT(*reply, Catch::Contains("takes 3 parameters (self, server, dest_host), not 4"));
    CHECK_THAT(*reply,
        Catch::Contains("nova/tests/test_bug.py:34: def _resize_and_assert_error(self, server, dest_host):"));
    CHECK_THAT(*reply, Catch::EndsWith("<!-- claimcheck:rules=" + std::string(rules::k_rules_version) +
                                       " comment=seed-000 -->\n"));
    CHECK_THAT(*reply, !Catch::Contains("`ok` is used"));
}

TEST_CASE("several inaccurate findings are counted", "[bot][reply]") {
    const auto reply = bot::compose_reply("c1",
        {finding(rules::Verdict::inaccurate, "a", "r1"), finding(rules::Verdict::inaccurate, "b", "r2")},
        k_head);
    REQUIRE(reply.has_value());
    CHECK_THAT(*reply, Catch::StartsWith("claimcheck found 2 statements in this review that do not match"));
}

TEST_CASE("excerpt folds whitespace and cuts long claims at a character boundary", "[bot][reply]") {
    CHECK(bot::excerpt("  a\n  b\tc ") == "a b c");
    const std::string long_text = std::string(98, 'x') + "\xc3\xa9\xc3\xa9 tail";
    const std::string cut = bot::excerpt(long_text, 100);
    CHECK(cut == std::string(98, 'x') + "\xc3\xa9…");
    CHECK(bot::excerpt(std::string(99, 'y') + "\xc3\xa9", 100) == std::string(99, 'y') + "…");
}

TEST_CASE("a comment is quoted by its first paragraph, three lines at most", "[bot][reply]") {
    CHECK(bot::quote_comment("`f` takes four arguments.") == "> `f` takes four arguments.\n");
    CHECK(bot::quote_comment("\n\n  First.\nSecond.\n") == "> First.\n> Second.\n");
    CHECK(bot::quote_comment("First.\n\nA second paragraph.") == "> First.\n> …\n");
    CHECK(bot::quote_comment("1\n2\n3\n4") == "> 1\n> 2\n> 3\n> …\n");
    CHECK(bot::quote_comment("1\n2\n3") == "> 1\n> 2\n> 3\n");
    const std::string long_line(300, 'x');
    CHECK(bot::quote_comment(long_line) == "> " + std::string(200, 'x') + "…\n");
    CHECK(bot::quote_comment("").empty());
}
