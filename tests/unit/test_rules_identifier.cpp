// rules/kind_identifier: "`f` is not defined" is wrong when the change (or, unless the
// claim limits itself to this file, the tree) defines or imports it; "the `x` variable"
// presumes `x` exists and is wrong only when a complete search finds it nowhere.
// Proposed names are no claims.
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

const char* const k_kind = "identifier-exists";

const char* const k_python = R"(from collections import OrderedDict


def parse_config(text):
    pairs = [line.split("=") for line in text.splitlines()]
    return OrderedDict(pairs)
)";

}  // namespace

TEST_CASE("rules/identifier: python, 'not defined' for a defined function is wrong") {
    const auto change = rules_test::added_file("config.py", k_python);
    const std::string body = "`parse_config` is not defined anywhere.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].claim.negated);
    CHECK(span_text(body, found[0].claim).find("`parse_config` is not defined") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{4});
}

TEST_CASE("rules/identifier: python, an imported name is not undefined") {
    const auto change = rules_test::added_file("config.py", k_python);
    const auto found = check_kind(k_kind, "`OrderedDict` is not defined.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{1});
}

TEST_CASE("rules/identifier: a definition elsewhere in the tree, unless the claim is local") {
    auto change = rules_test::added_file("config.py", k_python);
    change.tree_lookup["load_defaults"] = {
        rules::Location{"lib/defaults.py", 12, "def load_defaults():", true}};
    auto found = check_kind(k_kind, "`load_defaults` is not defined.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    REQUIRE(found[0].evidence.size() == 1);
    CHECK(found[0].evidence[0].path == "lib/defaults.py");
    CHECK(found[0].evidence[0].line == 12);

    // "In this file" limits the claim: another file's definition does not contradict it.
    found = check_kind(k_kind, "`load_defaults` is not defined in this file.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/identifier: 'not defined' for a name found nowhere stays open") {
    const auto change = rules_test::added_file("config.py", k_python);
    const auto found = check_kind(k_kind, "`merge_layers` is not defined.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/identifier: a name referred to as existing code") {
    auto change = rules_test::added_file("config.py", k_python);
    const std::string body = "The `pairs` variable could be a generator.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "pairs");
    CHECK(found[0].verdict == Verdict::accurate);
    CHECK(span_text(body, found[0].claim).find("`pairs`") != std::string::npos);

    // A name that occurs nowhere, after a complete search, is wrong.
    found = check_kind(k_kind, "The `retry_budget` variable is never reset.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // Without a complete search, absence is never claimed.
    change.tree_lookup_complete = false;
    found = check_kind(k_kind, "The `retry_budget` variable is never reset.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/identifier: proposed names make no claim") {
    const auto change = rules_test::added_file("config.py", k_python);
    CHECK(check_kind(k_kind, "Consider renaming it to `read_config_text`.", change).empty());
    CHECK(check_kind(k_kind, "Maybe use something like `ChainMap` instead.", change).empty());
    CHECK(check_kind(k_kind, "A helper such as `split_pair` would help.", change).empty());
}

TEST_CASE("rules/identifier: java, a class the change defines") {
    const auto change = rules_test::added_file("src/Widget.java", R"(public class Widget {
    private final String label;

    public Widget(String label) {
        this.label = label;
    }
}
)");
    auto found = check_kind(k_kind, "The class `Widget` is not declared.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{1});

    found = check_kind(k_kind, "The `label` field is final.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/identifier: javascript, an imported name") {
    const auto change = rules_test::added_file("src/App.js", R"(import { useState } from 'react';

export function App() {
  const [count, setCount] = useState(0);
  return count;
}
)");
    const auto found = check_kind(k_kind, "`useState` is not imported or defined.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{1});
}

TEST_CASE("rules/identifier: go, a function the change defines and one it does not") {
    const auto change = rules_test::added_file("client/client.go", R"(package client

func NewClient(addr string) *Client {
	return &Client{addr: addr}
}
)");
    auto found = check_kind(k_kind, "`NewClient` is never defined.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{3});

    found = check_kind(k_kind, "`NewServer` is never defined.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/identifier: only code spoken of as there is claimed to exist") {
    const auto py = rules_test::added_file("config.py", k_python);
    // Absence is what these say: a missing name bears them out.
    for (const char* body : {"There is no `finally` clause here, which is fine.",
             "`parse_config` does not catch `KeyError`, so a bad line raises.",
             "The `parse_config` function does not take a `timeout` parameter.",
             "No `unwrap_all()` is used here.", "`recover()` does not appear anywhere in this code."}) {
        INFO(body);
        for (const auto& f : check_kind(k_kind, body, py)) {
            CHECK(f.verdict != Verdict::inaccurate);
        }
    }
    // Questions, keywords, library names, tools and file names say nothing of the code.
    for (const char* body :
        {"Why not return `EXIT_FAILURE` instead of `1`?", "Would it make sense to mark it `noexcept`?",
            "The changes in `settings.py` look good.", "`go vet` will flag it.",
            "You could run `mypy` over this file.", "A `KeyError` propagates to the caller."}) {
        INFO(body);
        for (const auto& f : check_kind(k_kind, body, py)) {
            CHECK(f.verdict != Verdict::inaccurate);
        }
    }
    // Still claimed: "the `x` function", a member expression, a call said to be made.
    for (const char* body : {"The `load_settings` function should validate its input.",
             "The null check comes before `self.registry.lookup(key)`.", "It calls `refresh_cache()` twice.",
             "The `Settings` class is never instantiated."}) {
        INFO(body);
        const auto found = check_kind(k_kind, body, py);
        REQUIRE(found.size() == 1);
        CHECK(found[0].verdict == Verdict::inaccurate);
    }

    // The same in C: a keyword in a negated clause, and a member that exists.
    const auto c = rules_test::added_file("zerr.c",
        "#include <stdio.h>\n\nstruct ctx { int level; };\n\nvoid zerr(struct ctx *s, int ret) {\n"
        "    switch (ret) {\n    case 1: fputs(\"one\", stderr); break;\n    }\n    s->level = ret;\n}\n");
    for (const auto& f : check_kind(k_kind, "There is no `default:` label in the switch in `zerr`.", c)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
    auto found = check_kind(k_kind, "It then sets `s->level` to the error code.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
}

TEST_CASE("rules/identifier: contrasts, modals and a file named in the claim") {
    const auto py = rules_test::added_file("config.py", k_python);
    for (const char* body : {"It builds `pairs` with a list rather than `itertools.starmap`.",
             "Callers can then catch it with `errors.As`."}) {
        INFO(body);
        for (const auto& f : check_kind(k_kind, body, py)) {
            CHECK(f.verdict != Verdict::inaccurate);
        }
    }
    // "the `x` <noun>" keeps its presupposition under a modal.
    const auto found = check_kind(k_kind, "You can remove the `retry_budget` variable.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // "not defined in api.py": that file only imports it, which is no definition there.
    auto change = rules_test::make_change();
    rules_test::add_file(
        change, "pkg/api.py", std::nullopt, "from .errors import Invalid\n\nraise Invalid()\n");
    rules_test::add_file(change, "pkg/errors.py", std::nullopt, "class Invalid(Exception):\n    pass\n");
    auto said = check_kind(k_kind, "`Invalid` is not defined in api.py; it is imported.", change);
    REQUIRE(said.size() == 1);
    CHECK(said[0].verdict == Verdict::accurate);
    said = check_kind(k_kind, "`Invalid` is not defined in errors.py.", change);
    REQUIRE(said.size() == 1);
    CHECK(said[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/identifier: not defined inside a function, or here but imported") {
    const auto py = rules_test::added_file("sched.py",
        "from collections import OrderedDict\n\n\nclass S:\n    def __init__(self):\n        self.q = []\n\n"
        "    def cancel_all(self):\n        self._cancelled = True\n");
    CHECK(check_kind(k_kind, "`_cancelled` is never defined in `__init__`.", py).empty());
    const auto found = check_kind(
        k_kind, "`OrderedDict` is not defined in this file; it is imported from `collections`.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/identifier: library chains, qualified places and conditions") {
    const auto py = rules_test::added_file("config.py", k_python);
    // A chain rooted in a name the repository never spells reaches into a library.
    for (const char* body : {"`functools.cache` would make `parse_config` cheaper.",
             "Go's `errors.Is(err, fs.ErrNotExist)` is the modern spelling.",
             "It calls `pytest.MonkeyPatch.setenv`."}) {
        INFO(body);
        for (const auto& f : check_kind(k_kind, body, py)) {
            CHECK(f.verdict != Verdict::inaccurate);
        }
    }
    // ... but a name inside its arguments is still the repository's to have.
    const auto found = check_kind(k_kind, "You can remove the `dev().assert(!this.retry_budget)` line.", py);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(found[0].reason.find("retry_budget") != std::string::npos);
    // "not defined on Windows", "in any header", "at module level": not settled here.
    for (const char* body :
        {"`parse_config` is not defined on Windows.", "`parse_config` is not declared in any header.",
            "`OrderedDict` is not imported at module level."}) {
        INFO(body);
        CHECK(check_kind(k_kind, body, py).empty());
    }
}

TEST_CASE("rules/identifier: \"not defined in this module\" reads the comment's own file") {
    auto change = rules_test::make_change();
    rules_test::add_file(change, "tests/test_netrc.py", std::nullopt,
        "from tests.helpers import write_netrc\n\n\ndef test_it():\n    write_netrc()\n");
    rules_test::add_file(change, "tests/helpers.py", std::nullopt, "def write_netrc():\n    pass\n");
    const auto found =
        check_kind(k_kind, "`write_netrc` is not defined in the test module itself; it is imported.", change,
            std::string("tests/test_netrc.py"));
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}
