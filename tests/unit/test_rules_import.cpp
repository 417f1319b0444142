// rules/kind_import: "inconsistent with the other imports" presumes other imports; "move
// it to the top" presumes code before it; "`x` is not imported" is wrong when an import
// binds `x`.
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

const char* const k_kind = "import";

// A docstring and a comment before the only import.
const char* const k_single = R"("""Serialisation helpers."""
# stdlib only
import json


def dump(obj):
    return json.dumps(obj)
)";

// Code before the second import.
const char* const k_late = R"(import os

CACHE_DIR = os.path.expanduser("~/.cache")
import shutil


def clear():
    shutil.rmtree(CACHE_DIR)
)";

}  // namespace

TEST_CASE("rules/import: the only import cannot be inconsistent with the others") {
    const auto change = rules_test::added_file("ser.py", k_single);
    const std::string body = "The import of `json` is not consistent with the other imports.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "json");
    CHECK(span_text(body, found[0].claim).find("not consistent with the other imports") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{3});
}

TEST_CASE("rules/import: consistency among several imports is left open") {
    const auto change = rules_test::added_file("cache.py", k_late);
    const auto found =
        check_kind(k_kind, "The import of `shutil` is inconsistent with the other imports.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/import: moving to the top") {
    auto change = rules_test::added_file("cache.py", k_late);
    const std::string body = "The import of `shutil` should be moved to the top of the file.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(
        span_text(body, found[0].claim).find("should be moved to the top of the file") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{3});

    // Only a docstring and a comment precede it: it is at the top already.
    change = rules_test::added_file("ser.py", k_single);
    found = check_kind(k_kind, "The import of `json` should be moved to the top of the file.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3});
}

TEST_CASE("rules/import: java, a package line is no code before the imports") {
    const auto change = rules_test::added_file("src/Names.java", R"(package app.util;

// collections
import java.util.List;

public class Names {
    List<String> all;
}
)");
    const auto found =
        check_kind(k_kind, "The import of `List` should be moved to the top of the file.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{4});
}

TEST_CASE("rules/import: 'not imported'") {
    const auto change = rules_test::added_file("cache.py", k_late);
    const std::string body = "`shutil` is not imported, so `clear` fails.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(span_text(body, found[0].claim).find("`shutil` is not imported") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{4});

    found = check_kind(k_kind, "`tempfile` is not imported.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/import: questions and unnamed imports make no checkable claim") {
    const auto change = rules_test::added_file("cache.py", k_late);
    CHECK(
        check_kind(k_kind, "Should the import of `shutil` be moved to the top of the file?", change).empty());
    CHECK(check_kind(k_kind, "Is `tempfile` imported?", change).empty());
    // Two imports and no name: which one is meant cannot be told.
    const auto found = check_kind(k_kind, "This import should be moved to the top of the file.", change);
    for (const auto& f : found) {
        CHECK(f.verdict == Verdict::unverifiable);
    }
}

TEST_CASE("rules/import: \"not imported\" with a place this check does not read") {
    const auto py =
        rules_test::added_file("netrc.py", "import os\n\n\ndef owner():\n    import pwd\n    return pwd\n");
    CHECK(rules_test::check_kind("import", "`pwd` is not imported at module level.", py).empty());
    CHECK(rules_test::check_kind("import", "`os` is not imported there, only here.", py).empty());
    const auto found = rules_test::check_kind("import", "`os` is not imported.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == rules::Verdict::inaccurate);
}
