// rules/kind_docstring: "`f` has no docstring", "add a docstring to `g`", "methods have
// docstrings". Python reads the first statement of the body; other languages a doc
// comment right above the definition.
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

const char* const k_kind = "docstring-presence";

const char* const k_python = R"(class Parser:
    """Parses configuration text."""

    def parse(self, text):
        return text.split()

    def reset(self):
        """Forget everything read so far."""
        self.buffer = []
)";

}  // namespace

TEST_CASE("rules/docstring: python, saying a documented class has none is wrong") {
    const auto change = rules_test::added_file("parser.py", k_python);
    const std::string body = "The `Parser` class has no docstring.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "Parser");
    CHECK(found[0].claim.negated);
    CHECK(span_text(body, found[0].claim).find("The `Parser`") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{2});
}

TEST_CASE("rules/docstring: python, an undocumented method") {
    const auto change = rules_test::added_file("parser.py", k_python);
    auto found = check_kind(k_kind, "`parse` has no docstring.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{4});

    // "Add a docstring" implies there is none.
    const std::string body = "Please add a docstring to `parse`.";
    found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(span_text(body, found[0].claim).find("add a docstring to `parse`") != std::string::npos);

    found = check_kind(k_kind, "Please add a docstring to `reset`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{8});
}

TEST_CASE("rules/docstring: python, a sweeping claim is wrong when one added method lacks one") {
    const auto change = rules_test::added_file("parser.py", k_python);
    const auto found = check_kind(k_kind, "The new code has docstrings for classes and methods.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{4});

    const auto documented = rules_test::added_file("doc.py", R"(def area(r):
    """Area of a circle."""
    return 3.14 * r * r
)");
    const auto all = check_kind(k_kind, "The change includes docstrings for functions.", documented);
    REQUIRE(all.size() == 1);
    CHECK(all[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/docstring: open when the name is not in the change or is defined both ways") {
    const auto change = rules_test::added_file("parser.py", k_python);
    auto found = check_kind(k_kind, "`render_page` has no docstring.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    const auto twice = rules_test::added_file("jobs.py", R"(class Daily:
    def run(self):
        """Run daily."""


class Hourly:
    def run(self):
        pass
)");
    found = check_kind(k_kind, "`run` has no docstring.", twice);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/docstring: questions make no claim") {
    const auto change = rules_test::added_file("parser.py", k_python);
    CHECK(check_kind(k_kind, "Does `parse` need a docstring?", change).empty());
    CHECK(check_kind(k_kind, "Is there a docstring for `parse`?", change).empty());
}

TEST_CASE("rules/docstring: java javadoc above the method") {
    const auto change = rules_test::added_file("src/Pricing.java", R"(public class Pricing {
    /**
     * Computes the price with tax.
     */
    public double gross(double net) {
        return net * 1.2;
    }

    public double net(double gross) {
        return gross / 1.2;
    }
}
)");
    const std::string body = "`gross` is missing a Javadoc comment.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2});

    found = check_kind(k_kind, "`net` has no Javadoc.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{9});
}

TEST_CASE("rules/docstring: go doc comments") {
    const auto change = rules_test::added_file("cache/cache.go", R"(package cache

// Get returns the cached value.
func Get(key string) string {
	return key
}

func Put(key, value string) {
}
)");
    auto found = check_kind(k_kind, "`Get` lacks a doc comment.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3});

    found = check_kind(k_kind, "`Put` has no doc comment.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{8});
}

TEST_CASE("rules/docstring: rust doc comments") {
    const auto change = rules_test::added_file("src/lib.rs", R"(/// Doubles a number.
pub fn double(x: i32) -> i32 {
    x * 2
}

pub fn halve(x: i32) -> i32 {
    x / 2
}
)");
    auto found = check_kind(k_kind, "`double` has no doc comment.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{1});

    found = check_kind(k_kind, "`halve` has no doc comment.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

// "Not aligned" speaks of the quotes, not of the docstring being absent.
TEST_CASE("rules/docstring: a sentence about the docstring's quotes says nothing about its presence", "") {
    const auto change = rules_test::added_file("loader.py", R"(def load(path):
    """Load the file.

        """
    return path
)");
    const auto found = check_kind(k_kind,
        "The closing quotes of the docstring in `load` are not aligned with the opening ones.", change);
    for (const auto& f : found) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
}

// Each clause keeps its own polarity, elliptical ones ("but `parse` does not") too.

TEST_CASE("rules/docstring: which names the sentence speaks of") {
    const auto py = rules_test::added_file("parser.py", k_python);
    // "Unlike `reset`, `parse` has no docstring": `reset` has one, and `parse` none.
    auto found = check_kind(k_kind, "Unlike `reset`, the `parse` method has no docstring.", py);
    REQUIRE(found.size() == 2);
    for (const auto& f : found) {
        INFO(f.claim.subject);
        CHECK(f.verdict == Verdict::accurate);
    }
    // ... and the reverse is wrong on both counts.
    found = check_kind(k_kind, "Unlike `parse`, the `reset` method has no docstring.", py);
    REQUIRE(found.size() == 2);
    for (const auto& f : found) {
        INFO(f.claim.subject);
        CHECK(f.verdict == Verdict::inaccurate);
    }
    // Names listed together share the claim; the object of another verb does not.
    found = check_kind(k_kind, "`Parser` and `reset` have docstrings.", py);
    CHECK(found.size() == 2);
    found = check_kind(k_kind, "It has a docstring for `reset` and introduces a helper `parse`.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "reset");
    CHECK(found[0].verdict == Verdict::accurate);

    // Go: "the methods of `Client`" are what the claim is about, not `Client`.
    const auto go = rules_test::added_file("client.go",
        "package client\n\n// Client talks to the proxy.\ntype Client struct{}\n\n"
        "func (c *Client) Dial() error { return nil }\n");
    CHECK(check_kind(k_kind, "None of the methods on `Client` have doc comments.", go).empty());

    // Rust: a field and its getter share a name; the claim may mean either.
    const auto rs = rules_test::added_file("stats.rs",
        "pub struct Stats {\n    skipped: u64,\n}\n\nimpl Stats {\n"
        "    /// The files skipped.\n    pub fn skipped(&self) -> u64 {\n        self.skipped\n    }\n}\n");
    found = check_kind(k_kind, "`skipped` has no doc comment.", rs);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/docstring: neither/nor and plain comments") {
    const auto py = rules_test::added_file("parser.py", k_python);
    // `parse` has none; "neither ... nor" says so of both, and `reset` has one.
    auto found = check_kind(k_kind, "Neither `parse` nor `reset` has a docstring.", py);
    REQUIRE(found.size() == 2);
    CHECK(found[0].claim.negated);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(found[1].verdict == Verdict::inaccurate);
    // "a plain comment, not a doc comment" says there is none.
    found = check_kind(k_kind, "`parse` has a plain comment, not a docstring.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.negated);

    // Java: a `//` comment above a method is not Javadoc, nor clearly its absence.
    const auto java = rules_test::added_file("Joiner.java",
        "class Joiner {\n  // Bulk variant.\n  void addAll() {}\n\n  /** Adds one. */\n  void add() {}\n}\n");
    found = check_kind(k_kind, "`addAll` has no Javadoc.", java);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
    found = check_kind(k_kind, "`add` has no Javadoc.", java);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/docstring: what a docstring says, and presence said of other names") {
    const auto py = rules_test::added_file("parser.py", k_python);
    // About its content, not its presence.
    for (const char* body : {"The docstring of `reset` is missing any mention of `buffer`.",
             "`reset`'s docstring has no doctest example.",
             "The docstring for `reset` lacks a `Returns:` section."}) {
        INFO(body);
        CHECK(check_kind(k_kind, body, py).empty());
    }
    // Presence said of the names right before it, not of an earlier subject.
    CHECK(check_kind(
        k_kind, "`parse` gains a `strict` flag and a `mode` option, both documented with docstrings.", py)
              .empty());
    const auto found = check_kind(k_kind, "The docstring for `parse` is missing.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}
