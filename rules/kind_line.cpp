// Line references: "in line 34, `self.flavor1` is assigned", "the comment on line 53",
// "a try-except block on line 40", "In line 13, the import statement for `x`".
//
// The claim puts something on a numbered line: a name, or a construct (an import, a
// comment, a try block, an assertion, a definition, a return). The line may be counted
// in the file at head or in the file's diff (with or without hunk headers), and a
// statement may span several lines: the claim is right when any reading puts the thing
// on any line of the statement there, in any file the comment may mean, or on that line
// of the file before the change (a removed line is numbered there). It is wrong only
// when no reading does, and then we say where the thing really is, or that it is
// nowhere. A number past the end of every candidate file stays open: the reviewer may
// mean a file outside the change.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

struct Construct {
    const char* word;   // in the claim, lower-cased
    const char* label;  // how the reply names it
};

const std::vector<Construct>& constructs() {
    static const std::vector<Construct> k_constructs = {
        {"try", "a try block"},
        {"catch", "a catch block"},
        {"except", "an except clause"},
        {"import", "an import"},
        {"comment", "a comment"},
        {"assert", "an assertion"},
        {"return", "a return"},
        {"docstring", "a docstring"},
    };
    return k_constructs;
}

}  // namespace

void extract_line(const Sentence& s, std::vector<Claim>& out) {
    static const text::Regex k_line(
        R"(\b(?:on|in|at)\s+line\s+(\d{1,6})\b|\bline\s+(\d{1,6})\s+(?:has|contains|is|defines|shows)\b)");
    const std::string& l = s.lowered;
    if (!has_any(l, {"line"})) {
        return;
    }
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_line); it != text::RegexIterator(); ++it) {
        const auto& m = *it;
        const int g = m[1].matched ? 1 : 2;
        const int n = std::stoi(m.str(g));
        // "the error points at line 2", "reports line 7": a line of the program's data
        // (its input, a message), not of the file.
        static const text::Regex k_data(
            R"(\b(?:points?|pointing|refers?|referring|reports?|reporting|returns?|expects?|expecting)\s*$)");
        if (std::regex_search(l.substr(0, static_cast<size_t>(m.position(0))), k_data)) {
            continue;
        }
        // The clause holding the line number says what is on it.
        text::Span clause{s.span.begin, s.span.end};
        for (const auto& cl : text::clauses(s.body, s.span)) {
            if (cl.begin <= s.at(static_cast<size_t>(m.position(0))) &&
                s.at(static_cast<size_t>(m.position(0))) < cl.end) {
                clause = cl;
            }
        }
        const std::string cl_lower = text::lower(s.body.substr(clause.begin, clause.end - clause.begin));
        // "there is no try on line 1", "line 36 has no comment": absence, which the
        // construct and name checks below do not read.
        static const text::Regex k_absent(
            R"(\bthere(?:\s+is|'s|\s+are)\s+no\b|\b(?:has|have|contains?)\s+no\b|\bno\s+(?:[\w/-]+\s+){0,3}(?:on|at|in)\s+line\b)");
        if (std::regex_search(cl_lower, k_absent)) {
            continue;
        }
        // "on line 8 of tests/test_utils.py": a file named in the claim, maybe not in the change.
        static const text::Regex k_of_file(R"(^\s+(?:of|in)\s+`?[\w./-]+\.[a-z]{1,5}\b)");
        if (std::regex_search(l.substr(static_cast<size_t>(m.position(0) + m.length(0))), k_of_file)) {
            continue;
        }
        Claim c = make_claim(s, "line-reference", clause.begin, clause.end);
        c.number = n;
        for (const auto& mention : text::mentions(s.body, clause)) {
            // The name as written (`self.flavor1`, `json.load`), without call parentheses.
            std::string code = text::trim(mention.code.substr(0, mention.code.find('(')));
            // A statement (`go p.close()`, `return x`): the name it ends with.
            if (const size_t space = code.find_last_of(" \t"); space != std::string::npos) {
                code = code.substr(space + 1);
            }
            if (!text::mention_name(code).empty() && mention.backticked) {
                c.subject += (c.subject.empty() ? "" : " ") + code;
            }
        }
        for (const auto& k : constructs()) {
            // The construct as a noun: "a return", "the import", "comments", "try-except".
            // A handler only as one: "the catch block", "`except ValueError`" (not "except
            // for", not "exception").
            const bool handler = std::string(k.word) == "catch" || std::string(k.word) == "except";
            const text::Regex noun(
                handler ? std::string("(?:`") + k.word + "\\b|\\b" + k.word +
                              "(?:\\s*\\([^)]*\\))?`?\\s+(?:block|clause|handler))"
                        : std::string("\\b") + k.word + "(?:s|ion|ions|-except|/except|-catch)?\\b");
            if (std::regex_search(cl_lower, noun)) {
                c.object += (c.object.empty() ? "" : " ") + std::string(k.word);
            }
        }
        if (!c.subject.empty() || !c.object.empty()) {
            out.push_back(c);
        }
    }
}

namespace {

bool construct_on(const SourceFile& f, const std::string& word, int first, int last) {
    auto within = [&](int a, int b) { return a <= last && b >= first; };
    if (word == "try" || word == "catch" || word == "except") {
        // "the try/except on line 76" may point at the `try` or at one of its handlers.
        static const text::Regex k_handler(R"(^\s*(?:\}\s*)?(?:except|catch|finally)\b)");
        for (const auto& t : f.try_blocks) {
            if (word == "try" && t.start_line >= first && t.start_line <= last) {
                return true;
            }
            for (int i = std::max(first, t.start_line); i <= std::min(last, t.end_line); ++i) {
                if (const auto* line = f.line(i); line && std::regex_search(*line, k_handler) &&
                                                  (word == "try" || line->find(word) != std::string::npos)) {
                    return true;
                }
            }
        }
        return false;
    }
    if (word == "import") {
        for (const auto& i : f.imports) {
            if (within(i.line, i.line)) {
                return true;
            }
        }
        return false;
    }
    if (word == "comment") {
        for (const auto& cm : f.comments) {
            if (within(cm.start_line, cm.end_line)) {
                return true;
            }
        }
        return false;
    }
    if (word == "docstring") {
        for (const auto& d : f.definitions) {
            if (d.docstring_line && *d.docstring_line >= first - 1 && *d.docstring_line <= last) {
                return true;
            }
        }
        return false;
    }
    for (int i = first; i <= last; ++i) {
        if (const auto* line = f.line(i); line && text::lower(*line).find(word) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// NAME as written, or its last part: `self.f` is on a line that defines `f`.
bool name_on(const SourceFile& f, const std::string& name, int first, int last) {
    const std::string last_part = text::mention_name(name);
    for (int i = first; i <= last; ++i) {
        if (const auto* line = f.line(i);
            line && (text::contains_word(*line, name) || text::contains_word(*line, last_part))) {
            return true;
        }
    }
    return false;
}

// Whether F defines a function, method or class NAME whose lines hold line N.
bool encloses(const SourceFile& f, const std::string& name, int n) {
    const std::string last_part = text::mention_name(name);
    for (const auto& d : f.definitions) {
        if ((d.kind == DefKind::function || d.kind == DefKind::method || d.kind == DefKind::class_) &&
            d.name == last_part && d.start_line <= n && n <= d.end_line) {
            return true;
        }
    }
    return false;
}

// Where NAME (its first line) or WORD (its nearest line to N) really is in F.
std::optional<int> where_is(const SourceFile& f, const std::string& name, const std::string& word, int n) {
    const int count = static_cast<int>(f.lines.size());
    if (!name.empty()) {
        for (int i = 1; i <= count; ++i) {
            if (name_on(f, name, i, i)) {
                return i;
            }
        }
        return std::nullopt;
    }
    for (int d = 0; d <= count; ++d) {
        for (int i : {n - d, n + d}) {
            if (i >= 1 && i <= count && construct_on(f, word, i, i)) {
                return i;
            }
        }
    }
    return std::nullopt;
}

}  // namespace

Finding verify_line(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    std::vector<std::string> names;
    for (size_t start = 0; start < c.subject.size();) {
        const size_t sp = c.subject.find(' ', start);
        names.push_back(c.subject.substr(start, sp == std::string::npos ? std::string::npos : sp - start));
        start = sp == std::string::npos ? c.subject.size() : sp + 1;
    }
    const auto words = text::identifiers(c.object);
    const int n = c.number.value_or(0);
    bool any_long_enough = false;
    for (const auto* f : files) {
        if (!f->parsed) {
            return unverifiable(c, f->path + " could not be parsed");
        }
        for (int r : facts::line_readings(change, *f, n)) {
            if (!f->line(r)) {
                continue;
            }
            any_long_enough = true;
            const auto [first, last] = facts::statement_lines(*f, r);
            // Right when a name it mentions is on the statement, or any construct it
            // names. A sentence names more than what is on the line ("`main` resets it on
            // line 130", "declared with `var` on line 45, not `const`"): one name there
            // is enough, and so is a function or class whose body holds the line.
            bool names_ok = false;
            for (const auto& name : names) {
                names_ok = names_ok || name_on(*f, name, first, last) || encloses(*f, name, r);
            }
            bool construct_ok = false;
            for (const auto& w : words) {
                // "the comment on line 53": a comment on that very line.
                const int lo = w == "comment" ? r : first;
                const int hi = w == "comment" ? r : last;
                construct_ok = construct_ok || construct_on(*f, w, lo, hi);
            }
            const bool ok = names_ok || construct_ok;
            if (ok) {
                return make_finding(
                    c, Verdict::accurate, "line " + std::to_string(n) + " matches", {facts::evidence(*f, r)});
            }
        }
    }
    // A line the change removed is numbered in the old file ("the call that used to be on
    // line 102", "was changed", "has been removed"): what stood there is a fair reading.
    static const text::Regex k_past(
        R"(\b(?:used\s+to|removed|deleted|dropped|was|were|had|previously|old|original|before|changed|replaced|no\s+longer)\b)");
    const bool past = std::regex_search(text::lower(c.text), k_past);
    for (const auto* f : files) {
        if (!past) {
            break;
        }
        // The old file's text only (parsing it would cost more than the claim is worth):
        // a name on that line, or a construct's word.
        auto it = change.base.find(f->path);
        const SourceFile* base = it == change.base.end() ? nullptr : &it->second;
        if (!base || !base->line(n)) {
            continue;
        }
        bool ok = false;
        for (const auto& name : names) {
            ok = ok || name_on(*base, name, n, n);
        }
        for (const auto& w : words) {
            ok = ok || text::lower(*base->line(n)).find(w) != std::string::npos;
        }
        if (ok) {
            return make_finding(c, Verdict::accurate,
                "line " + std::to_string(n) + " of the old file matches",
                {Evidence{f->path + " (before the change)", n, text::trim(*base->line(n))}});
        }
    }
    if (!any_long_enough) {
        return unverifiable(c, "no changed file has a line " + std::to_string(n));
    }
    // Wrong under every reading: show what the line holds and where the thing is. A
    // construct it names ("a try/except on line 12 ... `json.load`") is the main claim.
    std::vector<Evidence> ev;
    std::string reason;
    const bool by_name = words.empty();
    for (const auto* f : files) {
        if (!f->line(n)) {
            continue;
        }
        const std::string thing = by_name ? names.front() : words.front();
        const auto at = where_is(*f, by_name ? names.front() : "", by_name ? "" : words.front(), n);
        if (at) {
            ev.push_back(facts::evidence(*f, n));
            ev.push_back(facts::evidence(*f, *at));
            reason = "line " + std::to_string(n) + " of " + f->path + " is `" +
                     text::excerpt(ev.front().text, 80) + "`; " +
                     (by_name ? "`" + thing + "`" : "the nearest such thing") + " is at line " +
                     std::to_string(*at);
            break;
        }
    }
    if (reason.empty()) {
        if (by_name) {
            return unverifiable(c, "`" + names.front() + "` is not in the changed files");
        }
        for (const auto* f : files) {
            if (f->line(n)) {
                ev.push_back(facts::evidence(*f, n));
            }
        }
        const auto& k = constructs();
        std::string label = words.front();
        for (const auto& x : k) {
            if (words.front() == x.word) {
                label = x.label;
            }
        }
        reason = "there is no " + label.substr(label.find(' ') + 1) + " in the changed files; line " +
                 std::to_string(n) + " is `" +
                 (ev.empty() ? std::string() : text::excerpt(ev.front().text, 80)) + "`";
    }
    return make_finding(c, Verdict::inaccurate, reason, ev);
}

}  // namespace rules::kinds
