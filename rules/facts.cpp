#include "rules/facts.h"

#include <algorithm>

#include "rules/text.h"

namespace rules::facts {

std::vector<const SourceFile*> files_for(const Change& change, const ReviewComment& comment) {
    std::vector<const SourceFile*> out;
    if (comment.path) {
        if (auto it = change.head.find(*comment.path); it != change.head.end()) {
            out.push_back(&it->second);
        }
        // A comment on a file the change does not touch is about that file, which is
        // not read: nothing here settles it.
        return out;
    }
    for (const auto& [path, file] : change.head) {
        out.push_back(&file);
    }
    // The files the change adds most to first: a change-level comment is most likely
    // about them, and their evidence reads best.
    std::stable_sort(out.begin(), out.end(), [&](const SourceFile* a, const SourceFile* b) {
        return added_lines(change, a->path).size() > added_lines(change, b->path).size();
    });
    return out;
}

std::vector<DefHit> definitions(
    const std::vector<const SourceFile*>& files, std::string_view name, const std::vector<DefKind>& kinds) {
    std::vector<DefHit> out;
    for (const auto* f : files) {
        for (const auto& d : f->definitions) {
            if (d.name != name) {
                continue;
            }
            if (!kinds.empty() && std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end()) {
                continue;
            }
            out.push_back({f, &d});
        }
    }
    return out;
}

std::vector<const Reference*> references(const SourceFile& file, std::string_view name, int first, int last) {
    std::vector<const Reference*> out;
    for (const auto& r : file.references) {
        if (r.name == name && r.line >= first && r.line <= last) {
            out.push_back(&r);
        }
    }
    return out;
}

namespace {

bool in_lines(const std::vector<std::string>& lines, std::string_view name) {
    return std::any_of(
        lines.begin(), lines.end(), [&](const std::string& l) { return text::contains_word(l, name); });
}

bool in_lookup(const Change& change, std::string_view name) {
    auto it = change.tree_lookup.find(std::string(name));
    return it != change.tree_lookup.end() && !it->second.empty();
}

}  // namespace

bool occurs_at_head(const Change& change, std::string_view name) {
    for (const auto& [path, f] : change.head) {
        if (in_lines(f.lines, name)) {
            return true;
        }
    }
    return in_lookup(change, name);
}

bool occurs_anywhere(const Change& change, std::string_view name) {
    if (occurs_at_head(change, name)) {
        return true;
    }
    for (const auto& [path, f] : change.base) {
        if (in_lines(f.lines, name)) {
            return true;
        }
    }
    return false;
}

std::pair<int, int> statement_lines(const SourceFile& file, int n) {
    // Bracket depth at the start of each line, ignoring brackets inside simple strings.
    // Computed from line 1 only as far as the statement's end: the depth at a line
    // depends on the lines above it alone.
    const int count = static_cast<int>(file.lines.size());
    if (n < 1 || n > count) {
        return {n, n};
    }
    const bool python = file.language == "python";
    std::vector<int> depth{0};  // depth[i]: at the start of line i (1-based)
    int d = 0;
    const auto scan_line = [&] {
        const int i = static_cast<int>(depth.size());
        depth.push_back(d);
        char quote = 0;
        for (char c : file.lines[static_cast<size_t>(i - 1)]) {
            if (quote) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '#' && python) {
                break;
            } else if (c == '(' || c == '[' || c == '{') {
                ++d;
            } else if ((c == ')' || c == ']' || c == '}') && d > 0) {
                --d;
            }
        }
    };
    // The depth at the start of line i, for i up to count + 1.
    const auto depth_at = [&](int i) {
        while (static_cast<int>(depth.size()) <= i) {
            if (static_cast<int>(depth.size()) > count) {
                depth.push_back(d);  // after the last line
            } else {
                scan_line();
            }
        }
        return depth[static_cast<size_t>(i)];
    };
    int first = n;
    while (first > 1 && depth_at(first) > 0) {
        --first;
    }
    int last = n;
    while (last < count && depth_at(last + 1) > 0) {
        ++last;
    }
    return {first, last};
}

const FileDiff* diff_of(const Change& change, const std::string& path) {
    for (const auto& f : change.files) {
        if (f.path == path) {
            return &f;
        }
    }
    return nullptr;
}

std::vector<int> line_readings(const Change& change, const SourceFile& file, int n) {
    std::vector<int> out{n};
    if (const auto* d = diff_of(change, file.path)) {
        int pos_plain = 0;
        int pos_headers = 0;
        for (const auto& h : d->hunks) {
            ++pos_headers;
            for (const auto& l : h.lines) {
                ++pos_plain;
                ++pos_headers;
                if (l.new_line > 0 && (pos_plain == n || pos_headers == n)) {
                    out.push_back(l.new_line);
                }
            }
        }
    }
    std::vector<int> unique;
    for (int r : out) {
        if (std::find(unique.begin(), unique.end(), r) == unique.end()) {
            unique.push_back(r);
        }
    }
    return unique;
}

std::vector<int> added_lines(const Change& change, const std::string& path) {
    std::vector<int> out;
    if (const auto* d = diff_of(change, path)) {
        for (const auto& h : d->hunks) {
            for (const auto& l : h.lines) {
                if (l.origin == LineOrigin::added) {
                    out.push_back(l.new_line);
                }
            }
        }
    }
    return out;
}

const Definition* enclosing_function(const SourceFile& file, int line) {
    const Definition* best = nullptr;
    for (const auto& d : file.definitions) {
        if ((d.kind == DefKind::function || d.kind == DefKind::method) && d.start_line <= line &&
            line <= d.end_line) {
            if (!best || d.start_line >= best->start_line) {
                best = &d;
            }
        }
    }
    return best;
}

const SourceFile* parsed_base(const Change& change, const std::string& path) {
    if (change.parse_base) {
        return change.parse_base(path);
    }
    auto it = change.base.find(path);
    return it == change.base.end() ? nullptr : &it->second;
}

Evidence evidence(const SourceFile& file, int line) {
    Evidence e;
    e.path = file.path;
    e.line = line;
    if (const auto* l = file.line(line)) {
        e.text = text::trim(*l);
    }
    return e;
}

}  // namespace rules::facts
