// rules/facts: the questions verifiers ask of a change. Which files a comment is about,
// definitions and references by name, raw-text occurrence, statement extents, the line
// numberings a reviewer may use, added lines and enclosing functions.
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rules/facts.h"
#include "rules/model.h"
#include "rules_support.h"
#include "vcs/syntax.h"

namespace {

using Ints = std::vector<int>;
using Strings = std::vector<std::string>;

rules::ReviewComment comment_on(std::optional<std::string> path) {
    rules::ReviewComment c;
    c.id = "c1";
    c.path = std::move(path);
    c.body = "irrelevant";
    return c;
}

Strings paths(const std::vector<const rules::SourceFile*>& files) {
    Strings out;
    for (const auto* f : files) {
        out.push_back(f->path);
    }
    return out;
}

const char* const k_billing = R"(class Invoice:
    def total(self, items):
        subtotal = sum(items)
        return subtotal

    def tax(self, rate):
        return rate * 2


def total(values):
    return values
)";

}  // namespace

TEST_CASE("rules/facts: files_for gives the anchor file, or every head file by additions") {
    rules::Change change = rules_test::make_change();
    rules_test::add_file(change, "small.py", "a = 1\n", "a = 2\n");
    rules_test::add_file(change, "big.py", std::nullopt, "x = 1\ny = 2\nz = 3\n");
    rules_test::add_file(change, "gone.py", "old = 1\n", std::nullopt);

    CHECK(paths(rules::facts::files_for(change, comment_on("small.py"))) == Strings{"small.py"});
    // No anchor: every file left at head, the one with most additions first; the deleted
    // file is never among them.
    CHECK(paths(rules::facts::files_for(change, comment_on(std::nullopt))) == Strings{"big.py", "small.py"});
    // An anchor outside the change, or on a deleted file: that file, which is not read;
    // the changed files say nothing of it ("line 30" of it is not line 30 of theirs).
    CHECK(rules::facts::files_for(change, comment_on("elsewhere.py")).empty());
    CHECK(rules::facts::files_for(change, comment_on("gone.py")).empty());
}

TEST_CASE("rules/facts: definitions by name, optionally by kind") {
    const auto change = rules_test::added_file("billing.py", k_billing);
    const auto& file = change.head.at("billing.py");
    const std::vector<const rules::SourceFile*> files{&file};

    const auto both = rules::facts::definitions(files, "total");
    REQUIRE(both.size() == 2);
    CHECK(both[0].file == &file);

    const auto methods = rules::facts::definitions(files, "total", {rules::DefKind::method});
    REQUIRE(methods.size() == 1);
    CHECK(methods[0].def->start_line == 2);
    CHECK(methods[0].def->scope == "Invoice");

    const auto functions = rules::facts::definitions(files, "total", {rules::DefKind::function});
    REQUIRE(functions.size() == 1);
    CHECK(functions[0].def->start_line == 10);

    CHECK(rules::facts::definitions(files, "Invoice", {rules::DefKind::class_}).size() == 1);
    CHECK(rules::facts::definitions(files, "missing").empty());
    CHECK(rules::facts::definitions({}, "total").empty());
}

TEST_CASE("rules/facts: references within a line range") {
    const auto change = rules_test::added_file("billing.py", k_billing);
    const auto& file = change.head.at("billing.py");
    const auto in_total = rules::facts::references(file, "subtotal", 2, 4);
    REQUIRE(in_total.size() == 1);
    CHECK(in_total[0]->line == 4);
    CHECK(rules::facts::references(file, "subtotal", 5, 11).empty());
    const auto rate = rules::facts::references(file, "rate", 6, 7);
    REQUIRE(rate.size() == 1);
    CHECK(rate[0]->line == 7);
}

TEST_CASE("rules/facts: occurs_anywhere and occurs_at_head search raw text") {
    rules::Change change = rules_test::make_change();
    rules_test::add_file(change, "app.py", "import legacy_client\nlegacy_client.go()\n",
        "# modern_client replaces the old one\nimport modern_client\n");
    CHECK(rules::facts::occurs_at_head(change, "modern_client"));
    CHECK(rules::facts::occurs_anywhere(change, "modern_client"));
    // Only in the base file: somewhere, but not at head.
    CHECK_FALSE(rules::facts::occurs_at_head(change, "legacy_client"));
    CHECK(rules::facts::occurs_anywhere(change, "legacy_client"));
    // Whole words only.
    CHECK_FALSE(rules::facts::occurs_anywhere(change, "modern"));
    CHECK_FALSE(rules::facts::occurs_anywhere(change, "nowhere_name"));
    // A hit elsewhere in the tree counts at head; an empty hit list does not.
    change.tree_lookup["helper_util"] = {rules::Location{"lib/util.py", 3, "def helper_util():", true}};
    change.tree_lookup["absent_name"] = {};
    CHECK(rules::facts::occurs_at_head(change, "helper_util"));
    CHECK_FALSE(rules::facts::occurs_anywhere(change, "absent_name"));
}

TEST_CASE("rules/facts: statement_lines balances brackets across lines") {
    const auto change = rules_test::added_file("call.py", R"(result = compute(
    first,
    "a ( in a string",
    third,  # a ( in a comment
)
after = 1
)");
    const auto& file = change.head.at("call.py");
    using Pair = std::pair<int, int>;
    CHECK(rules::facts::statement_lines(file, 1) == Pair{1, 5});
    CHECK(rules::facts::statement_lines(file, 3) == Pair{1, 5});
    CHECK(rules::facts::statement_lines(file, 5) == Pair{1, 5});
    CHECK(rules::facts::statement_lines(file, 6) == Pair{6, 6});
    // Out of range: the line itself.
    CHECK(rules::facts::statement_lines(file, 0) == Pair{0, 0});
    CHECK(rules::facts::statement_lines(file, 99) == Pair{99, 99});
}

TEST_CASE("rules/facts: statement_lines reads only as far as the statement, with the same answers") {
    // The depth is computed lazily from line 1; every line's answer must still match the
    // whole-file reading, unclosed brackets at the end included.
    const auto change = rules_test::added_file("nested.py", R"(a = 1
b = g(
    x,
    [y,
     z])
c = (
    unclosed
)");
    const auto& file = change.head.at("nested.py");
    using Pair = std::pair<int, int>;
    const std::vector<Pair> expected = {{1, 1}, {2, 5}, {2, 5}, {2, 5}, {2, 5}, {6, 7}, {6, 7}};
    for (int n = 1; n <= 7; ++n) {
        INFO("line " << n);
        CHECK(rules::facts::statement_lines(file, n) == expected[static_cast<size_t>(n - 1)]);
    }
}

TEST_CASE("rules/facts: line_readings offer file and diff numberings") {
    // Base lines 1..10; head changes line 6 and adds a line after it. Hunk with three lines
    // of context: " 3 4 5 -6 +6' +new 7 8 9", header @@ -3,7 +3,8 @@.
    std::string base;
    std::string head;
    for (int i = 1; i <= 10; ++i) {
        base += "v" + std::to_string(i) + " = " + std::to_string(i) + "\n";
        head += i == 6 ? "v6 = 60\nv_new = 0\n" : "v" + std::to_string(i) + " = " + std::to_string(i) + "\n";
    }
    const auto change = rules_test::modified_file("nums.py", base, head);
    const auto& file = change.head.at("nums.py");
    REQUIRE(change.files[0].hunks.size() == 1);
    REQUIRE(change.files[0].hunks[0].new_start == 3);

    // The hunk's lines: 1 " v3", 2 " v4", 3 " v5", 4 "-v6", 5 "+v6 = 60", 6 "+v_new",
    // 7 " v7", ... Counting the header line, each position moves down by one.
    // Position 5 is head line 6 without the header, and the removed line with it.
    CHECK(rules::facts::line_readings(change, file, 5) == Ints{5, 6});
    // Position 4 is the removed line without the header, and " v5" (head line 5) with it.
    CHECK(rules::facts::line_readings(change, file, 4) == Ints{4, 5});
    // Position 1: " v3" without the header; the header itself with it.
    CHECK(rules::facts::line_readings(change, file, 1) == Ints{1, 3});
    // Past the diff: the file line only.
    CHECK(rules::facts::line_readings(change, file, 11) == Ints{11});
    // A file the change does not list: the number as it is.
    rules::SourceFile other = vcs::parse_source("other.py", "x = 1\n");
    CHECK(rules::facts::line_readings(change, other, 7) == Ints{7});
}

// A wholly added file reads "line 4" as 4 (file and diff) and 3 (diff with header).
TEST_CASE("rules/facts: line_readings of a wholly added file are deduplicated") {
    const auto change = rules_test::added_file("new.py", "a = 1\nb = 2\nc = 3\nd = 4\ne = 5\n");
    const auto& file = change.head.at("new.py");
    CHECK(rules::facts::line_readings(change, file, 4) == Ints{4, 3});
}

TEST_CASE("rules/facts: added_lines and diff_of") {
    rules::Change change = rules_test::make_change();
    rules_test::add_file(change, "a.py", "x = 1\ny = 2\nz = 3\n", "x = 1\ny = 20\nz = 3\nw = 4\n");
    rules_test::add_file(change, "b.py", std::nullopt, "only = 1\n");
    CHECK(rules::facts::added_lines(change, "a.py") == Ints{2, 4});
    CHECK(rules::facts::added_lines(change, "b.py") == Ints{1});
    CHECK(rules::facts::added_lines(change, "c.py").empty());
    REQUIRE(rules::facts::diff_of(change, "b.py") != nullptr);
    CHECK(rules::facts::diff_of(change, "b.py")->status == rules::FileStatus::added);
    CHECK(rules::facts::diff_of(change, "c.py") == nullptr);
}

TEST_CASE("rules/facts: enclosing_function is the innermost function") {
    const auto change = rules_test::added_file("nest.py", R"(def outer(a):
    def inner(b):
        return b
    return inner(a)

x = 1
)");
    const auto& file = change.head.at("nest.py");
    REQUIRE(rules::facts::enclosing_function(file, 3) != nullptr);
    CHECK(rules::facts::enclosing_function(file, 3)->name == "inner");
    REQUIRE(rules::facts::enclosing_function(file, 4) != nullptr);
    CHECK(rules::facts::enclosing_function(file, 4)->name == "outer");
    CHECK(rules::facts::enclosing_function(file, 6) == nullptr);

    const auto java = rules_test::added_file("Box.java", R"(class Box {
    int size() {
        return 1;
    }
}
)");
    const auto& jfile = java.head.at("Box.java");
    REQUIRE(rules::facts::enclosing_function(jfile, 3) != nullptr);
    CHECK(rules::facts::enclosing_function(jfile, 3)->name == "size");
    CHECK(rules::facts::enclosing_function(jfile, 1) == nullptr);  // a class is not a function
}

TEST_CASE("rules/facts: evidence quotes the trimmed line") {
    const auto change = rules_test::added_file("ev.py", "def f():\n    return 42   \n");
    const auto& file = change.head.at("ev.py");
    const auto e = rules::facts::evidence(file, 2);
    CHECK(e.path == "ev.py");
    CHECK(e.line == 2);
    CHECK(e.text == "return 42");
    const auto past = rules::facts::evidence(file, 9);
    CHECK(past.line == 9);
    CHECK(past.text.empty());
}
