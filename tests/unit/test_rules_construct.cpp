// rules/kind_construct: "the code uses `eval`", "the method calls `Thread.sleep()`",
// "this function is missing a return statement". Names the code refers to at head
// settle it: not comments; strings and other files leave it open; the old side of the
// diff is the reviewer reading the wrong side. Proposals claim nothing.
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

const char* const k_kind = "construct-use";

const char* const k_python = R"(import ast


def compute(expr):
    # never unpickle user input here
    value = eval(expr)
    label = "exec is not used"
    return ast.literal_eval(str(value)), label
)";

}  // namespace

TEST_CASE("rules/construct: python, a name only in a comment is not used") {
    const auto change = rules_test::added_file("calc.py", k_python);
    const std::string body = "The code uses `unpickle` to read the value.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "unpickle");
    CHECK(span_text(body, found[0].claim).find("uses `unpickle`") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{5});
}

TEST_CASE("rules/construct: python, a name that occurs nowhere is not used") {
    const auto change = rules_test::added_file("calc.py", k_python);
    const auto found = check_kind(k_kind, "This function uses `subprocess` to run it.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].evidence.empty());
}

TEST_CASE("rules/construct: python, a call that is there") {
    const auto change = rules_test::added_file("calc.py", k_python);
    auto found = check_kind(k_kind, "The code uses `eval` on user input.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{6});

    found = check_kind(k_kind, "It calls `ast.literal_eval()` on the result.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "literal_eval");
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{8});
}

TEST_CASE("rules/construct: a name only inside a string stays open") {
    const auto change = rules_test::added_file("calc.py", k_python);
    const auto found = check_kind(k_kind, "The code uses `exec` as well.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/construct: proposals and negations make no use claim") {
    const auto change = rules_test::added_file("calc.py", k_python);
    CHECK(check_kind(k_kind, "Consider using `ast.literal_eval` everywhere.", change).empty());
    CHECK(check_kind(k_kind, "It would be safer if it uses `literal_eval` only.", change).empty());
    CHECK(check_kind(k_kind, "The code does not use `subprocess`.", change).empty());
}

TEST_CASE("rules/construct: the old side of the diff") {
    const auto change =
        rules_test::modified_file("conf.py", "import yaml\n\n\ndef read(text):\n    return yaml.load(text)\n",
            "import json\n\n\ndef read(text):\n    return json.loads(text)\n");
    const auto found = check_kind(k_kind, "The code still uses `yaml` here.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    REQUIRE(found[0].evidence.size() == 1);
    CHECK(found[0].evidence[0].path.find("conf.py") != std::string::npos);
    // The import (line 1) or the call (line 5) of the old file: either shows the use.
    CHECK((found[0].evidence[0].line == 1 || found[0].evidence[0].line == 5));
}

TEST_CASE("rules/construct: a missing return in code that returns") {
    const auto change = rules_test::added_file("calc.py", k_python);
    const auto found = check_kind(k_kind, "This function is missing a return statement.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{8});

    const auto silent = rules_test::added_file("log.py", "def log(msg):\n    print(msg)\n");
    const auto open = check_kind(k_kind, "This function is missing a return statement.", silent);
    REQUIRE(open.size() == 1);
    CHECK(open[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/construct: java calls") {
    const auto change = rules_test::added_file("src/Poller.java", R"(public class Poller {
    public void poll() throws InterruptedException {
        synchronized (this) {
            wait(100);
        }
        Thread.sleep(50);
    }
}
)");
    auto found = check_kind(k_kind, "The method calls `Thread.sleep()` in a loop.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{6});

    // Two names: wrong when any one of them is not used.
    found = check_kind(k_kind, "It uses `wait()` and `notify()` for signalling.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "wait notify");
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/construct: javascript") {
    const auto change = rules_test::added_file("src/view.js", R"(export function show(sel, html) {
  const el = document.querySelector(sel);
  el.textContent = html;
}
)");
    auto found = check_kind(k_kind, "The code calls `querySelector()` for every item.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{2});

    found = check_kind(k_kind, "The code uses `innerHTML`, which is unsafe.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/construct: go") {
    const auto change = rules_test::added_file("main.go", R"(package main

import "fmt"

func main() {
	fmt.Println("ready")
}
)");
    auto found = check_kind(k_kind, "The code uses `fmt.Println` for logging.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{6});

    found = check_kind(k_kind, "The code calls `os.Exit` on failure.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "Exit");
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/construct: a bare word that occurs nowhere may be prose") {
    const auto js =
        rules_test::added_file("check.js", "'use strict'\nconst { redact } = require('redact')\n");
    // "CommonJS" is no name in the code: nothing settled.
    for (const auto& f : check_kind(k_kind, "The file uses CommonJS and `require` calls.", js)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
    // Written as code, a name that occurs nowhere is wrong.
    const auto found = check_kind(k_kind, "The file uses `importModule` for loading.", js);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/construct: a named function's return, and the code before the change") {
    const auto py = rules_test::added_file(
        "stats.py", "def total(values):\n    return sum(values)\n\n\ndef reset(stats):\n    stats.clear()\n");
    auto found = check_kind(k_kind, "`reset` has no return statement.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "`total` has no return statement.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // About the old code: not settled against the new.
    CHECK(check_kind(k_kind, "The previous implementation uses `warnings.warn` here.", py).empty());
}
