// vcs::Repository against a small repository built with the git CLI in a temporary
// directory: two commits with a modified, an added, a deleted, a renamed, a binary and
// an oversized file.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "vcs/git.h"
#include "vcs/search.h"

namespace {

namespace fs = std::filesystem;

std::string numbered_lines(int from, int to) {
    std::string text;
    for (int i = from; i <= to; ++i) {
        text += "line " + std::to_string(i) + "\n";
    }
    return text;
}

// A throwaway repository: base commit (tag "base") and head commit (branch main).
class TempRepo {
public:
    TempRepo() {
        std::string pattern = (fs::temp_directory_path() / "claimcheck-vcs-XXXXXX").string();
        REQUIRE(mkdtemp(pattern.data()) != nullptr);
        m_dir = pattern;
        git("init -q -b main");
        write("mod.py", "import os\n\n\ndef foo(a, b):\n    return a + b\n\n" + numbered_lines(7, 20));
        write("gone.txt", "to be deleted\n");
        write("old_name.py", "def renamed_function(x):\n" + numbered_lines(2, 30));
        write("data.bin", std::string("\x00\x01\x02binary\x00", 10));
        git("add -A");
        git("commit -q -m base");
        git("tag base");

        write("mod.py", "import os\n\n\ndef foo(a, b, c):\n    return a + b + c\n\n" + numbered_lines(7, 20));
        fs::remove(m_dir / "gone.txt");
        fs::rename(m_dir / "old_name.py", m_dir / "new_name.py");
        write("new.py", "from mod import foo\n\nresult = foo(1, 2, 3)\nclass Widget:\n    pass\n");
        write("data.bin", std::string("\x00\x03\x04other\x00", 10));
        write("big.txt", std::string(vcs::k_max_file_bytes + 10, 'x'));
        git("add -A");
        git("commit -q -m head");
    }
    ~TempRepo() {
        std::error_code ignored;
        fs::remove_all(m_dir, ignored);
    }
    TempRepo(const TempRepo&) = delete;
    TempRepo& operator=(const TempRepo&) = delete;

    std::string path() const { return m_dir.string(); }

    void git(const std::string& args) const {
        const std::string command =
            "cd '" + m_dir.string() +
            "' && git -c user.name=test -c user.email=test@example.com -c commit.gpgsign=false " + args +
            " >/dev/null 2>&1";
        REQUIRE(std::system(command.c_str()) == 0);
    }

private:
    void write(const std::string& name, const std::string& content) const {
        std::ofstream out(m_dir / name, std::ios::binary);
        out << content;
    }

    fs::path m_dir;
};

const rules::FileDiff* find_file(const std::vector<rules::FileDiff>& files, const std::string& path) {
    auto it = std::find_if(files.begin(), files.end(), [&](const auto& f) { return f.path == path; });
    return it == files.end() ? nullptr : &*it;
}

}  // namespace

TEST_CASE("vcs/git: open of a missing path is not_found and names the path") {
    auto repo = vcs::Repository::open("/nonexistent/claimcheck/repo");
    REQUIRE_FALSE(repo.ok());
    CHECK(repo.error().kind == rules::ErrorKind::not_found);
    CHECK(repo.error().message.find("/nonexistent/claimcheck/repo") != std::string::npos);
}

TEST_CASE("vcs/git: resolve and first_parent") {
    TempRepo temp;
    auto repo = vcs::Repository::open(temp.path());
    REQUIRE(repo.ok());
    auto head = repo->resolve("main");
    REQUIRE(head.has_value());
    CHECK(head->size() == 40);
    CHECK(std::all_of(head->begin(), head->end(), [](char c) { return std::isxdigit(c) != 0; }));
    CHECK(repo->resolve("HEAD") == head);
    CHECK(repo->resolve(*head) == head);
    auto base = repo->resolve("base");
    REQUIRE(base.has_value());
    CHECK(repo->first_parent(*head) == base);
    CHECK_FALSE(repo->first_parent(*base).has_value());
    CHECK_FALSE(repo->resolve("no-such-branch").has_value());
    CHECK_FALSE(repo->resolve("main~5").has_value());
    CHECK_FALSE(repo->resolve("main:mod.py").has_value());  // a blob, not a commit
}

TEST_CASE("vcs/git: diff lists statuses, renames, binary files and hunk line numbers") {
    TempRepo temp;
    auto repo = vcs::Repository::open(temp.path());
    REQUIRE(repo.ok());
    auto files = repo->diff(*repo->resolve("base"), *repo->resolve("main"));
    REQUIRE(files.ok());

    const auto* modified = find_file(*files, "mod.py");
    REQUIRE(modified != nullptr);
    CHECK(modified->status == rules::FileStatus::modified);
    CHECK_FALSE(modified->binary);
    REQUIRE(modified->hunks.size() == 1);
    const auto& hunk = modified->hunks[0];
    CHECK(hunk.old_start == 1);
    CHECK(hunk.new_start == 1);
    auto added = std::find_if(hunk.lines.begin(), hunk.lines.end(),
        [](const auto& l) { return l.origin == rules::LineOrigin::added; });
    REQUIRE(added != hunk.lines.end());
    CHECK(added->text == "def foo(a, b, c):");
    CHECK(added->new_line == 4);
    CHECK(added->old_line == 0);
    auto removed = std::find_if(hunk.lines.begin(), hunk.lines.end(),
        [](const auto& l) { return l.origin == rules::LineOrigin::removed; });
    REQUIRE(removed != hunk.lines.end());
    CHECK(removed->text == "def foo(a, b):");
    CHECK(removed->old_line == 4);
    CHECK(removed->new_line == 0);
    CHECK(hunk.lines.back().origin == rules::LineOrigin::context);
    CHECK(hunk.lines.back().text == "line 8");  // three lines of context after the change

    const auto* created = find_file(*files, "new.py");
    REQUIRE(created != nullptr);
    CHECK(created->status == rules::FileStatus::added);
    REQUIRE(created->hunks.size() == 1);
    CHECK(created->hunks[0].lines.size() == 5);
    CHECK(created->hunks[0].lines[2].new_line == 3);

    const auto* deleted = find_file(*files, "gone.txt");
    REQUIRE(deleted != nullptr);
    CHECK(deleted->status == rules::FileStatus::deleted);
    CHECK(deleted->old_path == "gone.txt");

    const auto* renamed = find_file(*files, "new_name.py");
    REQUIRE(renamed != nullptr);
    CHECK(renamed->status == rules::FileStatus::renamed);
    CHECK(renamed->old_path == "old_name.py");
    CHECK(renamed->hunks.empty());

    const auto* binary = find_file(*files, "data.bin");
    REQUIRE(binary != nullptr);
    CHECK(binary->binary);
    CHECK(binary->hunks.empty());

    const auto* big = find_file(*files, "big.txt");
    REQUIRE(big != nullptr);
    CHECK(big->status == rules::FileStatus::added);
    CHECK(big->binary);
    CHECK(big->hunks.empty());

    CHECK(files->size() == 6);
}

TEST_CASE("vcs/git: diff of an unknown revision fails") {
    TempRepo temp;
    auto repo = vcs::Repository::open(temp.path());
    REQUIRE(repo.ok());
    auto files = repo->diff("no-such-rev", "main");
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().message.find("no-such-rev") != std::string::npos);
}

TEST_CASE("vcs/git: read_file and list_files") {
    TempRepo temp;
    auto repo = vcs::Repository::open(temp.path());
    REQUIRE(repo.ok());
    auto content = repo->read_file("main", "new.py");
    REQUIRE(content.ok());
    REQUIRE(content->has_value());
    CHECK(content->value().rfind("from mod import foo\n", 0) == 0);

    auto absent = repo->read_file("main", "gone.txt");
    REQUIRE(absent.ok());
    CHECK_FALSE(absent->has_value());
    auto old = repo->read_file("base", "gone.txt");
    REQUIRE(old.ok());
    CHECK(old->value() == "to be deleted\n");

    auto binary = repo->read_file("main", "data.bin");
    REQUIRE_FALSE(binary.ok());
    CHECK(binary.error().kind == rules::ErrorKind::permanent);
    CHECK(binary.error().message.find("data.bin") != std::string::npos);

    auto big = repo->read_file("main", "big.txt");
    REQUIRE_FALSE(big.ok());
    CHECK(big.error().message.find("big.txt") != std::string::npos);

    auto files = repo->list_files("main");
    REQUIRE(files.ok());
    std::vector<std::string> sorted = *files;
    std::sort(sorted.begin(), sorted.end());
    CHECK(sorted == std::vector<std::string>{"big.txt", "data.bin", "mod.py", "new.py", "new_name.py"});
}

TEST_CASE("vcs/git: a bare clone opens and reads the same commits") {
    TempRepo temp;
    temp.git("clone -q --bare . bare.git");
    auto repo = vcs::Repository::open(temp.path() + "/bare.git");
    REQUIRE(repo.ok());
    auto content = repo->read_file("main", "mod.py");
    REQUIRE(content.ok());
    REQUIRE(content->has_value());
    CHECK(content->value().find("def foo(a, b, c):") != std::string::npos);
}

TEST_CASE("vcs/git: search finds whole words, definitions first, and skips paths") {
    TempRepo temp;
    auto repo = vcs::Repository::open(temp.path());
    REQUIRE(repo.ok());
    bool complete = false;
    auto hits =
        repo->search("main", {"foo", "Widget", "result", "fo", "absent_name"}, {"new_name.py"}, &complete);
    CHECK(complete);

    const auto& foo = hits["foo"];
    REQUIRE(foo.size() == 3);  // mod.py:4 (definition), new.py:1 and new.py:3
    CHECK(foo[0].path == "mod.py");
    CHECK(foo[0].line == 4);
    CHECK(foo[0].is_definition);
    CHECK(foo[0].text == "def foo(a, b, c):");
    CHECK_FALSE(foo[1].is_definition);
    CHECK_FALSE(foo[2].is_definition);

    REQUIRE(hits["Widget"].size() == 1);
    CHECK(hits["Widget"][0].is_definition);
    CHECK(hits["Widget"][0].line == 4);
    REQUIRE(hits["result"].size() == 1);
    CHECK(hits["result"][0].is_definition);
    CHECK(hits["fo"].empty());
    CHECK(hits["absent_name"].empty());

    auto limited = repo->search("main", {"line"}, {}, &complete, 2);
    CHECK(limited["line"].size() == 2);

    auto skipped = repo->search("main", {"renamed_function"}, {"new_name.py"}, &complete);
    CHECK(skipped["renamed_function"].empty());
    auto found = repo->search("main", {"renamed_function"}, {}, &complete);
    REQUIRE(found["renamed_function"].size() == 1);
    CHECK(found["renamed_function"][0].is_definition);
}

TEST_CASE("vcs/git: the definition heuristic") {
    // Checks the occurrence of NAME followed by FOLLOWER ("" for the first occurrence).
    auto check = [](std::string_view line, std::string_view name, std::string_view follower = "") {
        return vcs::is_definition_site(
            line, line.find(std::string(name) + std::string(follower)), name.size());
    };
    CHECK(check("    def resize(self, server):", "resize"));
    CHECK(check("async def resize(self):", "resize"));
    CHECK(check("class Resizer(Base):", "Resizer"));
    CHECK(check("export function render(props) {", "render"));
    CHECK(check("const render = (props) => {", "render"));
    CHECK(check("        self.flavor = flavor", "flavor"));
    CHECK(check("MAX_SIZE = 10", "MAX_SIZE"));
    CHECK(check("\tcount := 0", "count"));
    CHECK(check("func (s *Server) Serve(ctx context.Context) error {", "Serve", "("));
    CHECK(check("pub fn parse(input: &str) -> Result<()> {", "parse"));
    CHECK(check("    public static int parse(String s) {", "parse"));
    CHECK(check("static int parse(const char *s)", "parse"));
    CHECK_FALSE(check("    return parse(s);", "parse"));
    CHECK_FALSE(check("    x = parse(s)", "parse"));
    CHECK_FALSE(check("    if x == limit:", "x"));
    CHECK_FALSE(check("    parse(s)", "parse"));
    CHECK_FALSE(check("struct node *next;", "node"));
    CHECK_FALSE(check("    server.resize(flavor)", "flavor"));
}
