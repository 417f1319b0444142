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
