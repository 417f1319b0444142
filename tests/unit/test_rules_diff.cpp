// rules/kind_diff: claims about what the change did: "commented out", "two new lines
// have been added", "`x` has been removed", "changed from A to B", "added to `f`". The
// diff's removed and added lines settle them, read literally.
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

const char* const k_kind = "diff-change";

}  // namespace

TEST_CASE("rules/diff: deleted code is not commented out") {
    const auto change = rules_test::modified_file(
        "app.py", "import os\nimport sys\n\nprint(sys.argv)\n", "import sys\n\nprint(sys.argv)\n");
    const std::string body = "The `os` import is commented out now.";
    const auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(span_text(body, found[0].claim).find("commented out") != std::string::npos);
    REQUIRE(found[0].evidence.size() == 1);
    CHECK(found[0].evidence[0].line == 1);
    CHECK(found[0].evidence[0].text == "import os");
}

TEST_CASE("rules/diff: code that really is commented out is not flagged") {
    const auto change =
        rules_test::modified_file("app.py", "import os\nimport sys\n", "# import os\nimport sys\n");
    const auto found = check_kind(k_kind, "The `os` import is commented out now.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // A proposal to comment something out claims nothing about the change.
    CHECK(check_kind(k_kind, "The `os` import should be commented out.", change).empty());
}

TEST_CASE("rules/diff: a question why code is commented out claims that it is") {
    // Python: the import was deleted, not commented out; the condition before the
    // question does not make it a proposal.
    auto change = rules_test::modified_file(
        "app.py", "import os\nimport sys\n\nprint(sys.argv)\n", "import sys\n\nprint(sys.argv)\n");
    const std::string body = "Is the import still needed? If so, why is it commented out?";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // Java, accurate: the call really is commented out.
    change = rules_test::modified_file("Main.java", "class Main {\n  void run() {\n    log();\n  }\n}\n",
        "class Main {\n  void run() {\n    // log();\n  }\n}\n");
    found = check_kind(k_kind, "If logging is wanted, why was it commented out?", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // A negated or proposed question claims nothing.
    change = rules_test::modified_file("Main.java", "class Main {\n  void run() {\n    log();\n  }\n}\n",
        "class Main {\n  void run() {\n  }\n}\n");
    CHECK(check_kind(k_kind, "If it is unused, why is it not commented out?", change).empty());
    CHECK(check_kind(k_kind, "If it is unused, why should it be commented out?", change).empty());
    // Java, unverifiable: nothing was removed.
    change = rules_test::modified_file("Main.java", "class Main {\n}\n", "class Main {\n  int x;\n}\n");
    found = check_kind(k_kind, "If x is new, why is it commented out?", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/diff: counts of added lines and imports") {
    const auto change =
        rules_test::modified_file("app.py", "x = 1\n", "import json\nimport re\nx = 1\n\ny = 2\n");
    // Non-blank lines added: three; all lines added: four.
    auto found = check_kind(k_kind, "Three new lines have been added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "Four new lines have been added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    const std::string body = "Five new lines have been added here.";
    found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(span_text(body, found[0].claim).find("Five new lines have been added") != std::string::npos);
    CHECK(evidence_lines(found[0]) == Ints{1, 2, 5});

    found = check_kind(k_kind, "Two import statements were added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);
    found = check_kind(k_kind, "Three import statements were added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // One line is no count the reviewer made; a proposal is no claim.
    CHECK(check_kind(k_kind, "One new line has been added.", change).empty());
    CHECK(check_kind(k_kind, "Maybe two lines should be added for clarity.", change).empty());
}

TEST_CASE("rules/diff: a fragment said removed that the change adds") {
    const auto change = rules_test::modified_file(
        "save.py", "def save(x):\n    store(x)\n", "def save(x):\n    validate(x)\n    store(x)\n");
    const std::string body = "The call `validate(x)` has been removed.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // Said to be added, and added: the checker leaves the true claim alone.
    found = check_kind(k_kind, "The call `validate(x)` has been added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/diff: changed from A to B, backwards") {
    const auto change = rules_test::modified_file("settings.py", "DEBUG = True\n", "DEBUG = False\n");
    auto found = check_kind(k_kind, "The default changed from False to True.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].claim.subject == "False");
    CHECK(found[0].claim.object == "True");
    CHECK(found[0].verdict == Verdict::inaccurate);

    found = check_kind(k_kind, "The default changed from True to False.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
}

TEST_CASE("rules/diff: moved from A to B, where the touched line keeps A") {
    // Python: a name dropped from the import; the module stays what it was.
    auto change = rules_test::modified_file("app.py", "from pkg.compat.util import a, b\nprint(a, b)\n",
        "from pkg.compat.util import a\nprint(a)\n");
    std::string body = "The import of `b` has been moved from `pkg.compat.util` to `pkg.compat`.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    INFO(found[0].reason);
    CHECK(evidence_lines(found[0]) == Ints{1});
    // Python, accurate: the import really moved.
    change = rules_test::modified_file(
        "app.py", "from pkg.compat.util import a\nprint(a)\n", "from pkg.compat import a\nprint(a)\n");
    found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // Java: the call switched from 'Level.INFO' to 'Level.FINE' is accurate; one that
    // names a level no added line has, while the touched line keeps INFO, is not.
    const std::string java_base = "class A {\n  void f() {\n    log(Level.INFO, \"a\");\n  }\n}\n";
    change = rules_test::modified_file(
        "A.java", java_base, "class A {\n  void f() {\n    log(Level.FINE, \"a\");\n  }\n}\n");
    found = check_kind(k_kind, "The level was switched from 'Level.INFO' to 'Level.FINE'.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    change = rules_test::modified_file(
        "A.java", java_base, "class A {\n  void f() {\n    log(Level.INFO, \"b\");\n  }\n}\n");
    found = check_kind(k_kind, "The level was switched from 'Level.INFO' to 'Level.FINE'.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // Unquoted values, or a kept value on no added line: left open.
    found = check_kind(k_kind, "The level was switched from INFO to FINE.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
    change = rules_test::modified_file(
        "A.java", java_base, "class A {\n  void f() {\n    log(Level.INFO, \"a\");\n    done();\n  }\n}\n");
    found = check_kind(k_kind, "The level was switched from 'Level.INFO' to 'Level.FINE'.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/diff: no longer used, but still referred to") {
    const auto change = rules_test::modified_file("job.py",
        "def run(retry, log):\n    log(retry)\n    retry()\n", "def run(retry, log):\n    retry()\n");
    const auto found = check_kind(k_kind, "After this change `retry` is no longer used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2});
}

TEST_CASE("rules/diff: lines added to a named function") {
    const auto change =
        rules_test::modified_file("io.py", "def load(p):\n    return p\n\n\ndef save(p):\n    return p\n",
            "def load(p):\n    return p\n\n\ndef save(p):\n    check(p)\n    return p\n");
    auto found = check_kind(k_kind, "A check has been added to the `save` function.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::accurate);

    found = check_kind(k_kind, "A check has been added to the `load` function.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{6, 5});

    found = check_kind(k_kind, "A check has been added to the `dump` function.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/diff: a construct said to be added that no added line holds") {
    // Python: only an else branch and assignments are added; the if was there before.
    const std::string py_base =
        "def f(x, n):\n    if n is None:\n        return x\n    y = g(x, n)\n    return y\n";
    const std::string py_head =
        "def f(x, n):\n    if n is None:\n        y = x\n    else:\n        y = g(x, n)\n    return y\n";
    auto change = rules_test::modified_file("f.py", py_base, py_head);
    std::string body =
        "The code has been modified to include a conditional statement that checks if n is None.";
    auto found = check_kind(k_kind, body, change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    found = check_kind(k_kind, "A new try/except block has been added around the call.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // Python, accurate: the else branch is added.
    found = check_kind(k_kind, "An else branch has been added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // Java: the change adds a for loop; a claim of a new loop stands, one of a try block not.
    const std::string java_base = "class A {\n  int sum(int[] xs) {\n    return 0;\n  }\n}\n";
    const std::string java_head =
        "class A {\n  int sum(int[] xs) {\n    int s = 0;\n    for (int x : xs) {\n      s += x;\n    }\n    "
        "return s;\n  }\n}\n";
    change = rules_test::modified_file("A.java", java_base, java_head);
    found = check_kind(k_kind, "The change adds a for loop that sums the values.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    found = check_kind(k_kind, "A try-catch block has been added to handle errors.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    // A stream pipeline counts as a loop, a default as a null check: left standing.
    found = check_kind(k_kind, "A new loop has been added.",
        rules_test::modified_file("B.java", "class B {\n  int n;\n}\n",
            "class B {\n  int n = xs.stream().mapToInt(x -> x).sum();\n}\n"));
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    found = check_kind(k_kind, "A null check has been added.",
        rules_test::modified_file(
            "B.java", "class B {\n  String s;\n}\n", "class B {\n  String s = opt.orElse(\"\");\n}\n"));
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // Proposals and questions claim nothing.
    CHECK(check_kind(k_kind, "A try-catch block should have been added.", change).empty());
    CHECK(check_kind(k_kind, "Has a try-catch block been added?", change).empty());
    // Java, unverifiable: the change only deletes code.
    change = rules_test::modified_file(
        "A.java", java_head, "class A {\n  int sum(int[] xs) {\n    int s = 0;\n    return s;\n  }\n}\n");
    found = check_kind(k_kind, "A try-catch block has been added to handle errors.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/diff: a name said removed from the imports that is still imported") {
    // Python: the import line is rewritten, `beta` kept.
    auto change = rules_test::modified_file("app.py", "from pkg import alpha, beta\nprint(alpha, beta)\n",
        "from pkg import (\n    beta,\n    gamma,\n)\nprint(beta, gamma)\n");
    auto found = check_kind(k_kind, "`beta` has been removed from the imports.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{1});
    // Python, accurate: `alpha` is gone.
    found = check_kind(k_kind, "`alpha` has been removed from the imports.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // "The import statement for `beta` has been removed" may mean the statement only.
    found = check_kind(k_kind, "The import statement for `beta` has been removed.", change);
    for (const auto& f : found) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
    // Java: `List` still imported once, as before.
    change = rules_test::modified_file("A.java",
        "import java.util.List;\nimport java.util.Map;\nclass A {\n  List<Map<String, String>> xs;\n}\n",
        "import java.util.List;\nclass A {\n  List<String> xs;\n}\n");
    found = check_kind(k_kind, "The removal of `List` from the import statements is fine.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    found = check_kind(k_kind, "The removal of `Map` from the import statements is fine.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    // Java, unverifiable: a name the file never imported.
    found = check_kind(k_kind, "The removal of `Set` from the import statements is fine.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::unverifiable);
}

TEST_CASE("rules/diff: no longer used in a named scope") {
    // `login` is still used in `parse`, but no longer in `check`.
    const auto change = rules_test::modified_file("netrc.py",
        "def parse(login):\n    store(login)\n\n\ndef check(login, mode):\n    warn(login)\n    return "
        "mode\n",
        "def parse(login):\n    store(login)\n\n\ndef check(login, mode):\n    return mode\n");
    auto found = check_kind(
        k_kind, "The `login` parameter of `check` is no longer used anywhere in that method.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    found = check_kind(k_kind, "The `login` parameter of `parse` is no longer used.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
    CHECK(evidence_lines(found[0]) == Ints{2});
    // A scope it does not name cannot be settled.
    CHECK(check_kind(k_kind, "`login` is no longer used in that method.", change).empty());
}

TEST_CASE("rules/diff: only the subject of \"has been added\" is said to be added") {
    const auto change = rules_test::modified_file("Joiner.java",
        "class Joiner {\n  String text() {\n    return empty;\n  }\n}\n",
        "class Joiner {\n  String text() {\n    // Nothing yet.\n    return empty;\n  }\n}\n");
    // `text` and `empty` were there before; what "has been added" is said of is "nothing".
    for (const auto& f :
        check_kind(k_kind, "On line 4, `text` returns `empty` when nothing has been added.", change)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
    // Said of `text` itself, it is wrong.
    const auto found = check_kind(k_kind, "The method `text` has been added.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}

TEST_CASE("rules/diff: \"`f` no longer uses `x`\", partial counts, one-line block comments") {
    const auto java = rules_test::modified_file("Crc.java",
        "class Crc {\n  void check(int n) {\n    Preconditions.check(n);\n  }\n  void update(int n) {\n"
        "    Preconditions.check(n);\n  }\n}\n",
        "class Crc {\n  void check(int n) {\n    Objects.check(n);\n  }\n  void update(int n) {\n"
        "    Preconditions.check(n);\n  }\n}\n");
    // `check` no longer uses it; `update` still does, which does not contradict.
    auto found = check_kind(k_kind, "After this change `check` no longer uses `Preconditions`.", java);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict != Verdict::inaccurate);
    found = check_kind(k_kind, "After this change `update` no longer uses `Preconditions`.", java);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);

    // Lines added to one part are not a count of the whole change.
    const auto c = rules_test::modified_file(
        "z.c", "int a;\nvoid zerr(void) {\n}\n", "int a, b;\nvoid zerr(void) {\n    one();\n    two();\n}\n");
    CHECK(check_kind(k_kind, "Two lines were added to `zerr()`.", c).empty());
    found = check_kind(k_kind, "Two lines have been added to the code.", c);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);  // three non-blank lines

    // `/* f(x); */` is commented-out code.
    const auto x = rules_test::modified_file("x.c", "void f(void) {\n    Py_INCREF(item);\n    g();\n}\n",
        "void f(void) {\n    /* Py_INCREF(item); */\n}\n");
    for (const auto& f : check_kind(k_kind, "The `Py_INCREF(item)` call is commented out.", x)) {
        CHECK(f.verdict != Verdict::inaccurate);
    }
}

TEST_CASE("rules/diff: \"the commented-out X\" names old comments") {
    const auto change = rules_test::modified_file(
        "auth.py", "def f():\n    # print(ex)\n    g()\n    # print(ex)\n", "def f():\n    g()\n");
    CHECK(check_kind(k_kind, "The commented-out `print(ex)` lines are gone.", change).empty());
    CHECK(check_kind(k_kind, "The change deletes the two commented-out `print(ex)` calls.", change).empty());
}

TEST_CASE("rules/diff: the subject of the change, within its clause") {
    const auto change = rules_test::modified_file("linecache.py",
        "import os\nimport tokenize\n\n\ndef getline(name):\n    return os.path.join(name)\n",
        "import os\nimport pathlib\nimport tokenize\n\n\ndef getline(name):\n    return "
        "str(pathlib.Path(name))\n");
    // `tokenize` is named as what stood before; `Path` is in the next clause; the test is
    // what was added, not `getline`.
    for (const char* body : {"`pathlib` is now imported, next to the existing `tokenize` import.",
             "`os.path.join` is no longer used; the path is built with `pathlib.Path` instead.",
             "A regression test for `getline` has been added in tests/test_linecache.py."}) {
        INFO(body);
        for (const auto& f : check_kind(k_kind, body, change)) {
            CHECK(f.verdict != Verdict::inaccurate);
        }
    }
    const auto found = check_kind(k_kind, "`tokenize` is now imported.", change);
    REQUIRE(found.size() == 1);
    CHECK(found[0].verdict == Verdict::inaccurate);
}
