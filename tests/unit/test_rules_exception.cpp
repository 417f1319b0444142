// rules/kind_exception: "the code catches `ValueError`", "no error handling around
// `load()`". Try blocks and their caught types settle it; a catch-all may catch anything
// and leaves a named type open.
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

const char* const k_kind = "exception-handling";

const char* const k_python = R"(import json


def read_config(path):
    with open(path) as handle:
        text = handle.read()
    try:
        return json.loads(text)
    except ValueError:
        return {}


def save(data):
    write(data)
)";

}  // namespace

TEST_CASE("rules/exception: python, catching a type no handler names is wrong") {
    const auto change = rules_test::added_file("config.py", k_python);
    const std::string body = "The function catches `KeyError` and returns an empty dict.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "KeyError");
    CHECK(span_text(body, found[0].claim).find("catches `KeyError`") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{7});
}

TEST_CASE("rules/exception: python, the caught type") {
    const auto change = rules_test::added_file("config.py", k_python);
    const auto found = check_kind(k_kind, "The code catches `ValueError` when the JSON is bad.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{7});
}

TEST_CASE("rules/exception: python, no error handling around a call inside a try") {
    const auto change = rules_test::added_file("config.py", k_python);
    const std::string body = "There is no error handling around `json.loads()` here.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.negated);
    CHECK(
        span_text(body, found[0].claim).find("no error handling around `json.loads()`") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{7, 8});

    // A call outside every try: the claim may well be right, but the checker does not say.
    found = check_kind(k_kind, "There is no error handling around `write()`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/exception: no try block at all") {
    const auto change = rules_test::added_file("plain.py", "def f(x):\n    return int(x)\n");
    const auto found = check_kind(k_kind, "The function catches `ValueError`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].evidence.empty());
}

TEST_CASE("rules/exception: catch-alls leave a named type open; hedges make no claim") {
    const auto change = rules_test::added_file("loose.py", R"(def risky(op):
    try:
        op()
    except Exception:
        pass
)");
    auto found = check_kind(k_kind, "The code catches `TimeoutError`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    CHECK(check_kind(k_kind, "Does the code catch `TimeoutError`?", change).empty());
    CHECK(check_kind(k_kind, "It should catch `TimeoutError` too.", change).empty());
}

TEST_CASE("rules/exception: java catch clauses") {
    const auto change = rules_test::added_file("src/Loader.java", R"(import java.io.IOException;

public class Loader {
    public String load(String path) {
        try {
            return read(path);
        } catch (IOException e) {
            return "";
        }
    }
}
)");
    auto found = check_kind(k_kind, "This method catches `IOException`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{5});

    found = check_kind(k_kind, "This method catches `SQLException`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{5});

    found = check_kind(k_kind, "There is no exception handling for `read()`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{5, 6});
}

TEST_CASE("rules/exception: javascript catch binds anything") {
    const auto change = rules_test::added_file("src/fetch.js", R"(async function get(url) {
  try {
    return await fetch(url);
  } catch (err) {
    return null;
  }
}
)");
    auto found = check_kind(k_kind, "The code catches `TypeError`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    found = check_kind(k_kind, "There is no error handling around `fetch()`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2, 3});
}

TEST_CASE("rules/exception: c++ qualified types match by their last name") {
    const auto change = rules_test::added_file("src/parse.cpp", R"(#include <stdexcept>
#include <string>

int parse(const std::string& s) {
    try {
        return std::stoi(s);
    } catch (const std::invalid_argument& e) {
        return 0;
    }
}
)");
    auto found = check_kind(k_kind, "The function catches `std::invalid_argument`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "invalid_argument");
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{5});

    found = check_kind(k_kind, "The function catches `std::out_of_range`.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/exception: a call in a handler is not guarded; Go has no exceptions") {
    const auto py = rules_test::added_file("run.py",
        "def run(job, on_error):\n    try:\n        job()\n    except Exception:\n        on_error()\n\n\n"
        "def again(job):\n    try:\n        job()\n    except ValueError:\n        pass\n");
    // `on_error()` runs in the handler: a raise there escapes.
    auto found = check_kind(k_kind, "There is no error handling around `on_error()`.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // Every call of `job()` is in a try body.
    found = check_kind(k_kind, "There is no error handling around `job()`.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    const auto go = rules_test::added_file("read.go",
        "package read\n\nimport \"io\"\n\nfunc Next(r io.Reader) error {\n\tif err == io.EOF {\n"
        "\t\treturn nil\n\t}\n\treturn nil\n}\n");
    for (const auto& f : check_kind(k_kind, "This function handles `io.EOF`.", go)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
}
