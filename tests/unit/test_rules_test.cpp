// rules/kind_test: "this is a unit test" against the directory the test is filed in;
// "the tests cover various scenarios" against the number of tests the change adds.
// What the assertions mean is left open.
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

const char* const k_kind = "test-semantics";

const char* const k_one_test = R"(import unittest


class ApiTest(unittest.TestCase):
    def test_create_returns_id(self):
        self.assertEqual(create(), 1)
)";

const char* const k_two_tests = R"(def test_empty():
    assert parse("") == []


def test_single():
    assert parse("a") == ["a"]
)";

}  // namespace

TEST_CASE("rules/test: a functional test called a unit test") {
    const auto change = rules_test::added_file("tests/functional/test_api.py", k_one_test);
    const std::string body = "Overall, this is a unit test of the create endpoint.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.object == "unit");
    CHECK(span_text(body, found[0].claim) == "this is a unit test");
    REQUIRE_FALSE(found[0].evidence.empty());
    CHECK(found[0].evidence[0].path == "tests/functional/test_api.py");
}

TEST_CASE("rules/test: the kind its directory gives") {
    auto change = rules_test::added_file("tests/unit/test_api.py", k_one_test);
    auto found = check_kind(k_kind, "The code appears to be a unit test.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    change = rules_test::added_file("service/integration/test_flow.py", k_one_test);
    found = check_kind(k_kind, "This looks like an integration test.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "This looks like a unit test.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/test: no kind in the path, or a negated claim") {
    const auto change = rules_test::added_file("test_api.py", k_one_test);
    const auto found = check_kind(k_kind, "This is a unit test.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    const auto functional = rules_test::added_file("tests/functional/test_api.py", k_one_test);
    CHECK(check_kind(k_kind, "This is not a unit test.", functional).empty());
    CHECK(check_kind(k_kind, "Is this a unit test?", functional).empty());
}

TEST_CASE("rules/test: various scenarios from a single test") {
    const auto change = rules_test::added_file("tests/unit/test_api.py", k_one_test);
    const std::string body = "The tests cover various scenarios.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(span_text(body, found[0].claim).find("tests cover various scenarios") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{5});

    const auto two = rules_test::added_file("tests/unit/test_parse.py", k_two_tests);
    const auto open = check_kind(k_kind, "The tests cover various scenarios.", two);
    REQUIRE(open.size() == 1);
    CHECK(open[0].verdict == Verdict::unverifiable);
}
