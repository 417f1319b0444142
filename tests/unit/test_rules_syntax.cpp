// rules/kind_syntax: "line 3 has a trailing comma", "`X` is defined without a trailing
// comma", "the closing quotes of the docstring are not aligned". The exact characters
// of the lines settle it.
#include <catch2/catch.hpp>
#include <optional>
#include <set>
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

const char* const k_kind = "syntax-detail";

const char* const k_python = R"(COLORS = [
    "red",
    "green"
]
SIZES = ("s", "m",)
NAMES = ("a", "b")


def load(path):
    """Load the file.

        Returns its text.
        """
    return open(path).read()


def save(path):
    """Save the file.

    Returns nothing.
    """
)";

}  // namespace

TEST_CASE("rules/syntax: a trailing comma on a line that has none is wrong") {
    const auto change = rules_test::added_file("palette.py", k_python);
    const std::string body = "Line 4 has a trailing comma.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.number == 4);
    CHECK(span_text(body, found[0].claim).find("has a trailing comma") != std::string::npos);
    // Both readings of "line 4": the file's line 4 and the diff's (header counted) line 3.
    // (As a set: facts::line_readings may list line 4 twice, see test_rules_facts.cpp.)
    const auto lines = evidence_lines(found[0]);
    CHECK(std::set<int>(lines.begin(), lines.end()) == std::set<int>{3, 4});
}

TEST_CASE("rules/syntax: a trailing comma that is there") {
    const auto change = rules_test::added_file("palette.py", k_python);
    auto found = check_kind(k_kind, "Line 2 has a trailing comma.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    // A comma before the closing bracket counts as trailing.
    found = check_kind(k_kind, "`SIZES` is written with a trailing comma.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "SIZES");
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind, "`NAMES` is written without a trailing comma.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.negated);
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind, "`SIZES` is written without a trailing comma.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{5});
}

TEST_CASE("rules/syntax: docstring closing quotes") {
    const auto change = rules_test::added_file("palette.py", k_python);
    const std::string body =
        "The closing quotes of the docstring in `load` are not aligned with the opening ones.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "load");
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind,
        "The closing quotes of the docstring in `save` are not aligned with the opening ones.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{18, 21});
}

TEST_CASE("rules/syntax: open when the line is not in the change; no claim without a place") {
    const auto change = rules_test::added_file("palette.py", k_python);
    auto found = check_kind(k_kind, "Line 999 has a trailing comma.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    CHECK(check_kind(k_kind, "Consider a trailing comma after the last color.", change).empty());
    CHECK(check_kind(k_kind, "The list has a trailing comma.", change).empty());
    // Praise for alignment is no complaint to check.
    CHECK(check_kind(k_kind, "The closing quotes are aligned nicely.", change).empty());
}

// Commas inside string literals are no trailing commas.
TEST_CASE("rules/syntax: a comma inside a string literal is no trailing comma") {
    const auto change = rules_test::added_file("fmt.py", "PATTERN = \"(a, )\"\nprint(PATTERN)\n");
    const auto found = check_kind(k_kind, "Line 1 has a trailing comma.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/syntax: a named definition spread over lines has its comma on any of them") {
    const auto c = rules_test::added_file(
        "mod.c", "static struct def module_definition = {\n    .name = \"m\",\n    .slots = slots,\n};\n");
    // The last item, not the first line, carries the comma.
    auto found = check_kind(k_kind, "`module_definition` ends with a trailing comma.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    // A line number narrows it to that line.
    found = check_kind(k_kind, "On line 1, `module_definition` has a trailing comma.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}
