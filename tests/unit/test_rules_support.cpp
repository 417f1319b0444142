// Shared helpers for the tests/unit/test_rules_*.cpp files: build a rules::Change from
// small source snippets (parsed with vcs::parse_source, diffed line by line like git
// with three lines of context), and run a comment through the public rules API.
//
// The declarations are in tests/unit/rules_support.h.
#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <string>
#include <vector>

#include "rules/engine.h"
#include "rules/model.h"
#include "rules_support.h"
#include "vcs/syntax.h"

namespace rules_test {

namespace {

std::vector<std::string> split_lines(const std::string& content) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start < content.size()) {
        const size_t nl = content.find('\n', start);
        if (nl == std::string::npos) {
            out.push_back(content.substr(start));
            break;
        }
        out.push_back(content.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

// The edit script between A and B (longest common subsequence), as diff lines with
// both numberings filled.
std::vector<rules::DiffLine> edit_script(
    const std::vector<std::string>& a, const std::vector<std::string>& b) {
    const size_t n = a.size();
    const size_t m = b.size();
    std::vector<std::vector<int>> lcs(n + 1, std::vector<int>(m + 1, 0));
    for (size_t i = n; i-- > 0;) {
        for (size_t j = m; j-- > 0;) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
        }
    }
    std::vector<rules::DiffLine> out;
    size_t i = 0;
    size_t j = 0;
    while (i < n || j < m) {
        if (i < n && j < m && a[i] == b[j]) {
            out.push_back(
                {rules::LineOrigin::context, static_cast<int>(i + 1), static_cast<int>(j + 1), a[i]});
            ++i;
            ++j;
        } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
            out.push_back({rules::LineOrigin::removed, static_cast<int>(i + 1), 0, a[i]});
            ++i;
        } else {
            out.push_back({rules::LineOrigin::added, 0, static_cast<int>(j + 1), b[j]});
            ++j;
        }
    }
    return out;
}

// Hunks of a unified diff with three lines of context.
std::vector<rules::Hunk> hunks_of(const std::vector<rules::DiffLine>& script) {
    constexpr int k_context = 3;
    std::vector<rules::Hunk> out;
    const int size = static_cast<int>(script.size());
    int k = 0;
    while (k < size) {
        if (script[static_cast<size_t>(k)].origin == rules::LineOrigin::context) {
            ++k;
            continue;
        }
        // A change at k: open a hunk with up to three context lines before it.
        const int first = std::max(0, k - k_context);
        int last = k;  // last changed line in the hunk
        int scan = k;
        while (scan < size) {
            if (script[static_cast<size_t>(scan)].origin != rules::LineOrigin::context) {
                last = scan;
                ++scan;
                continue;
            }
            // Context run: does another change follow within 2 * context lines?
            int run_end = scan;
            while (
                run_end < size && script[static_cast<size_t>(run_end)].origin == rules::LineOrigin::context) {
                ++run_end;
            }
            if (run_end < size && run_end - scan <= 2 * k_context) {
                scan = run_end;
                continue;
            }
            break;
        }
        const int end = std::min(size, last + 1 + k_context);  // exclusive
        rules::Hunk h;
        for (int x = first; x < end; ++x) {
            h.lines.push_back(script[static_cast<size_t>(x)]);
        }
        for (const auto& l : h.lines) {
            if (l.origin != rules::LineOrigin::added) {
                h.old_start = h.old_start == 0 ? l.old_line : h.old_start;
                ++h.old_count;
            }
            if (l.origin != rules::LineOrigin::removed) {
                h.new_start = h.new_start == 0 ? l.new_line : h.new_start;
                ++h.new_count;
            }
        }
        out.push_back(h);
        k = end;
    }
    return out;
}

}  // namespace

rules::Change make_change() {
    rules::Change change;
    change.tree_lookup_complete = true;
    return change;
}

void add_file(rules::Change& change, const std::string& path, const std::optional<std::string>& base,
    const std::optional<std::string>& head) {
    rules::FileDiff diff;
    diff.path = path;
    diff.old_path = path;
    diff.status =
        !base ? rules::FileStatus::added : (!head ? rules::FileStatus::deleted : rules::FileStatus::modified);
    diff.hunks = hunks_of(edit_script(base ? split_lines(*base) : std::vector<std::string>{},
        head ? split_lines(*head) : std::vector<std::string>{}));
    change.files.push_back(diff);
    if (base) {
        change.base[path] = vcs::parse_source(path, *base);
    }
    if (head) {
        change.head[path] = vcs::parse_source(path, *head);
    }
}

rules::Change added_file(const std::string& path, const std::string& content) {
    rules::Change change = make_change();
    add_file(change, path, std::nullopt, content);
    return change;
}

rules::Change modified_file(const std::string& path, const std::string& base, const std::string& head) {
    rules::Change change = make_change();
    add_file(change, path, base, head);
    return change;
}

std::vector<rules::Finding> check(
    const std::string& body, const rules::Change& change, const std::optional<std::string>& path) {
    rules::ReviewComment comment;
    comment.id = "c1";
    comment.author = "reviewer";
    comment.path = path;
    comment.body = body;
    std::vector<rules::Finding> out;
    for (const auto& claim : rules::extract_claims(comment)) {
        out.push_back(rules::verify(claim, comment, change));
    }
    return out;
}

std::vector<rules::Finding> check_kind(const std::string& kind, const std::string& body,
    const rules::Change& change, const std::optional<std::string>& path) {
    std::vector<rules::Finding> out;
    for (auto& f : check(body, change, path)) {
        if (f.claim.kind == kind) {
            out.push_back(f);
        }
    }
    return out;
}

std::string span_text(const std::string& body, const rules::Claim& claim) {
    if (claim.span_begin > claim.span_end || claim.span_end > body.size()) {
        return "<span out of range>";
    }
    return body.substr(claim.span_begin, claim.span_end - claim.span_begin);
}

bool none_flagged(const std::vector<rules::Finding>& found) {
    return std::none_of(found.begin(), found.end(),
        [](const rules::Finding& f) { return f.verdict == rules::Verdict::inaccurate; });
}

std::vector<int> evidence_lines(const rules::Finding& finding) {
    std::vector<int> out;
    for (const auto& e : finding.evidence) {
        out.push_back(e.line);
    }
    return out;
}

}  // namespace rules_test

// The helper's diff, checked once so that the kind tests can rely on its numbering.
TEST_CASE("rules/support: the line diff numbers lines like git") {
    const std::string base = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\nk\nl\n";
    const std::string head = "a\nb\nc\nd\nE\nf\ng\nh\ni\nj\nk\nl\nm\n";
    const auto change = rules_test::modified_file("x.py", base, head);
    REQUIRE(change.files.size() == 1);
    const auto& diff = change.files[0];
    CHECK(diff.status == rules::FileStatus::modified);
    // e -> E at line 5 and m added at line 13: the seven unchanged lines 6..12 between
    // them are more than twice the context, so git makes two hunks.
    REQUIRE(diff.hunks.size() == 2);
    const auto& first = diff.hunks[0];
    CHECK(first.old_start == 2);
    CHECK(first.new_start == 2);
    CHECK(first.old_count == 7);  // b c d e f g h
    CHECK(first.new_count == 7);  // b c d E f g h
    REQUIRE(first.lines.size() == 8);
    CHECK(first.lines[3].origin == rules::LineOrigin::removed);
    CHECK(first.lines[3].old_line == 5);
    CHECK(first.lines[3].text == "e");
    CHECK(first.lines[4].origin == rules::LineOrigin::added);
    CHECK(first.lines[4].new_line == 5);
    CHECK(first.lines[4].text == "E");
    const auto& second = diff.hunks[1];
    CHECK(second.new_start == 10);
    CHECK(second.lines.back().origin == rules::LineOrigin::added);
    CHECK(second.lines.back().new_line == 13);
    CHECK(change.head.at("x.py").lines.size() == 13);
    CHECK(change.base.at("x.py").lines.size() == 12);

    const auto added = rules_test::added_file("new.py", "x = 1\ny = 2\n");
    REQUIRE(added.files.size() == 1);
    CHECK(added.files[0].status == rules::FileStatus::added);
    REQUIRE(added.files[0].hunks.size() == 1);
    CHECK(added.files[0].hunks[0].new_start == 1);
    CHECK(added.files[0].hunks[0].new_count == 2);
    CHECK(added.base.empty());
}
