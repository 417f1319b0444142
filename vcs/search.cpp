// Name search over a whole tree: one pass over the blobs, every name looked for in
// each blob with a plain substring search, word boundaries and the definition
// heuristic checked only where a name occurs.
#include "vcs/search.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <unordered_set>

#include "vcs/git.h"
#include "vcs/handles.h"

namespace vcs {

namespace {

// Git's own heuristic: a NUL in the first 8000 bytes makes a blob binary.
constexpr size_t k_binary_probe_bytes = 8000;

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    // Bytes of multi-byte UTF-8 sequences count as word bytes: "naïve" holds no "na".
    return std::isalnum(u) != 0 || c == '_' || u >= 0x80;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

std::string_view last_word(std::string_view s) {
    size_t begin = s.size();
    while (begin > 0 && is_word_byte(s[begin - 1])) {
        --begin;
    }
    return s.substr(begin);
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

// Words that introduce the name they precede.
bool is_definition_keyword(std::string_view word) {
    static const std::unordered_set<std::string_view> keywords = {"def", "class", "function", "struct",
        "interface", "enum", "trait", "type", "fn", "func", "var", "let", "const", "union", "record",
        "namespace", "module", "typedef", "macro_rules"};
    return keywords.contains(word);
}

// Words that, anywhere before `NAME(`, make it a call rather than a C-like definition.
bool is_statement_keyword(std::string_view word) {
    static const std::unordered_set<std::string_view> keywords = {"return", "new", "else", "case", "throw",
        "await", "yield", "not", "and", "or", "in", "if", "elif", "while", "for", "print", "assert", "delete",
        "typeof", "sizeof", "echo", "goto", "co_return", "co_await", "is", "lambda", "del", "raise", "with",
        "from", "import", "except", "go", "defer", "do", "switch", "catch", "when", "match"};
    return keywords.contains(word);
}

// `int NAME(...)`, `public static Foo NAME(`: a type-ish prefix of words without
// operators, on a line that does not end a statement.
bool is_c_like_definition(std::string_view before, std::string_view after, std::string_view whole) {
    if (before.empty() || !starts_with(after, "(") || ends_with(whole, ";")) {
        return false;
    }
    bool has_word = false;
    size_t i = 0;
    while (i < before.size()) {
        const char c = before[i];
        if (is_word_byte(c)) {
            size_t end = i;
            while (end < before.size() && is_word_byte(before[end])) {
                ++end;
            }
            if (is_statement_keyword(before.substr(i, end - i))) {
                return false;
            }
            has_word = true;
            i = end;
            continue;
        }
        if (std::strchr(" \t*&<>:,[]", c) == nullptr) {
            return false;
        }
        ++i;
    }
    return has_word;
}

struct NameHits {
    std::vector<rules::Location> definitions;
    std::vector<rules::Location> uses;
};

bool is_skipped(const std::string& path, const std::vector<std::string>& skip_paths) {
    return std::any_of(skip_paths.begin(), skip_paths.end(), [&](const std::string& skip) {
        return path == skip || (!skip.empty() && path.size() > skip.size() && starts_with(path, skip) &&
                                   (skip.back() == '/' || path[skip.size()] == '/'));
    });
}

// Adds the lines of CONTENT where NAME occurs as a whole word to HITS.
void scan_blob(const std::string& path, std::string_view content, const std::string& name, NameHits& hits,
    size_t max_hits) {
    size_t line_number = 1;
    size_t counted_to = 0;                            // newlines before this offset are in line_number
    size_t last_line_start = std::string_view::npos;  // the line already recorded
    size_t pos = content.find(name);
    while (pos != std::string_view::npos) {
        const size_t end = pos + name.size();
        const bool whole_word = (pos == 0 || !is_word_byte(content[pos - 1])) &&
                                (end >= content.size() || !is_word_byte(content[end]));
        if (whole_word) {
            line_number +=
                static_cast<size_t>(std::count(content.begin() + static_cast<std::ptrdiff_t>(counted_to),
                    content.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
            counted_to = pos;
            const size_t newline_before = content.rfind('\n', pos);
            const size_t line_start = newline_before == std::string_view::npos ? 0 : newline_before + 1;
            size_t line_end = content.find('\n', pos);
            if (line_end == std::string_view::npos) {
                line_end = content.size();
            }
            const std::string_view line = content.substr(line_start, line_end - line_start);
            const bool definition = is_definition_site(line, pos - line_start, name.size());
            auto& bucket = definition ? hits.definitions : hits.uses;
            if (line_start == last_line_start) {
                // A second occurrence on a recorded line can only upgrade it to a definition.
                if (definition && !hits.uses.empty() && hits.uses.back().path == path &&
                    hits.uses.back().line == static_cast<int>(line_number)) {
                    auto moved = std::move(hits.uses.back());
                    hits.uses.pop_back();
                    moved.is_definition = true;
                    if (hits.definitions.size() < max_hits) {
                        hits.definitions.push_back(std::move(moved));
                    }
                }
            } else if (bucket.size() < max_hits) {
                bucket.push_back({path, static_cast<int>(line_number), std::string(trim(line)), definition});
                last_line_start = line_start;
            }
            if (hits.definitions.size() >= max_hits && hits.uses.size() >= max_hits) {
                return;
            }
        }
        pos = content.find(name, pos + 1);
    }
}

}  // namespace

bool is_definition_site(std::string_view line, size_t at, size_t length) {
    const std::string_view before = trim(line.substr(0, at));
    const std::string_view after = trim(line.substr(at + length));
    const std::string_view whole = trim(line);

    if (const auto keyword = last_word(before); is_definition_keyword(keyword)) {
        // `struct foo *p` uses a C tag; `struct foo {` defines it.
        const bool tag = keyword == "struct" || keyword == "union" || keyword == "enum";
        return !tag || after.empty() || std::strchr("{(<:;", after.front()) != nullptr;
    }
    // Go methods: `func (r *T) NAME(`.
    if (starts_with(whole, "func ") && ends_with(before, ")") &&
        (starts_with(after, "(") || starts_with(after, "["))) {
        return true;
    }
    const bool bare = before.empty() || ends_with(before, "self.") || ends_with(before, "this.") ||
                      ends_with(before, "cls.");
    if (bare) {
        if (starts_with(after, ":=")) {
            return true;
        }
        if (starts_with(after, "=") && !starts_with(after, "==") && !starts_with(after, "=>")) {
            return true;
        }
        // `NAME: int = 0` (Python, TypeScript fields), not `a::b`.
        if (starts_with(after, ":") && !starts_with(after, "::") && before.empty()) {
            return true;
        }
        // `NAME += 1` is a use; compound assignments fall through.
        return false;
    }
    return is_c_like_definition(before, after, whole);
}

std::map<std::string, std::vector<rules::Location>> search_tree(git_repository* repo,
    const std::string& commit, const std::vector<std::string>& names,
    const std::vector<std::string>& skip_paths, bool* complete, size_t max_hits) {
    bool done = true;
    std::map<std::string, std::vector<rules::Location>> result;
    std::map<std::string, NameHits> hits;
    for (const auto& name : names) {
        if (!name.empty()) {
            hits[name];
        }
    }
    auto blobs = list_blobs(repo, commit);
    git_odb* raw_odb = nullptr;
    if (!blobs || hits.empty() || max_hits == 0 || git_repository_odb(&raw_odb, repo) != 0) {
        if (complete != nullptr) {
            *complete = blobs.ok() && (hits.empty() || max_hits == 0);
        }
        return result;
    }
    OdbHandle odb(raw_odb);

    size_t files_read = 0;
    size_t bytes_read = 0;
    for (const auto& entry : *blobs) {
        if (is_skipped(entry.path, skip_paths)) {
            continue;
        }
        size_t size = 0;
        git_object_t type = GIT_OBJECT_INVALID;
        if (git_odb_read_header(&size, &type, odb.get(), &entry.id) != 0 || size > k_max_file_bytes) {
            continue;  // unreadable or too large: not text we would quote
        }
        if (files_read + 1 > k_search_max_files || bytes_read + size > k_search_max_bytes) {
            done = false;
            break;
        }
        ++files_read;
        bytes_read += size;
        git_blob* raw_blob = nullptr;
        if (git_blob_lookup(&raw_blob, repo, &entry.id) != 0) {
            done = false;
            continue;
        }
        BlobHandle blob(raw_blob);
        const std::string_view content(static_cast<const char*>(git_blob_rawcontent(blob.get())),
            static_cast<size_t>(git_blob_rawsize(blob.get())));
        if (content.substr(0, k_binary_probe_bytes).find('\0') != std::string_view::npos) {
            continue;
        }
        for (auto& [name, found] : hits) {
            if (found.definitions.size() < max_hits || found.uses.size() < max_hits) {
                scan_blob(entry.path, content, name, found, max_hits);
            }
        }
    }

    for (auto& [name, found] : hits) {
        auto& out = result[name];
        out = std::move(found.definitions);
        for (auto& use : found.uses) {
            if (out.size() >= max_hits) {
                break;
            }
            out.push_back(std::move(use));
        }
    }
    if (complete != nullptr) {
        *complete = done;
    }
    return result;
}

}  // namespace vcs
