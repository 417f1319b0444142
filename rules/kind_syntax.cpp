// Syntax details: "line 34 has a trailing comma", "`x` is assigned with a trailing
// comma", "the closing quotes of the docstring are not aligned with the opening ones".
//
// These are about the exact characters of lines, so the lines settle them. A trailing
// comma is a comma that ends the line's code (before a comment) or that stands before a
// closing bracket. The line is the numbered one (under every reading a reviewer may use)
// or, with no number, the lines of the named thing's definition or assignment. The claim
// is wrong only when no such line agrees (a positive claim) or every one disagrees. Docstring alignment
// compares the indentation of the opening and the closing quotes of each multi-line docstring in question.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

void extract_syntax(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    if (!has_any(l, {"trailing", "closing"})) {
        return;
    }
    static const text::Regex k_comma(
        R"(\b(with|without|has|have|no|missing|lacks)\s+(?:a\s+|any\s+)?trailing\s+commas?\b)");
    static const text::Regex k_line(R"(\bline\s+(\d{1,6})\b)");
    for (const auto& cl : text::clauses(s.body, s.span)) {
        const size_t off = cl.begin - s.span.begin;
        const std::string cl_lower = l.substr(off, cl.end - cl.begin);
        std::smatch m;
        if (std::regex_search(cl_lower, m, k_comma)) {
            Claim c = make_claim(s, "syntax-detail", cl.begin + static_cast<size_t>(m.position(0)),
                cl.begin + static_cast<size_t>(m.position(0) + m.length(0)));
            c.object = "trailing-comma";
            const std::string w = m.str(1);
            c.negated = w == "without" || w == "no" || w == "missing" || w == "lacks";
            std::smatch lm;
            if (std::regex_search(cl_lower, lm, k_line)) {
                c.number = std::stoi(lm.str(1));
            }
            for (const auto& mention : text::mentions(s.body, cl)) {
                const std::string name = text::mention_name(mention.code);
                if (!name.empty() && mention.backticked) {
                    c.subject = name;
                    break;
                }
            }
            if (c.number || !c.subject.empty()) {
                out.push_back(c);
            }
        }
    }
    if (l.find("closing") != std::string::npos && l.find("align") != std::string::npos &&
        (l.find("quote") != std::string::npos || l.find("\"") != std::string::npos ||
            l.find("docstring") != std::string::npos)) {
        Claim c = make_claim(s, "syntax-detail", s.span.begin, s.span.end);
        c.object = "docstring-alignment";
        c.negated = l.find("not aligned") != std::string::npos ||
                    l.find("should be aligned") != std::string::npos ||
                    l.find("misaligned") != std::string::npos;
        // The docstring's owner: named here or in the sentence before.
        for (const auto* ms : {&s.mentions, &s.previous}) {
            for (const auto& mention : *ms) {
                if (mention.backticked && !text::mention_name(mention.code).empty() && c.subject.empty()) {
                    c.subject = text::mention_name(mention.code);
                }
            }
        }
        if (c.negated) {
            out.push_back(c);
        }
    }
}

namespace {

bool trailing_comma(const SourceFile& f, int n) {
    const auto* line = f.line(n);
    if (!line) {
        return false;
    }
    // The line's code without string literals or a trailing comment.
    std::string code;
    char quote = 0;
    for (char ch : *line) {
        if (quote) {
            if (ch == quote) {
                quote = 0;
                code += '_';
            }
            continue;
        }
        if (ch == '"' || ch == '\'' || ch == '`') {
            quote = ch;
            continue;
        }
        code += ch;
    }
    for (const char* marker : {" #", " //"}) {
        if (auto p = code.find(marker); p != std::string::npos) {
            code = code.substr(0, p);
        }
    }
    code = text::trim(code);
    if (!code.empty() && code.back() == ',') {
        return true;
    }
    static const text::Regex k_before_close(R"(,\s*[)\]}])");
    return std::regex_search(code, k_before_close);
}

Finding verify_comma(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    std::vector<std::pair<const SourceFile*, int>> lines;
    for (const auto* f : files) {
        if (c.number) {
            for (int r : facts::line_readings(change, *f, *c.number)) {
                if (f->line(r)) {
                    lines.emplace_back(f, r);
                }
            }
        }
        if (!c.subject.empty() && !c.number) {
            // The lines of a definition spread over several: a function's signature, a
            // struct or an assignment whose last item ends with the comma.
            for (const auto& d : f->definitions) {
                if (d.name != c.subject) {
                    continue;
                }
                int last = d.end_line;
                if (d.kind == DefKind::function || d.kind == DefKind::method) {
                    last = d.start_line;
                    for (const auto& p : d.parameters) {
                        last = std::max(last, p.line + 1);
                    }
                }
                for (int n = d.start_line; n <= std::min({last, d.end_line, d.start_line + 200}); ++n) {
                    lines.emplace_back(f, n);
                }
            }
        }
    }
    if (lines.empty()) {
        return unverifiable(c, "the line in question is not in the changed files");
    }
    std::vector<Evidence> ev;
    bool any = false;
    bool all = true;
    for (const auto& [f, n] : lines) {
        const bool has = trailing_comma(*f, n);
        any = any || has;
        all = all && has;
        if (ev.size() < 3) {
            ev.push_back(facts::evidence(*f, n));
        }
    }
    if (!c.negated && !any) {
        return make_finding(c, Verdict::inaccurate, "no trailing comma there", ev);
    }
    if (c.negated && all) {
        return make_finding(c, Verdict::inaccurate, "there is a trailing comma there", ev);
    }
    return make_finding(
        c, Verdict::accurate, c.negated ? "no trailing comma there" : "there is a trailing comma");
}

int indent(const std::string& line) {
    int n = 0;
    for (char ch : line) {
        if (ch == ' ') {
            ++n;
        } else if (ch == '\t') {
            n += 8;
        } else {
            break;
        }
    }
    return n;
}

Finding verify_alignment(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    std::vector<Evidence> ev;
    int checked = 0;
    for (const auto* f : files) {
        for (const auto& d : f->definitions) {
            if (!d.docstring_line || (!c.subject.empty() && d.name != c.subject)) {
                continue;
            }
            const int open = *d.docstring_line;
            const auto* first = f->line(open);
            if (!first) {
                continue;
            }
            const std::string delim = first->find("'''") != std::string::npos ? "'''" : "\"\"\"";
            const size_t p = first->find(delim);
            if (p == std::string::npos || first->find(delim, p + 3) != std::string::npos) {
                continue;  // one-line docstring or not a triple-quoted one
            }
            for (int i = open + 1; i <= open + 400 && f->line(i); ++i) {
                if (f->line(i)->find(delim) != std::string::npos) {
                    if (text::trim(*f->line(i)) != delim) {
                        return unverifiable(c, "the closing quotes share a line with text");
                    }
                    if (indent(*f->line(i)) != indent(*first)) {
                        return make_finding(c, Verdict::accurate, "the quotes are indented differently");
                    }
                    ++checked;
                    ev.push_back(facts::evidence(*f, open));
                    ev.push_back(facts::evidence(*f, i));
                    break;
                }
            }
        }
    }
    if (checked == 0) {
        return unverifiable(c, "no multi-line docstring of that definition in the changed files");
    }
    return make_finding(
        c, Verdict::inaccurate, "the closing quotes are already aligned with the opening ones", ev);
}

}  // namespace

Finding verify_syntax(const Claim& c, const ReviewComment& comment, const Change& change) {
    if (c.object == "trailing-comma") {
        return verify_comma(c, comment, change);
    }
    return verify_alignment(c, comment, change);
}

}  // namespace rules::kinds
