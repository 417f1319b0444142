// rules/kind_suggestion: suggestions that equal the current code. "Rename `f` to `f`",
// a proposed name that the change already uses, proposed code already on an added line.
// The kind only ever flags (a suggestion that differs from the code is opinion), so its
// "true claim" cases are genuine suggestions that must never be flagged.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rules/model.h"
#include "rules_support.h"

using rules::Verdict;
using rules_test::check_kind;
using rules_test::evidence_lines;
using rules_test::none_flagged;
using rules_test::span_text;
using Ints = std::vector<int>;

namespace {

const char* const k_kind = "suggestion-equals-current";

const char* const k_python = R"(def load_rows(path):
    return open(path).readlines()


def fetchRows(cursor):
    return cursor.fetchall()


def test_parse_empty():
    assert parse("") == []


def check(value):
    if value is None:
        return False
    return True
)";

}  // namespace

TEST_CASE("rules/suggestion: renaming a name to itself") {
    const auto change = rules_test::added_file("rows.py", k_python);
    const std::string body = "Please rename `load_rows` to `load_rows` for clarity.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "load_rows");
    CHECK(found[0].claim.object == "load_rows");
    CHECK(span_text(body, found[0].claim).find("rename `load_rows` to `load_rows`") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{1});
}

TEST_CASE("rules/suggestion: a rename for descriptiveness that keeps the same words") {
    const auto change = rules_test::added_file("rows.py", k_python);
    const std::string body = "Rename `fetchRows` to `fetch_rows` to make it more descriptive.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{5});
}

TEST_CASE("rules/suggestion: genuine renames are never flagged") {
    const auto change = rules_test::added_file("rows.py", k_python);
    // Same words, but the reason is the convention: the rename changes something asked.
    CHECK(
        none_flagged(check_kind(k_kind, "Rename `fetchRows` to `fetch_rows` to follow snake_case.", change)));
    CHECK(none_flagged(check_kind(k_kind, "Rename `fetchRows` to `fetch_rows` per PEP 8.", change)));
    // Different words.
    CHECK(check_kind(k_kind, "Rename `check` to `is_present`.", change).empty());
    CHECK(
        check_kind(k_kind, "Rename `load_rows` to `read_rows` to make it more descriptive.", change).empty());
}

TEST_CASE("rules/suggestion: a proposed name the change already uses") {
    const auto change = rules_test::added_file("rows.py", k_python);
    auto found = check_kind(k_kind, "A better test name would be something like `test_parse_empty`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{9});

    found =
        check_kind(k_kind, "A better test name would be something like `test_parse_blank_input`.", change);
    for (const auto& f : found) {
        CHECK(f.verdict == Verdict::unverifiable);
    }
}

TEST_CASE("rules/suggestion: proposed code already on an added line") {
    const auto change = rules_test::added_file("rows.py", k_python);
    const std::string body = "Use `value is None` instead of `value == None`.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.object == "value is None");
    CHECK(found[0].claim.subject == "value == None");
    CHECK(evidence_lines(found[0]) == Ints{14});

    // Code that is not there yet is a real suggestion.
    found = check_kind(k_kind, "Use `isinstance(value, str)` here.", change);
    CHECK(none_flagged(found));
}

TEST_CASE("rules/suggestion: a negated proposal proposes nothing") {
    // Python: the code already is `value is None`; the reviewer says to keep it.
    const auto py = rules_test::added_file("rows.py", k_python);
    CHECK(none_flagged(check_kind(k_kind, "The check should not be changed to `value is None`.", py)));
    CHECK(none_flagged(check_kind(k_kind, "Please don't use `value is None` here.", py)));
    // Unless both sides are the same code: that names no change at all.
    const std::string same = "The check `value is None` should not be changed to `value is None`.";
    auto found_same = check_kind(k_kind, same, py);
    REQUIRE(found_same.size() == 1);
    CHECK(found_same[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found_same[0]) == Ints{14});
    CHECK(found_same[0].reason.find("same code") != std::string::npos);
    // The negation of another clause does not reach the proposal.
    auto found =
        check_kind(k_kind, "This is not idiomatic; use `value is None` instead of `value == None`.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // Java: the same.
    const auto java = rules_test::added_file("Names.java",
        "class Names {\n  boolean same(String a, String b) {\n    return a.equalsIgnoreCase(b);\n  }\n}\n");
    CHECK(none_flagged(
        check_kind(k_kind, "The comparison should never be changed to `a.equalsIgnoreCase(b)`.", java)));
    found = check_kind(k_kind, "The comparison can be changed to `a.equalsIgnoreCase(b)`.", java);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3});
}

// What a suggestion replaces must be gone from the whole file, not only the touched lines.
TEST_CASE("rules/suggestion: the old code still there keeps the suggestion open") {
    // The change adds `items is None` in one place but keeps `items == None` in another:
    // replacing the second with the first still changes something.
    const auto change = rules_test::modified_file("guard.py", "def f(items):\n    return items == None\n",
        "def f(items):\n    if items is None:\n        return True\n"
        "    return items == None\n");
    const auto found = check_kind(k_kind, "Use `items is None` instead of `items == None`.", change);
    CHECK(none_flagged(found));
}

TEST_CASE("rules/suggestion: a function said to need to be a property or static method that is one") {
    // Python: the added method is already a property.
    const std::string py_base = "class Job:\n    def run(self):\n        return 1\n";
    auto change = rules_test::modified_file(
        "job.py", py_base, py_base + "\n    @property\n    def total(self):\n        return self.run()\n");
    std::string body = "This is read-only, so it should be a property with no setter.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{6});
    // Named before the verb.
    found = check_kind(k_kind, "`total` could be made a property.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // Python, accurate: a plain method is not a property yet, nor a static method.
    change = rules_test::modified_file(
        "job.py", py_base, py_base + "\n    def total(self):\n        return self.run()\n");
    found = check_kind(k_kind, "It should be a property.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "You can make this a static method.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    // Negated or asked: no claim.
    CHECK(check_kind(k_kind, "It should not be a property.", change).empty());
    CHECK(check_kind(k_kind, "Should this be a property?", change).empty());

    // JavaScript: a getter already.
    const std::string js_base = "class Cart {\n  add(x) {\n    this.items.push(x);\n  }\n}\n";
    const std::string js_head =
        "class Cart {\n  add(x) {\n    this.items.push(x);\n  }\n  get size() {\n    return "
        "this.items.length;\n  }\n}\n";
    change = rules_test::modified_file("cart.js", js_base, js_head);
    found = check_kind(k_kind, "`size` should be a getter.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // Java: static already, or not.
    const std::string java_base = "class Util {\n}\n";
    change = rules_test::modified_file(
        "Util.java", java_base, "class Util {\n  static int twice(int x) {\n    return 2 * x;\n  }\n}\n");
    found = check_kind(k_kind, "`twice` should be a static method.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    change = rules_test::modified_file(
        "Util.java", java_base, "class Util {\n  int twice(int x) {\n    return 2 * x;\n  }\n}\n");
    found = check_kind(k_kind, "`twice` should be a static method.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    // Java, unverifiable: Java has no properties this checker reads.
    found = check_kind(k_kind, "`twice` should be a property.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/suggestion: a proposed removal of code the change already removed") {
    // Python: the debug print is gone.
    auto change = rules_test::modified_file("job.py",
        "def run(x):\n    print('debug', x)\n    return x * 2\n", "def run(x):\n    return x * 2\n");
    auto found = check_kind(k_kind, "You can remove the `print('debug', x)` call.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2});
    // A description of the change is not a proposal: no claim.
    CHECK(check_kind(k_kind, "The change is removing `print('debug', x)`.", change).empty());
    // Java: still there at head (only moved): left open.
    change = rules_test::modified_file("A.java",
        "class A {\n  void f() {\n    log.debug(\"x\");\n    flush();\n  }\n}\n",
        "class A {\n  void f() {\n    flush();\n    log.debug(\"x\");\n  }\n}\n");
    found = check_kind(k_kind, "Consider removing the `log.debug(\"x\")` statement.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
    // Java: removed by the change.
    change = rules_test::modified_file("A.java",
        "class A {\n  void f() {\n    log.debug(\"x\");\n    flush();\n  }\n}\n",
        "class A {\n  void f() {\n    flush();\n  }\n}\n");
    found = check_kind(k_kind, "Consider removing the `log.debug(\"x\")` statement.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // Java: a genuine proposal, the code is untouched: never flagged.
    found = check_kind(k_kind, "You could drop the `flush()` call.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/suggestion: what the change did, told, is no proposal") {
    const auto change = rules_test::added_file("rows.py", k_python);
    CHECK(none_flagged(check_kind(k_kind, "Both checks were replaced with `value is None`.", change)));
    CHECK(none_flagged(check_kind(k_kind, "The test has been changed to `value is None`.", change)));
    // The same words as a proposal are one.
    const auto found = check_kind(k_kind, "The test should be replaced with `value is None`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/suggestion: approving a removal is no request for it") {
    const auto change =
        rules_test::modified_file("m.py", "import os\nimport os.path\n\nos.sep\n", "import os\n\nos.sep\n");
    CHECK(none_flagged(check_kind(k_kind, "Dropping `import os.path` is fine.", change)));
    const auto found = check_kind(k_kind, "You can remove `import os.path`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}
