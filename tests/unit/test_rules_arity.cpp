// rules/kind_arity: "`f` takes four arguments". The parameter list of the definition
// settles it; counts with and without the receiver are both right; a variadic list and a
// name not defined in the change stay open.
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

const char* const k_python = R"(import socket


class Client:
    def connect(self, host, port):
        return socket.create_connection((host, port))

    def log(self, fmt, *args):
        print(fmt % args)
)";

}  // namespace

TEST_CASE("rules/arity: python, a wrong count is flagged at the definition") {
    const auto change = rules_test::added_file("client.py", k_python);
    const std::string body = "The `connect` method takes four arguments, which is a lot.";
    const auto found = check_kind("arity", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "connect");
    CHECK(found[0].claim.number == 4);
    CHECK(span_text(body, found[0].claim).find("`connect` method takes four arguments") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{5});
    CHECK(found[0].evidence[0].text == "def connect(self, host, port):");
}

TEST_CASE("rules/arity: python, counts with and without self are both right") {
    const auto change = rules_test::added_file("client.py", k_python);
    for (const std::string body : {"`connect` takes three arguments.", "`connect` takes two arguments.",
             "`connect` accepts only 2 parameters."}) {
        const auto found = check_kind("arity", body, change);
        REQUIRE(found.size() == 1);
        CHECK(found[0].verdict == Verdict::accurate);
        CHECK(evidence_lines(found[0]) == Ints{5});
    }
}

TEST_CASE("rules/arity: python, a variadic function takes any count") {
    const auto change = rules_test::added_file("client.py", k_python);
    const auto found = check_kind("arity", "`log` takes five arguments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/arity: a name the change does not define stays open") {
    const auto change = rules_test::added_file("client.py", k_python);
    const auto found = check_kind("arity", "`disconnect` takes one argument.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/arity: hedges, suggestions and questions make no arity claim") {
    const auto change = rules_test::added_file("client.py", k_python);
    CHECK(check_kind("arity", "Maybe `connect` should take a single options argument.", change).empty());
    CHECK(check_kind("arity", "How many arguments does `connect` take?", change).empty());
    CHECK(check_kind("arity", "`connect` takes many arguments.", change).empty());
}

TEST_CASE("rules/arity: java overloads, the count must match none of them to be wrong") {
    const auto change = rules_test::added_file("MathUtil.java", R"(public class MathUtil {
    public static int add(int a, int b) {
        return a + b;
    }

    public static int add(int a, int b, int c) {
        return a + b + c;
    }
}
)");
    auto found = check_kind("arity", "`add` accepts four parameters.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2, 6});

    found = check_kind("arity", "`add` accepts three parameters.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{6});

    found = check_kind("arity", "`MathUtil.add()` takes two arguments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "add");
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{2});
}

TEST_CASE("rules/arity: go, grouped parameters count one by one") {
    const auto change = rules_test::added_file("geom/scale.go", R"(package geom

// Scale multiplies a point.
func Scale(x, y float64, factor int) (float64, float64) {
	return x * float64(factor), y * float64(factor)
}
)");
    const std::string body = "Note that `Scale` expects three arguments.";
    auto found = check_kind("arity", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(span_text(body, found[0].claim).find("`Scale` expects three arguments") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{4});

    found = check_kind("arity", "`Scale` expects two arguments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{4});
}

TEST_CASE("rules/arity: rust, the self receiver may be counted or not") {
    const auto change = rules_test::added_file("src/rect.rs", R"(pub struct Rect {
    w: u32,
}

impl Rect {
    pub fn scaled(&self, by: u32) -> u32 {
        self.w * by
    }
}
)");
    for (const std::string body : {"`scaled` takes one argument.", "`scaled` takes two arguments."}) {
        const auto found = check_kind("arity", body, change);
        REQUIRE(found.size() == 1);
        CHECK(found[0].verdict == Verdict::accurate);
        CHECK(evidence_lines(found[0]) == Ints{6});
    }
    const auto found = check_kind("arity", "`scaled` takes three arguments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/arity: c, a variadic function stays open and a fixed one is counted") {
    const auto change = rules_test::added_file("log.c", R"(#include <stdarg.h>

int log_line(const char *fmt, ...) {
    return 0;
}

int clamp(int v, int lo, int hi) {
    return v < lo ? lo : v > hi ? hi : v;
}
)");
    auto found = check_kind("arity", "`log_line` takes one parameter.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    found = check_kind("arity", "`clamp` takes two parameters.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{7});
}

TEST_CASE("rules/arity: javascript, a rest parameter takes any count") {
    const auto change = rules_test::added_file("web/render.js", R"(export function render(items, options) {
  return items.length + options.size;
}

export function merge(...parts) {
  return parts.join('');
}
)");
    auto found = check_kind("arity", "`render` only takes one argument.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{1});

    found = check_kind("arity", "`merge` takes two arguments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

// Go and Java variadic parameters (`parts ...string`, `int... rest`) take any count.
TEST_CASE("rules/arity: go and java variadic parameters take any count") {
    const auto go = rules_test::added_file("text/join.go", R"(package text

func Join(sep string, parts ...string) string {
	return sep
}
)");
    auto found = check_kind("arity", "`Join` takes three arguments.", go);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    const auto java = rules_test::added_file("src/Sum.java", R"(public class Sum {
    public static int of(int first, int... rest) {
        return first;
    }
}
)");
    found = check_kind("arity", "`of` takes three arguments.", java);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/arity: python keyword-only marker is no parameter") {
    const auto change = rules_test::added_file("opts.py", R"(def configure(path, *, strict=False):
    return path, strict
)");
    const auto found = check_kind("arity", "`configure` takes two arguments.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/arity: a count of the code before the change is not checked against head") {
    const auto change = rules_test::modified_file(
        "zpipe.c", "void zerr(int ret) {\n}\n", "void zerr(const char *prog, int ret) {\n}\n");
    CHECK(check_kind("arity", "In the base version, `zerr` takes one parameter.", change).empty());
    CHECK(check_kind("arity", "Previously `zerr` takes one parameter.", change).empty());
    const auto found = check_kind("arity", "`zerr` takes one parameter.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/arity: parameters with defaults make the required count fair") {
    const auto py = rules_test::added_file("sched.py",
        "class S:\n    def enter(self, delay, priority, action, argument=(), kwargs=None):\n        pass\n");
    // Three required besides `self`, four or five with the optional ones.
    for (const char* body : {"`enter` requires three arguments.", "`enter` takes four arguments."}) {
        INFO(body);
        const auto found = check_kind("arity", body, py);
        REQUIRE(found.size() == 1);
        CHECK(found[0].verdict != Verdict::inaccurate);
    }
    // Fewer than the required ones is still wrong.
    const auto found = check_kind("arity", "`enter` takes two arguments.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // TypeScript optional and C++ default parameters.
    const auto ts = rules_test::added_file(
        "f.ts", "function get(key: string, fallback?: string): string {\n  return key;\n}\n");
    CHECK(check_kind("arity", "`get` takes one argument.", ts).front().verdict != Verdict::inaccurate);
    const auto cpp = rules_test::added_file("f.cpp", "void resize(int capacity, bool shrink = false) {\n}\n");
    CHECK(check_kind("arity", "`resize` requires one argument.", cpp).front().verdict != Verdict::inaccurate);
}
