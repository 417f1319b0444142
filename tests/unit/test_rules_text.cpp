// rules/text: reading review prose. Sentences and clauses with byte spans, code
// mentions, identifiers in code fragments, number words, UTF-8 checks, excerpts, the
// little grammar of negation and questions, and the splitting of names into words.
#include <catch2/catch.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "rules/kinds.h"
#include "rules/text.h"

namespace {

using Strings = std::vector<std::string>;

Strings sentence_texts(std::string_view body) {
    Strings out;
    for (const auto& s : rules::text::sentences(body)) {
        out.emplace_back(body.substr(s.begin, s.end - s.begin));
    }
    return out;
}

Strings clause_texts(std::string_view body) {
    Strings out;
    const auto all = rules::text::sentences(body);
    REQUIRE(all.size() == 1);
    for (const auto& c : rules::text::clauses(body, all.front())) {
        out.emplace_back(body.substr(c.begin, c.end - c.begin));
    }
    return out;
}

std::vector<rules::text::Mention> mentions_of(std::string_view body) {
    return rules::text::mentions(body, rules::text::Span{0, body.size()});
}

Strings mention_codes(std::string_view body) {
    Strings out;
    for (const auto& m : mentions_of(body)) {
        out.push_back(m.code);
    }
    return out;
}

}  // namespace

TEST_CASE("rules/text: sentences split at end punctuation followed by space or end") {
    CHECK(sentence_texts("The cache grows. It never shrinks! Is that intended?") ==
          Strings{"The cache grows.", "It never shrinks!", "Is that intended?"});
    CHECK(sentence_texts("No final stop") == Strings{"No final stop"});
    CHECK(sentence_texts("") == Strings{});
    CHECK(sentence_texts("   \n  ") == Strings{});
}

TEST_CASE("rules/text: sentence spans are byte offsets into the body") {
    const std::string body = "  First part.   Second part.";
    const auto spans = rules::text::sentences(body);
    REQUIRE(spans.size() == 2);
    CHECK(spans[0].begin == 2);
    CHECK(spans[0].end == 13);
    CHECK(spans[1].begin == 16);
    CHECK(spans[1].end == body.size());
}

TEST_CASE("rules/text: abbreviations, dotted code and decimals do not end a sentence") {
    CHECK(sentence_texts("Use a guard, e.g. an early return. Then test it.") ==
          Strings{"Use a guard, e.g. an early return.", "Then test it."});
    CHECK(sentence_texts("Some names, i.e. the public ones, change. Fine.") ==
          Strings{"Some names, i.e. the public ones, change.", "Fine."});
    CHECK(sentence_texts("Call `cfg.load. reload()` first. Done.") ==
          Strings{"Call `cfg.load. reload()` first.", "Done."});
    CHECK(sentence_texts("The ratio is 0.75 here. Fine.") == Strings{"The ratio is 0.75 here.", "Fine."});
    CHECK(sentence_texts("It reads os.path.join twice.") == Strings{"It reads os.path.join twice."});
}

TEST_CASE("rules/text: line breaks and list markers split sentences") {
    CHECK(sentence_texts("first point\nsecond point") == Strings{"first point", "second point"});
    CHECK(
        sentence_texts("Two issues:\n1. the loop is slow\n2) the name is odd\n- and a dash\n* and a star") ==
        Strings{"Two issues:", "the loop is slow", "the name is odd", "and a dash", "and a star"});
    // An unclosed backtick does not swallow the next line.
    CHECK(sentence_texts("a `broken mention.\nnext line") == Strings{"a `broken mention.", "next line"});
}

TEST_CASE("rules/text: clauses split at semicolons and contrastive joints") {
    CHECK(clause_texts("`a` is used; `b` is not.") == Strings{"`a` is used", "`b` is not."});
    CHECK(clause_texts("`a` is read, but `b` is never read.") ==
          Strings{"`a` is read", "but `b` is never read."});
    CHECK(clause_texts("It compiles, while the test fails.") ==
          Strings{"It compiles", "while the test fails."});
    CHECK(clause_texts("One thing only.") == Strings{"One thing only."});
    // Joints inside backticks are code, not prose.
    CHECK(clause_texts("It calls `f(a; b)` twice.") == Strings{"It calls `f(a; b)` twice."});
}

TEST_CASE("rules/text: backticked mentions carry their span and call form") {
    const std::string body = "Call `self.store.flush()` before `close` returns.";
    const auto ms = mentions_of(body);
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].code == "self.store.flush()");
    CHECK(ms[0].backticked);
    CHECK(ms[0].call_form);
    CHECK(body.substr(ms[0].span.begin, ms[0].span.end - ms[0].span.begin) == "`self.store.flush()`");
    CHECK(ms[1].code == "close");
    CHECK_FALSE(ms[1].call_form);
    // Double backticks and inner padding.
    const std::string fenced = "See `` a `tick` `` here.";
    const auto fm = mentions_of(fenced);
    REQUIRE(fm.size() == 1);
    CHECK(fm[0].code == "a `tick`");
    // Empty backticks are no mention.
    CHECK(mention_codes("nothing `` here") == Strings{});
}

TEST_CASE("rules/text: quoted fragments are mentions, apostrophes are not") {
    const auto ms = mentions_of("Set 'max_retries' and \"timeout\" here.");
    REQUIRE(ms.size() == 2);
    CHECK(ms[0].code == "max_retries");
    CHECK(ms[0].quoted);
    CHECK_FALSE(ms[0].backticked);
    CHECK(ms[1].code == "timeout");
    CHECK(mention_codes("It doesn't touch the queue's head.") == Strings{});
    CHECK(mention_codes("Don't call `reset` here.") == Strings{"reset"});
}

TEST_CASE("rules/text: bare words are mentions only when they can only be code") {
    CHECK(mention_codes("The parse_config helper and getValue are new.") ==
          Strings{"parse_config", "getValue"});
    CHECK(mention_codes("The server handles a request.") == Strings{});
    CHECK(mention_codes("It calls compute(x) and reset() then.") == Strings{"compute(x)", "reset()"});
    CHECK(mention_codes("It reads self.retry_count once.") == Strings{"self.retry_count"});
    CHECK(mention_codes("It loops, e.g. over rows.") == Strings{});
    // A call with spaces inside its parentheses is prose.
    CHECK(mention_codes("Fix it (as noted) later.") == Strings{});
}

TEST_CASE("rules/text: mentions stay inside the span they are asked for") {
    const std::string body = "First `alpha`. Then `beta`.";
    const auto spans = rules::text::sentences(body);
    REQUIRE(spans.size() == 2);
    const auto second = rules::text::mentions(body, spans[1]);
    REQUIRE(second.size() == 1);
    CHECK(second[0].code == "beta");
}

TEST_CASE("rules/text: identifiers of a code fragment") {
    CHECK(rules::text::identifiers("self._wait(timeout=5)") == Strings{"self", "_wait", "timeout"});
    CHECK(rules::text::identifiers("a1 + 2b - $el") == Strings{"a1", "$el"});
    CHECK(rules::text::identifiers("std::vector<int>") == Strings{"std", "vector", "int"});
    CHECK(rules::text::identifiers("42 == 0x1F") == Strings{});
}

TEST_CASE("rules/text: mention_name takes the last component of a path") {
    CHECK(rules::text::mention_name("self.api.get_flavors()") == "get_flavors");
    CHECK(rules::text::mention_name("conn->close") == "close");
    CHECK(rules::text::mention_name("std::make_unique") == "make_unique");
    CHECK(rules::text::mention_name("run(a, b)") == "run");
    CHECK(rules::text::mention_name("plain") == "plain");
    CHECK(rules::text::mention_name("a + b").empty());
    CHECK(rules::text::mention_name("x = 1").empty());
    CHECK(rules::text::mention_name("").empty());
}

TEST_CASE("rules/text: is_name_like accepts names and paths only") {
    CHECK(rules::text::is_name_like("parse"));
    CHECK(rules::text::is_name_like("parse()"));
    CHECK(rules::text::is_name_like("os.path.join"));
    CHECK(rules::text::is_name_like("node->next"));
    CHECK(rules::text::is_name_like("std::string"));
    CHECK(rules::text::is_name_like("$scope"));
    CHECK_FALSE(rules::text::is_name_like("1abc"));
    CHECK_FALSE(rules::text::is_name_like("a b"));
    CHECK_FALSE(rules::text::is_name_like("obj."));
    CHECK_FALSE(rules::text::is_name_like("f(x)"));
    CHECK_FALSE(rules::text::is_name_like(""));
    CHECK_FALSE(rules::text::is_name_like("a == b"));
}

TEST_CASE("rules/text: number_word reads digits and words") {
    CHECK(rules::text::number_word("four") == 4);
    CHECK(rules::text::number_word("Twelve") == 12);
    CHECK(rules::text::number_word("zero") == 0);
    CHECK(rules::text::number_word("12") == 12);
    CHECK(rules::text::number_word("0") == 0);
    CHECK(rules::text::number_word("single") == 1);
    CHECK(rules::text::number_word("a") == 1);
    CHECK(rules::text::number_word("no") == 0);
    CHECK(rules::text::number_word("none") == 0);
    CHECK_FALSE(rules::text::number_word("many").has_value());
    CHECK_FALSE(rules::text::number_word("several").has_value());
    CHECK_FALSE(rules::text::number_word("").has_value());
    CHECK_FALSE(rules::text::number_word("3rd").has_value());
    CHECK_FALSE(rules::text::number_word("1234567").has_value());  // too long to be a count
}

TEST_CASE("rules/text: valid_utf8") {
    CHECK(rules::text::valid_utf8(""));
    CHECK(rules::text::valid_utf8("plain ascii"));
    CHECK(rules::text::valid_utf8("caf\xc3\xa9"));       // é
    CHECK(rules::text::valid_utf8("\xe2\x80\xa6"));      // …
    CHECK(rules::text::valid_utf8("\xf0\x9f\x98\x80"));  // an emoji
    CHECK_FALSE(rules::text::valid_utf8("\xff"));
    CHECK_FALSE(rules::text::valid_utf8("caf\xc3"));           // truncated
    CHECK_FALSE(rules::text::valid_utf8("\xc0\xaf"));          // overlong
    CHECK_FALSE(rules::text::valid_utf8("\xe2\x28\xa1"));      // bad continuation
    CHECK_FALSE(rules::text::valid_utf8("\xf5\x80\x80\x80"));  // past U+10FFFF
    CHECK_FALSE(
        rules::text::valid_utf8("a\x80"
                                "b"));  // stray continuation byte
}

TEST_CASE("rules/text: excerpt squashes and cuts on a UTF-8 boundary") {
    CHECK(rules::text::excerpt("  short   text ", 80) == "short text");
    CHECK(rules::text::excerpt("abcdef", 3) == "abc\xe2\x80\xa6");
    // "ééé" is six bytes; a cut at 3 would split the second é.
    CHECK(rules::text::excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 3) == "\xc3\xa9\xe2\x80\xa6");
    CHECK(rules::text::valid_utf8(rules::text::excerpt("\xc3\xa9\xc3\xa9\xc3\xa9", 3)));
}

TEST_CASE("rules/text: lower, trim, squash") {
    CHECK(rules::text::lower("MixedCase_42") == "mixedcase_42");
    CHECK(rules::text::trim(" \t x y \r\n") == "x y");
    CHECK(rules::text::trim("   ").empty());
    CHECK(rules::text::squash("  a \n\t b   c  ") == "a b c");
    CHECK(rules::text::squash("").empty());
}

TEST_CASE("rules/text: contains_word matches whole words only") {
    CHECK(rules::text::contains_word("return self.fetch(url)", "fetch"));
    CHECK(rules::text::contains_word("fetch", "fetch"));
    CHECK_FALSE(rules::text::contains_word("prefetch(url)", "fetch"));
    CHECK_FALSE(rules::text::contains_word("fetch_all(url)", "fetch"));
    CHECK_FALSE(rules::text::contains_word("x = fetch2", "fetch"));
    CHECK(rules::text::contains_word("a = b == c", "=="));  // not an identifier: no word edges
    CHECK_FALSE(rules::text::contains_word("anything", ""));
    CHECK(rules::text::is_ident_char('_'));
    CHECK(rules::text::is_ident_char('$'));
    CHECK_FALSE(rules::text::is_ident_char('.'));
}

TEST_CASE("rules/text: negation and questions") {
    CHECK(rules::text::has_negation("the value is not read"));
    CHECK(rules::text::has_negation("it isn't read"));
    CHECK(rules::text::has_negation("never called"));
    CHECK(rules::text::has_negation("a method without a docstring"));
    CHECK(rules::text::has_negation("the docstring is missing"));
    CHECK_FALSE(rules::text::has_negation("nothing here knotted"));
    CHECK_FALSE(rules::text::has_negation("the value is read"));
    CHECK(rules::text::is_question("Is this used?  "));
    CHECK_FALSE(rules::text::is_question("This is used."));
    CHECK_FALSE(rules::text::is_question(""));
}

TEST_CASE("rules/text: name_words splits every naming convention into the same words") {
    using rules::kinds::name_words;
    CHECK(name_words("_resizeAndAssert_error") == Strings{"resize", "and", "assert", "error"});
    CHECK(name_words("max_retry_count") == Strings{"max", "retry", "count"});
    CHECK(name_words("maxRetryCount") == Strings{"max", "retry", "count"});
    CHECK(name_words("MaxRetryCount") == Strings{"max", "retry", "count"});
    CHECK(name_words("MAX_RETRY_COUNT") == Strings{"max", "retry", "count"});
    CHECK(name_words("HTTPServer") == Strings{"http", "server"});
    CHECK(name_words("parseHTTPResponse") == Strings{"parse", "http", "response"});
    CHECK(name_words("$el") == Strings{"el"});
    CHECK(name_words("") == Strings{});
}
