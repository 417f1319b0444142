// A large file is parsed in pieces on parallel threads (vcs/syntax.cpp). These tests
// hold the promise that makes that safe: the facts are exactly those of one parse of the
// whole file, whether the pieces parse cleanly or a cut lands somewhere it must not.
#include <catch2/catch.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "vcs/syntax.h"

namespace {

// Every fact of FILE as text, so that two parses compare in one CHECK with a readable diff.
std::string dump(const rules::SourceFile& file) {
    std::ostringstream out;
    out << "parsed " << file.parsed << " skipped '" << file.skipped_reason << "' lines " << file.lines.size()
        << "\n";
    for (const auto& d : file.definitions) {
        out << "def " << d.name << " kind " << static_cast<int>(d.kind) << " scope " << d.scope << " "
            << d.start_line << "-" << d.end_line << " doc " << d.docstring_line.value_or(0) << " '"
            << d.docstring << "' (";
        for (const auto& p : d.parameters) {
            out << p.name << ":" << p.line << (p.variadic ? "*" : "") << ",";
        }
        out << ")\n";
    }
    for (const auto& r : file.references) {
        out << "ref " << r.name << " " << r.line << " " << r.scope << "\n";
    }
    for (const auto& c : file.calls) {
        out << "call " << c.callee << " '" << c.text << "' " << c.line << " " << c.arguments << "\n";
    }
    for (const auto& c : file.comments) {
        out << "comment " << c.start_line << "-" << c.end_line << " " << c.scope << " '" << c.text << "'\n";
    }
    for (const auto& t : file.try_blocks) {
        out << "try " << t.start_line << "-" << t.end_line << " (";
        for (const auto& type : t.caught_types) {
            out << type << ",";
        }
        out << ")\n";
    }
    for (const auto& i : file.imports) {
        out << "import " << i.line << " '" << i.text << "' (";
        for (const auto& name : i.names) {
            out << name << ",";
        }
        out << ")\n";
    }
    for (const auto& l : file.literals) {
        out << "literal " << l.line << " " << l.is_string << " " << l.text << "\n";
    }
    return out.str();
}

// ITEM repeated after HEADER until the text is over 200 KB, with "~" replaced by the
// copy's number.
std::string repeated(const std::string& header, const std::string& item, const std::string& footer = "") {
    std::string out = header;
    for (int n = 0; out.size() < 200 * 1024; ++n) {
        std::string copy = item;
        for (size_t at = copy.find('~'); at != std::string::npos; at = copy.find('~', at)) {
            copy.replace(at, 1, std::to_string(n));
        }
        out += copy;
    }
    return out + footer;
}

// The facts of PATH in pieces, which must equal those of one parse; returns the pieces.
size_t pieces_of(const std::string& path, const std::string& content) {
    size_t pieces = 0;
    const auto split = vcs::parse_source_in_pieces(path, content, 2, &pieces);
    const auto whole = vcs::parse_source(path, content);
    REQUIRE(whole.parsed);
    CHECK(dump(split) == dump(whole));
    return pieces;
}

}  // namespace

TEST_CASE("a large file parsed in pieces has the facts of one parse, in every language", "[vcs][pieces]") {
    const std::string python_item =
        "# Helper number ~.\n"
        "@decorator(~)\n"
        "def helper_~(a, b=~, *args, **kwargs):\n"
        "    \"\"\"Adds ~ to a.\"\"\"\n"
        "    try:\n"
        "        return a + b + len(args)  # sum\n"
        "    except (KeyError, ValueError):\n"
        "        raise RuntimeError('helper ~')\n"
        "\n"
        "\n"
        "class Thing~(Base):\n"
        "    value = ~\n"
        "\n"
        "    def method(self, x):\n"
        "        return helper_~(x, self.value)\n"
        "\n\n";
    CHECK(pieces_of("m.py", repeated("import os\nfrom a import b as c\n\n\n", python_item)) > 2);

    const std::string js_item =
        "// Helper ~.\n"
        "function helper~(a, b = ~, ...rest) {\n"
        "  try {\n"
        "    return a + b + rest.length + `t${a}`;\n"
        "  } catch (e) {\n"
        "    throw new Error('helper ~');\n"
        "  }\n"
        "}\n"
        "\n"
        "export class Thing~ extends Base {\n"
        "  method(x) { return helper~(x, this.value); }\n"
        "}\n"
        "\n";
    CHECK(pieces_of("m.js", repeated("import { b as c } from 'a';\n\n", js_item)) > 2);
    CHECK(pieces_of("m.ts",
              repeated("import { b } from 'a';\n\n",
                  "/** Doc ~. */\nexport function f~(a: number, b?: string): number {\n  return a + ~;\n}\n\n"
                  "interface I~ {\n  x: number;\n}\n\n")) > 2);

    CHECK(
        pieces_of("m.go",
            repeated("package m\n\nimport \"fmt\"\n\n",
                "// F~ prints.\nfunc F~(a int, b ...string) error {\n\tfmt.Println(a, ~)\n\treturn nil\n}\n\n"
                "type T~ struct {\n\tX int\n}\n\n")) > 2);
    CHECK(
        pieces_of("m.rs",
            repeated("use std::fmt;\n\n",
                "/// Doc ~.\n#[inline]\npub fn f~(a: i32, b: &str) -> i32 {\n    a + ~\n}\n\n"
                "struct S~ {\n    x: i32,\n}\n\nimpl S~ {\n    fn get(&self) -> i32 { self.x }\n}\n\n")) > 2);
    CHECK(pieces_of(
              "m.java", repeated("package p;\n\nimport java.util.List;\n\n",
                            "/** Doc ~. */\n@Deprecated\nfinal class C~ {\n    int f(int a, String... b) {\n"
                            "        try { return a + ~; } catch (IllegalStateException e) { return 0; }\n   "
                            " }\n}\n\n")) > 2);
    CHECK(pieces_of(
              "m.c", repeated("#include <stdio.h>\n\n",
                         "/* Doc ~. */\nstatic int f~(int a, const char *b, ...)\n{\n\treturn a + ~;\n}\n\n"
                         "struct s~ {\n\tint x;\n};\n\n")) > 2);
    CHECK(pieces_of("m.cpp",
              repeated("#include <vector>\n\n",
                  "// Doc ~.\nint f~(int a, std::vector<int> b) {\n    try { return a + ~; } catch (const "
                  "std::exception& e) { return 0; }\n}\n\nclass C~ {\npublic:\n    int x = ~;\n};\n\n")) > 2);
}

TEST_CASE("a cut where a piece may not end falls back to one parse of the whole file", "[vcs][pieces]") {
    // Each of these has lines that look like the start of a top-level item but are
    // inside something that spans them; the facts must still be those of one parse.
    const std::string python_item = "def f~(a):\n    return a\n\n\n";
    SECTION("inside a Python string") {
        const std::string text = repeated("", python_item) +
                                 "X = '''\n\ndef not_a_function(b):\n    pass\n\n'''\n" +
                                 repeated("", python_item);
        pieces_of("m.py", text);
        const auto whole = vcs::parse_source("m.py", text);
        CHECK(std::none_of(whole.definitions.begin(), whole.definitions.end(),
            [](const rules::Definition& d) { return d.name == "not_a_function"; }));
    }
    SECTION("inside brackets and after a decorator") {
        pieces_of("m.py",
            repeated("", python_item + "CALLS = [\n\ndef_1,\n]\n\n@decorator\n\ndef g~():\n    pass\n\n"));
    }
    SECTION("inside a C++ namespace and a C conditional") {
        const std::string item = "int f~(int a) {\n    return a;\n}\n\n";
        pieces_of("m.cpp", "namespace n {\n\n" + repeated("", item) + "}  // namespace n\n");
        pieces_of(
            "m.c", repeated("", item) + "#if 0\n\n" + repeated("", item) + "#endif\n\n" + repeated("", item));
    }
    SECTION("inside a JavaScript function, template literal and comment") {
        const std::string item = "function f~(a) {\n  return a;\n}\n\n";
        pieces_of("m.js", "(function () {\n\n" + repeated("", item) + "})();\n");
        pieces_of(
            "m.js", repeated("", item) + "const t = `\n\nfunction g() {}\n\n`;\n\n" + repeated("", item));
        pieces_of("m.js", repeated("", item) + "/*\n\nfunction g() {}\n\n*/\n\n" + repeated("", item));
    }
    SECTION("a syntax error anywhere") {
        pieces_of(
            "m.py", repeated("", python_item) + "def broken(:\n    pass\n\n" + repeated("", python_item));
        pieces_of("m.go", "package m\n\n" + repeated("", "func F~() {\n}\n\n") + "func broken( {\n\n" +
                              repeated("", "func G~() {\n}\n\n"));
    }
}

TEST_CASE("small files are parsed whole", "[vcs][pieces]") {
    CHECK(pieces_of("m.py", "def f(a):\n    return a\n\n\ndef g():\n    return f(1)\n") == 1);
}

// Not run by default (ctest runs it as unit.pieces_equivalence): compares the two ways
// over every source file under the directories in $CLAIMCHECK_EQUIVALENCE_DIRS (a list
// separated by ':'; say /usr/lib/python3.11:/usr/include), cut into pieces of
// $CLAIMCHECK_PIECE_BYTES (default 2048, to try many more cuts than real sizes would).
TEST_CASE("pieces equal one parse on a tree of real files", "[.equivalence]") {
    const char* dirs = std::getenv("CLAIMCHECK_EQUIVALENCE_DIRS");
    REQUIRE(dirs != nullptr);
    const char* bytes = std::getenv("CLAIMCHECK_PIECE_BYTES");
    const size_t piece_bytes = bytes != nullptr ? std::stoul(bytes) : 2048;
    size_t files = 0;
    size_t split = 0;
    std::stringstream list(dirs);
    for (std::string dir; std::getline(list, dir, ':');) {
        if (dir.empty() || !std::filesystem::is_directory(dir)) {
            continue;
        }
        for (const auto& entry : std::filesystem::recursive_directory_iterator(
                 dir, std::filesystem::directory_options::skip_permission_denied)) {
            if (!entry.is_regular_file() || entry.file_size() < 2 * piece_bytes ||
                entry.file_size() > 2 * 1024 * 1024 ||
                vcs::language_for_path(entry.path().string()).empty()) {
                continue;
            }
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            const std::string path = entry.path().string();
            size_t pieces = 0;
            const auto a = vcs::parse_source_in_pieces(path, content, 2, &pieces, piece_bytes);
            const auto b = vcs::parse_source(path, content);
            INFO(path);
            CHECK(dump(a) == dump(b));
            ++files;
            split += pieces > 1 ? 1 : 0;
        }
    }
    std::printf("%zu files compared, %zu parsed in pieces\n", files, split);
    CHECK(split > 0);
}
