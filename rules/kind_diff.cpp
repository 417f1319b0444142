// Diff changes: claims about what the change did. "These imports are commented out",
// "two new lines have been added", "the role 'x' has been removed", "the default of
// `y` changed from False to True".
//
// The diff's removed and added lines settle them, read literally:
//  - Commented out: some added line must be a comment. With none, the code was
//    deleted (or changed), not commented out.
//  - A count of added lines or imports ("two new lines", "three import statements"):
//    wrong when it matches no way of counting the additions (non-blank lines, lines,
//    statements), and only for counts of two or more, where the reviewer counted.
//  - A quoted fragment said to be removed must be on a removed line; one said to be
//    added must be on an added line. Wrong when the fragment is on the other side only,
//    or untouched at head.
//  - "Changed from A to B": wrong when the diff went from B to A.
// Everything else about a change (its purpose, its effect) is left alone.
#include <regex>

#include "rules/facts.h"
#include "rules/kinds.h"

namespace rules::kinds {

namespace {

enum Form { commented = 0, count_lines = 1, count_imports = 2, removed = 3, added = 4, from_to = 5 };

std::vector<std::string> quoted_fragments(const Sentence& s, const text::Span& span) {
    std::vector<std::string> out;
    for (const auto& m : text::mentions(s.body, span)) {
        if ((m.quoted || m.backticked) && m.code.size() >= 3) {
            out.push_back(m.code);
        }
    }
    return out;
}

}  // namespace

void extract_diff(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    static const std::regex k_commented(R"(\b(?:is|are|was|were|been|being|get|got)\s+commented\s+out\b)");
    static const std::regex k_count(
        R"(\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:new\s+)?(?:lines?(?:\s+of\s+code)?|(import)\s+statements?|imports)\s+(?:have|has|were|are)\s+(?:been\s+)?added\b|)"
        R"(\baddition\s+of\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:new\s+)?lines?\b)");
    static const std::regex k_removed(R"(\b(?:has|have)\s+been\s+(removed|deleted|dropped|added|introduced|inserted)\b)");
    static const std::regex k_from_to(R"(\bchanged\s+from\s+(\S+)\s+to\s+(\S+?)[.,;]?(?:\s|$))");
    std::smatch m;
    if (std::regex_search(l, m, k_commented)) {
        Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
        c.number = commented;
        out.push_back(c);
        return;
    }
    if (std::regex_search(l, m, k_count)) {
        const int g = m[1].matched ? 1 : 3;
        const auto n = text::number_word(m.str(g));
        if (n && *n >= 2) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            c.number = m[2].matched ? count_imports : count_lines;
            c.object = std::to_string(*n);
            out.push_back(c);
            return;
        }
    }
    if (std::regex_search(l, m, k_from_to)) {
        Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
        c.number = from_to;
        auto strip = [](std::string v) {
            while (!v.empty() && (v.front() == '\'' || v.front() == '"' || v.front() == '`')) {
                v.erase(0, 1);
            }
            while (!v.empty() && (v.back() == '\'' || v.back() == '"' || v.back() == '`' || v.back() == '.')) {
                v.pop_back();
            }
            return v;
        };
        // Original spelling from the body.
        c.subject = strip(std::string(s.str().substr(static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1)))));
        c.object = strip(std::string(s.str().substr(static_cast<size_t>(m.position(2)), static_cast<size_t>(m.length(2)))));
        if (text::is_name_like(c.subject) && text::is_name_like(c.object)) {
            out.push_back(c);
        }
        return;
    }
    if (std::regex_search(l, m, k_removed)) {
        const auto frags = quoted_fragments(s, s.span);
        if (!frags.empty()) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            const std::string verb = m.str(1);
            c.number = (verb == "added" || verb == "introduced" || verb == "inserted") ? added : removed;
            for (const auto& f : frags) {
                c.subject += (c.subject.empty() ? "" : "\n") + f;
            }
            out.push_back(c);
        }
    }
}

namespace {

struct Sides {
    std::vector<std::pair<std::string, int>> added;    // text, head line
    std::vector<std::pair<std::string, int>> removed;  // text, base line
};

Sides sides(const Change& change, const std::vector<const SourceFile*>& files) {
    Sides out;
    for (const auto* f : files) {
        if (const auto* d = facts::diff_of(change, f->path)) {
            for (const auto& h : d->hunks) {
                for (const auto& l : h.lines) {
                    if (l.origin == LineOrigin::added) {
                        out.added.emplace_back(l.text, l.new_line);
                    } else if (l.origin == LineOrigin::removed) {
                        out.removed.emplace_back(l.text, l.old_line);
                    }
                }
            }
        }
    }
    return out;
}

bool is_comment_line(const std::string& line) {
    const std::string t = text::trim(line);
    for (const char* marker : {"#", "//", "/*", "*", "<!--", "--"}) {
        if (t.rfind(marker, 0) == 0) {
            return true;
        }
    }
    return false;
}

bool on_side(const std::vector<std::pair<std::string, int>>& side, const std::string& frag) {
    for (const auto& [t, n] : side) {
        if (t.find(frag) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

Finding verify_diff(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    const Sides d = sides(change, files);
    if (d.added.empty() && d.removed.empty()) {
        return unverifiable(c, "the diff of the files in question is empty");
    }
    const Form form = static_cast<Form>(c.number.value_or(-1));
    switch (form) {
    case commented: {
        for (const auto& [t, n] : d.added) {
            if (is_comment_line(t)) {
                return unverifiable(c, "the change adds comment lines");
            }
        }
        if (d.removed.empty()) {
            return unverifiable(c, "the change removes nothing");
        }
        std::vector<Evidence> ev;
        const auto* f = files.front();
        ev.push_back(Evidence{f->path + " (before the change)", d.removed.front().second, text::trim(d.removed.front().first)});
        return make_finding(c, Verdict::inaccurate,
                            "nothing is commented out: the change deletes " + std::to_string(d.removed.size()) +
                                " line(s) and adds no comment line",
                            ev);
    }
    case count_lines:
    case count_imports: {
        const int claimed = std::stoi(c.object);
        int nonblank = 0;
        int imports = 0;
        for (const auto& [t, n] : d.added) {
            const std::string tt = text::trim(t);
            nonblank += tt.empty() ? 0 : 1;
            imports += (tt.rfind("import ", 0) == 0 || tt.rfind("from ", 0) == 0 || tt.rfind("#include", 0) == 0 ||
                        tt.rfind("use ", 0) == 0)
                           ? 1
                           : 0;
        }
        const int total = static_cast<int>(d.added.size());
        if (form == count_imports) {
            if (imports == claimed) {
                return make_finding(c, Verdict::accurate, "the change adds " + std::to_string(imports) + " imports");
            }
            return make_finding(c, Verdict::inaccurate,
                                "the change adds " + std::to_string(imports) + " import statement(s), not " + c.object);
        }
        if (claimed == nonblank || claimed == total) {
            return make_finding(c, Verdict::accurate, "the change adds " + std::to_string(nonblank) + " lines");
        }
        std::vector<Evidence> ev;
        for (const auto& [t, n] : d.added) {
            if (ev.size() < 4 && !text::trim(t).empty()) {
                ev.push_back(Evidence{files.front()->path, n, text::trim(t)});
            }
        }
        return make_finding(c, Verdict::inaccurate,
                            "the change adds " + std::to_string(nonblank) + " non-blank line(s), not " + c.object, ev);
    }
    case removed:
    case added: {
        std::size_t start = 0;
        while (start <= c.subject.size()) {
            const size_t nl = c.subject.find('\n', start);
            const std::string frag = c.subject.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
            start = nl == std::string::npos ? c.subject.size() + 1 : nl + 1;
            const bool in_added = on_side(d.added, frag);
            const bool in_removed = on_side(d.removed, frag);
            if (form == removed && !in_removed && in_added) {
                return make_finding(c, Verdict::inaccurate, "`" + frag + "` is on an added line, not a removed one");
            }
            if (form == added && !in_added && in_removed) {
                return make_finding(c, Verdict::inaccurate, "`" + frag + "` is on a removed line, not an added one");
            }
        }
        return unverifiable(c, "the fragments are on the side the claim says, or not in the diff");
    }
    case from_to: {
        const auto has = [](const std::vector<std::pair<std::string, int>>& side, const std::string& w) {
            for (const auto& [t, n] : side) {
                if (text::contains_word(t, w)) {
                    return true;
                }
            }
            return false;
        };
        const bool forward = has(d.removed, c.subject) && has(d.added, c.object);
        const bool backward = has(d.removed, c.object) && has(d.added, c.subject);
        if (backward && !forward) {
            return make_finding(c, Verdict::inaccurate,
                                "the change went from `" + c.object + "` to `" + c.subject + "`, not the other way");
        }
        return unverifiable(c, "the direction of the change agrees or cannot be told");
    }
    }
    return unverifiable(c, "not a change claim this checker reads");
}

}  // namespace rules::kinds
