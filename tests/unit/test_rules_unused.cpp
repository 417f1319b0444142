// rules/kind_unused: "`x` is never used", "unused import `os`", "the imports that are
// not used". References in the name's scope settle it; a function without references
// may be used from elsewhere and stays open.
#include <algorithm>
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

const char* const k_python = R"(import os
import json


def fetch(url, timeout):
    data = json.loads(url)
    return data


def handle(request, verbose):
    if verbose:
        print(request)
)";

// Every evidence line is LINE (a name defined twice, say as a parameter and in the
// parameter list, may cite the same use twice).
bool all_at(const rules::Finding& f, int line) {
    const auto lines = evidence_lines(f);
    return !lines.empty() && std::all_of(lines.begin(), lines.end(), [&](int l) { return l == line; });
}

}  // namespace

TEST_CASE("rules/unused: python, a parameter that is read is flagged with its use") {
    const auto change = rules_test::added_file("net.py", k_python);
    const std::string body = "In `handle`, the parameter `verbose` is not used.";
    const auto found = check_kind("unused", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.subject == "verbose");
    CHECK(span_text(body, found[0].claim).find("`verbose` is not used") != std::string::npos);
    CHECK(all_at(found[0], 11));
}

TEST_CASE("rules/unused: python, a parameter never read is accurate") {
    const auto change = rules_test::added_file("net.py", k_python);
    const std::string body = "`timeout` is never used.";
    const auto found = check_kind("unused", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(span_text(body, found[0].claim) == "`timeout` is never used");
}

TEST_CASE("rules/unused: python imports") {
    const auto change = rules_test::added_file("net.py", k_python);
    auto found = check_kind("unused", "There is an unused import `os` here.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    const std::string body = "The unused import `json` should go.";
    found = check_kind("unused", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(span_text(body, found[0].claim).find("unused import `json`") != std::string::npos);
    CHECK(all_at(found[0], 6));

    // The sweeping form: one unused import makes it right, and it points at that import.
    found = check_kind("unused", "Remove the imports that are not used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(evidence_lines(found[0]) == Ints{1});

    const auto all_used = rules_test::added_file("ok.py", "import json\n\nprint(json.dumps({}))\n");
    found = check_kind("unused", "There are unused imports.", all_used);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3});
}

TEST_CASE("rules/unused: names not defined in the change, and functions, stay open") {
    const auto change = rules_test::added_file("net.py", k_python);
    auto found = check_kind("unused", "`cache_dir` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    // A function nobody in the change calls may be called from other files.
    found = check_kind("unused", "The function `handle` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/unused: hedges and suggestions make no claim") {
    const auto change = rules_test::added_file("net.py", k_python);
    CHECK(check_kind("unused", "`timeout` might not be needed.", change).empty());
    CHECK(check_kind("unused", "Make sure `timeout` is used.", change).empty());
    CHECK(check_kind("unused", "Is `timeout` used anywhere?", change).empty());
}

TEST_CASE("rules/unused: javascript parameters") {
    const auto change = rules_test::added_file("server/handler.js", R"(function handle(req, res) {
  res.send('ok');
}

module.exports = handle;
)");
    auto found = check_kind("unused", "`req` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind("unused", "`res` is not used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(all_at(found[0], 2));
}

TEST_CASE("rules/unused: go parameters and local variables") {
    const auto change = rules_test::added_file("calc/sum.go", R"(package calc

func Sum(values []int, scale int) int {
	total := 0
	for _, v := range values {
		total += v
	}
	return total
}
)");
    auto found = check_kind("unused", "`scale` is unused.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind("unused", "`values` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(all_at(found[0], 5));

    const std::string body = "The variable `total` is never used.";
    found = check_kind("unused", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(span_text(body, found[0].claim) == "The variable `total` is never used");
    const auto lines = evidence_lines(found[0]);
    REQUIRE_FALSE(lines.empty());
    CHECK((lines[0] == 6 || lines[0] == 8));
}

TEST_CASE("rules/unused: java, a field read in a method is used") {
    const auto change = rules_test::added_file("src/Counter.java", R"(public class Counter {
    private int step = 1;
    private int unusedLimit = 10;

    public int next(int current) {
        return current + step;
    }
}
)");
    auto found = check_kind("unused", "The field `step` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(all_at(found[0], 6));

    found = check_kind("unused", "The field `unusedLimit` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

// A question asks; it claims nothing.
TEST_CASE("rules/unused: a question asks, it does not claim") {
    const auto change = rules_test::added_file("net.py", k_python);
    for (const auto& f : check_kind("unused", "`verbose` is not used?", change)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
}

TEST_CASE("rules/unused: a question with the verb first makes no claim") {
    const auto change = rules_test::added_file("net.py", k_python);
    for (const auto& f : check_kind("unused", "Wait, is `verbose` never used?", change)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
}

TEST_CASE("rules/unused: a function said never to be called") {
    // Python: called from another function.
    const std::string py = "def helper(x):\n    return x * 2\n\n\ndef main():\n    print(helper(3))\n";
    auto change = rules_test::added_file("tool.py", py);
    std::string body = "The `helper` function is never called.";
    auto found = check_kind("unused", body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{6});
    CHECK(span_text(body, found[0].claim) == "The `helper` function is never called");
    // Python: only its own recursive call; another file may call it: left open.
    change = rules_test::added_file("tool.py", "def walk(n):\n    if n:\n        walk(n - 1)\n");
    found = check_kind("unused", "`walk()` is not called anywhere.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
    // JavaScript: called from a method.
    const std::string js =
        "function format(v) {\n  return String(v);\n}\n\nfunction show(v) {\n  console.log(format(v));\n}\n";
    change = rules_test::added_file("view.js", js);
    found = check_kind("unused", "It seems that `format()` is not called anywhere.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // Narrowed to a place, asked, or an expression rather than a name: no claim.
    CHECK(check_kind("unused", "`format` is not called when the value is empty.", change).empty());
    CHECK(check_kind("unused", "`format` is not called from the tests.", change).empty());
    CHECK(check_kind("unused", "Is `format` not called anywhere?", change).empty());
    CHECK(check_kind("unused", "`this.format()` is never called.", change).empty());
    // JavaScript: accurate claims stay unflagged (no call but the definition).
    change = rules_test::added_file("view.js", "function unusedThing(v) {\n  return v;\n}\n");
    found = check_kind("unused", "`unusedThing` is never called.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/unused: a parameter referred to only in assertions is a placeholder, left open") {
    // Python: asserted to be absent, never read.
    const auto py = rules_test::added_file("block.py", R"(class Block:
    def __init__(self, planes, dcn=None, plugins=None):
        assert dcn is None, 'Not implemented yet.'
        assert plugins is None
        self.planes = planes
        if plugins:
            pass
)");
    auto found = check_kind("unused", "The dcn parameter is not used.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
    // Asserted and then read: used.
    found = check_kind("unused", "The plugins parameter is not used.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(all_at(found[0], 6));

    // C: assert() only.
    const auto c = rules_test::added_file("buf.c", R"(#include <assert.h>

int size_of(const char *buf, int len) {
    assert(buf != 0);
    return len;
}
)");
    found = check_kind("unused", "`buf` is never used.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    // Rust: assert! only, and a parameter read after its assertion.
    const auto rs = rules_test::added_file("lib.rs", R"(pub fn scale(factor: u32, value: u32) -> u32 {
    assert!(factor > 0);
    debug_assert_eq!(value % 2, 0);
    value * 2
}
)");
    found = check_kind("unused", "`factor` is never used.", rs);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
    found = check_kind("unused", "`value` is never used.", rs);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(all_at(found[0], 4));
}

TEST_CASE("rules/unused: a scope named before the claim") {
    const auto change = rules_test::added_file("sched.py", R"(def enter(delay, priority):
    return (delay, priority)


def run(queue):
    for time, priority in queue:
        print(time)
)");
    // In `run`, `priority` is unpacked and never read; in `enter` it is read.
    auto found = check_kind("unused", "In `run`, `priority` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.object == "scope:run");
    CHECK(found[0].verdict != Verdict::inaccurate);
    found = check_kind("unused", "In `enter`, `priority` is never used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(all_at(found[0], 2));
}

TEST_CASE("rules/unused: own body, own #define, and the parameter of a named function") {
    // `len` is called nowhere outside itself; `self.keys.len()` inside is another `len`.
    const auto rs = rules_test::added_file(
        "order.rs", "impl Order {\n    pub fn len(&self) -> usize {\n        self.keys.len()\n    }\n}\n");
    auto found = check_kind("unused", "`Order::len` is never used.", rs);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);

    // A macro's own #define line is no use of it.
    const auto c =
        rules_test::added_file("xx.c", "#define Xxo_Check(v) is_type(v)\n\nint main(void) { return 0; }\n");
    found = check_kind("unused", "`Xxo_Check` is never used.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);

    // "the `sig` parameter of `handler`": `sig`, in `handler`.
    const auto py = rules_test::added_file("api.py",
        "import signal\n\n\ndef install(message):\n    def handler(sig, frame):\n        print(message)\n\n"
        "    signal.signal(2, handler)\n");
    found = check_kind("unused", "In `install`, the `sig` parameter of `handler` is never used.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "sig");
    CHECK(found[0].claim.object == "scope:handler");
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/unused: locals in their own function, arguments as parameters, other bindings") {
    const auto py = rules_test::added_file("shlex.py",
        "class Lexer:\n    def __init__(self):\n        self.lineno = 1\n\n    def push(self):\n"
        "        return self.lineno\n\n\ndef split_lines(text):\n    out = []\n"
        "    for lineno, line in enumerate(text):\n        out.append(line)\n    return out\n");
    // The loop variable is unused; `self.lineno` is another thing.
    auto found = check_kind("unused", "`lineno` is never used.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);

    // "the unused argument `x`" is about parameters, not a local of the same name.
    const auto args = rules_test::added_file("srv.py",
        "def resize(server, host):\n    return host\n\n\ndef boot():\n    server = 1\n    return 0\n");
    found = check_kind("unused", "The unused argument `server` can be removed.", args);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    // A parameter the grammar misses (a C macro after it) is not used by its signature.
    const auto c = rules_test::added_file(
        "main.c", "#define UNUSED\n\nint\nmain(int argc UNUSED, char **argv UNUSED)\n{\n    return 0;\n}\n");
    found = check_kind("unused", "`argv` is unused.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}
