// rules/kind_line: "on line 12, `total` is assigned", "there is a try block on line
// 40". What is on the line settles it, under the file's numbering and the diff's, over
// the whole statement; a number past every file stays open.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rules/model.h"
#include "rules_support.h"

using rules::Verdict;
using rules_test::check_kind;
using rules_test::evidence_lines;
using rules_test::span_text;
using Ints = std::vector<int>;

namespace {

const char* const k_kind = "line-reference";

// Line numbers matter here: keep this layout.
const char* const k_python = R"(import logging

LOG = logging.getLogger(__name__)


def average(values):
    # an empty list has no average
    if not values:
        return 0.0
    total = sum(
        values,
    )
    try:
        return total / len(values)
    except ZeroDivisionError:
        LOG.warning("empty")
        return 0.0
)";

}  // namespace

TEST_CASE("rules/line: a name that is elsewhere is flagged with where it is") {
    const auto change = rules_test::added_file("stats.py", k_python);
    const std::string body = "On line 4, `total` is assigned from the sum.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.number == 4);
    CHECK(found[0].claim.subject == "total");
    CHECK(span_text(body, found[0].claim).find("On line 4, `total` is assigned") != std::string::npos);
    // The line as numbered, then the first line where the name really is.
    CHECK(evidence_lines(found[0]) == Ints{4, 10});
}

TEST_CASE("rules/line: a name on the line, or on any line of its statement") {
    const auto change = rules_test::added_file("stats.py", k_python);
    auto found = check_kind(k_kind, "On line 10, `total` is assigned.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{10});

    // Line 11 is inside the call that starts on line 10.
    found = check_kind(k_kind, "In line 11, `total` is computed with `sum`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/line: constructs on a line") {
    const auto change = rules_test::added_file("stats.py", k_python);
    auto found = check_kind(k_kind, "There is a try block on line 13.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.object == "try");
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind, "The comment on line 7 explains the guard.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{7});

    // No try block on line 3 (nor on line 2, counting the diff's header): the nearest is
    // on line 13.
    found = check_kind(k_kind, "There is a try block on line 3.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3, 13});
}

TEST_CASE("rules/line: the diff's numbering is a fair reading") {
    // The change edits a function deep in a file; a reviewer counting lines of the diff
    // (three context lines, then the change) lands on a different file line.
    std::string base;
    for (int i = 1; i <= 20; ++i) {
        base += "x" + std::to_string(i) + " = " + std::to_string(i) + "\n";
    }
    std::string head = base;
    head.replace(head.find("x12 = 12\n"), 9, "x12 = 12\nretry_limit = 5\n");
    const auto change = rules_test::modified_file("settings.py", base, head);
    // The hunk: " x10", " x11", " x12", "+retry_limit", ... Position 4 (no header) and 5
    // (with the header) are the added line 13.
    auto found = check_kind(k_kind, "On line 4, `retry_limit` is added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{13});

    found = check_kind(k_kind, "On line 13, `retry_limit` is added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind, "On line 8, `retry_limit` is added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{8, 13});
}

TEST_CASE("rules/line: open past the end of every file or for a name not in the change") {
    const auto change = rules_test::added_file("stats.py", k_python);
    auto found = check_kind(k_kind, "On line 400, `total` is reassigned.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    found = check_kind(k_kind, "On line 5, `median` is computed.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/line: a line number with nothing checkable makes no claim") {
    const auto change = rules_test::added_file("stats.py", k_python);
    CHECK(check_kind(k_kind, "Line 5 looks odd to me.", change).empty());
    CHECK(check_kind(k_kind, "On line 5 the intent is unclear.", change).empty());
}

TEST_CASE("rules/line: java, an import on a line") {
    const auto change = rules_test::added_file("src/App.java", R"(package app;

import java.util.List;
import java.util.Map;

public class App {
    List<String> names;
}
)");
    auto found = check_kind(k_kind, "The import on line 4 is unused.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind, "In line 7, there is an import of `Map`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{7, 4});
}

TEST_CASE("rules/line: a sentence names more than what is on the line") {
    const auto py = rules_test::added_file("stats.py", k_python);
    // The function whose body holds the line, a keyword it is said not to use, a name
    // spoken of in another part of the sentence: one name there is enough.
    for (const char* body : {"In `average`, `total` is assigned on line 10.",
             "`average` returns early on line 9.", "`total` is set on line 10, not `values`.",
             "The division (`total / len(values)` on line 14) may fail, so `LOG` warns."}) {
        INFO(body);
        const auto found = check_kind(k_kind, body, py);
        REQUIRE(found.size() == 1);
        CHECK(found[0].verdict == Verdict::accurate);
    }
    // ... but a function whose body does not hold the line is no excuse.
    auto found = check_kind(k_kind, "`average` logs a warning on line 3.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // A try statement is on the line of any of its handlers; a handler only on its own.
    found = check_kind(k_kind, "There is a `try`/`except ZeroDivisionError` on line 15.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "The except clause on line 13 logs a warning.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // "exception" is no handler.
    found = check_kind(k_kind, "It raises an exception on line 14.", py);
    CHECK(found.empty());

    // JavaScript: "the `catch (error)` block on line 5".
    const auto js = rules_test::added_file("load.js",
        "const a = 1;\nconst b = 2;\nconst c = 3;\nconst d = 4;\n"
        "function load(path) {\n  try {\n    return read(path);\n  }\n  catch (error) {\n"
        "    // Stop here.\n    return null;\n  }\n}\n");
    found = check_kind(k_kind, "The `catch (error)` block on line 9 is empty apart from a comment.", js);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "The `catch (error)` block on line 2 is empty.", js);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/line: a line of the program's data is no line of the file") {
    const auto py = rules_test::added_file("stats.py", k_python);
    CHECK(check_kind(k_kind, "`average` checks that the error points at line 2.", py).empty());
    CHECK(check_kind(k_kind, "The parser reports line 3 for `total`.", py).empty());
}

TEST_CASE("rules/line: a removed line told in the past is read in the old file") {
    const auto change = rules_test::modified_file("lru.go",
        "package lru\n\nfunc evict() {\n\tfmt.Printf(\"gone\")\n\tdrop()\n}\n",
        "package lru\n\nfunc evict() {\n\tdrop()\n}\n");
    auto found = check_kind(k_kind, "The `fmt.Printf` call that used to be on line 4 is gone.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    // In the present it is about the new file, where the call is no more.
    found = check_kind(k_kind, "The `fmt.Printf` call on line 4 prints the key.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::accurate);
}
