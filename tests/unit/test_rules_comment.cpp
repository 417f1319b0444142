// rules/kind_comment: "`f` has no comments", "add a comment explaining `g`". Comments
// inside a definition or right above it settle it; a docstring is not a comment.
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

const char* const k_kind = "comment-presence";

const char* const k_python = R"(import time


def retry(op, attempts):
    for i in range(attempts):
        # back off a little longer each time
        time.sleep(2 ** i)
        op()


def double(x):
    """Twice x."""
    return x * 2
)";

}  // namespace

TEST_CASE("rules/comment: python, a commented function said to have none") {
    const auto change = rules_test::added_file("retry.py", k_python);
    const std::string body = "`retry` does not have any comments.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "retry");
    CHECK(span_text(body, found[0].claim).find("`retry` does not have any comments") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{6});
}

TEST_CASE("rules/comment: python, a docstring is not a comment") {
    const auto change = rules_test::added_file("retry.py", k_python);
    auto found = check_kind(k_kind, "`double` has no comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    const std::string body = "Add a comment explaining what `double()` is for.";
    found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(span_text(body, found[0].claim).find("Add a comment explaining what `double()`") !=
          std::string::npos);
}

TEST_CASE("rules/comment: every listed name must have one for the claim to be wrong") {
    const auto change = rules_test::added_file("retry.py", k_python);
    const auto found = check_kind(k_kind, "`retry` and `double` lack comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "retry double");
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/comment: a name outside the change stays open, questions make no claim") {
    const auto change = rules_test::added_file("retry.py", k_python);
    auto found = check_kind(k_kind, "`schedule` has no comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    CHECK(check_kind(k_kind, "Does `retry` have any comments?", change).empty());
    CHECK(check_kind(k_kind, "The comments in `retry` are helpful.", change).empty());
    // Docstring claims are another kind's.
    CHECK(check_kind(k_kind, "`double` has no docstring or comment.", change).empty());
}

TEST_CASE("rules/comment: java, a comment right above the method counts") {
    const auto change = rules_test::added_file("src/Queue.java", R"(public class Queue {
    // Drops the oldest entry when full.
    public void push(int item) {
        store(item);
    }

    public int pop() {
        return take();
    }
}
)");
    auto found = check_kind(k_kind, "`push` has no comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2});

    found = check_kind(k_kind, "`pop` has no comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/comment: c, block comments inside the function") {
    const auto change = rules_test::added_file("buf.c", R"(#include <string.h>

int buf_copy(char *dst, const char *src, int n) {
    /* leave room for the terminator */
    strncpy(dst, src, n - 1);
    return n;
}

int buf_len(const char *s) {
    return (int)strlen(s);
}
)");
    auto found = check_kind(k_kind, "`buf_copy` lacks comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{4});

    found = check_kind(k_kind, "`buf_len` is without any comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/comment: typescript methods") {
    const auto change = rules_test::added_file("src/store.ts", R"(export class Store {
  load(id: number): string {
    // ids below 1 are reserved
    return String(id);
  }

  save(value: string): void {
    console.log(value);
  }
}
)");
    auto found = check_kind(k_kind, "Consider adding a comment to `load`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3});

    found = check_kind(k_kind, "`save` doesn't have any comments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/comment: a call for comments on the added code that the change already comments") {
    // JavaScript: the added query comes with a comment.
    const std::string js_base =
        "async function ids(db, tag) {\n  return db.all('SELECT id FROM t', [tag]);\n}\n";
    const std::string js_head =
        "async function ids(db, tag) {\n  // Notes tagged with the tag or any of its children\n  return "
        "db.all(`WITH RECURSIVE sub(id) AS (SELECT id FROM t)`, [tag]);\n}\n";
    auto change = rules_test::modified_file("notes.js", js_base, js_head);
    auto found =
        check_kind("comment-presence", "It would help to add comments to explain what it does.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2});
    // Asking for more or better comments presumes there are some: no claim.
    CHECK(check_kind("comment-presence", "Add more comments to explain what it does.", change).empty());
    // JavaScript, accurate: the added code has no comment.
    change = rules_test::modified_file("notes.js", js_base,
        "async function ids(db, tag) {\n  return db.all('SELECT id FROM u', [tag]);\n}\n");
    found = check_kind("comment-presence", "Please add a comment explaining the query.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    // Python: a short addition with a comment.
    change = rules_test::modified_file("calc.py", "def area(r):\n    return 3 * r * r\n",
        "import math\n\n\ndef area(r):\n    # exact circle area, not the old estimate\n    return math.pi * "
        "r * r\n");
    found = check_kind("comment-presence", "Consider adding a comment to explain the logic.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // A TODO or commented-out code explains nothing: the claim stands.
    change = rules_test::modified_file("calc.py", "def area(r):\n    return 3 * r * r\n",
        "def area(r):\n    # TODO: check the old estimate again\n    return 3.14 * r * r\n");
    found = check_kind("comment-presence", "Consider adding a comment to explain the logic.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // Python, unverifiable: over a long addition one comment does not settle it.
    std::string long_head = "def area(r):\n    # compute\n";
    for (int i = 0; i < 20; ++i) {
        long_head += "    r = r + " + std::to_string(i) + "\n";
    }
    long_head += "    return r\n";
    change = rules_test::modified_file("calc.py", "def area(r):\n    return r\n", long_head);
    found = check_kind("comment-presence", "Consider adding a comment to explain the logic.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/comment: overloads that differ leave the claim open") {
    const auto cpp = rules_test::added_file("ring.hpp",
        "class Ring {\n public:\n  // Copies the value in.\n  void push(const int& value) {}\n\n"
        "  void push(int&& value) {}\n};\n");
    const auto found = check_kind(k_kind, "The rvalue overload of `push` has no comment.", cpp);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}
