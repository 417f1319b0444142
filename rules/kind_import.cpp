// Imports: "the import of `x` is not consistent with the other imports", "it should be
// moved to the top of the file", "`json` is not imported".
//
// Import statements, their lines and what precedes them settle these. "Inconsistent with
// the other imports" presumes other imports: with a single import statement in the file
// there are none to differ from. "Move it to the top" presumes something other than
// comments, blank lines, a docstring, a package line or other imports stands before it.
// "Not imported" is wrong when an import binds the name. The import in question is the
// one the sentence (or the one before it) names; with no name, each file's imports.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

std::string named(const Sentence& s) {
    for (const auto* ms : {&s.mentions, &s.previous}) {
        for (const auto& m : *ms) {
            if (m.backticked && !text::mention_name(m.code).empty()) {
                return text::mention_name(m.code);
            }
        }
    }
    return "";
}

// The line number the sentence (or the one before it) pins the import to.
std::optional<int> pinned_line(const Sentence& s) {
    static const text::Regex k_line(R"(\bline\s+(\d{1,6})\b)");
    std::smatch m;
    for (const auto* l : {&s.lowered, &s.previous_lowered}) {
        if (std::regex_search(*l, m, k_line)) {
            return std::stoi(m.str(1));
        }
    }
    return std::nullopt;
}

}  // namespace

void extract_import(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    const bool about_import =
        l.find("import") != std::string::npos || s.previous_lowered.find("import") != std::string::npos;
    if (!about_import || text::is_question(s.str())) {
        return;
    }
    static const text::Regex k_other(
        R"(\b(?:not\s+consistent|inconsistent)\s+with\s+(?:the\s+)?other\s+imports?(?:\s+statements?)?)");
    static const text::Regex k_top(
        R"(\b(?:should|must|could|needs? to)\s+be\s+moved\s+to\s+the\s+top\s+of\s+the\s+(?:file|module)[^.;]*)");
    static const text::Regex k_missing(std::string(k_mention_re) + R"(\s+is\s+not\s+imported\b)");
    std::smatch m;
    // "... with the other imports in the package": other files, which are not read.
    static const text::Regex k_elsewhere(
        R"(^\s*(?:in|across|of|throughout)\s+(?:the\s+|this\s+)?(?:package|project|codebase|repository|repo|library|modules?|other\s+files?))");
    if (std::regex_search(l, m, k_other) &&
        !std::regex_search(l.substr(static_cast<size_t>(m.position(0) + m.length(0))), k_elsewhere)) {
        Claim c = make_claim(s, "import",
            s.at(static_cast<size_t>(m.position(0))) -
                (m.position(0) >= 3 && l.substr(static_cast<size_t>(m.position(0)) - 3, 3) == "is " ? 3 : 0),
            s.at(static_cast<size_t>(m.position(0) + m.length(0))));
        c.subject = named(s);
        c.number = pinned_line(s);
        c.object = "others";
        out.push_back(c);
    }
    if (std::regex_search(l, m, k_top)) {
        // Span from the sentence start ("It should be moved ...").
        Claim c =
            make_claim(s, "import", s.span.begin, s.at(static_cast<size_t>(m.position(0) + m.length(0))));
        c.subject = named(s);
        c.number = pinned_line(s);
        c.object = "top";
        out.push_back(c);
    }
    // "not imported at module level", "not imported there": a place this check does not read.
    static const text::Regex k_qualified(
        R"(^\s+(?:at\s+(?:the\s+)?(?:module|top|class|file)\s+level|at\s+the\s+top|there|here|in|inside|within|outside|by|from|when|if|unless|on|under)\b)");
    if (std::regex_search(l, m, k_missing) &&
        !std::regex_search(l.substr(static_cast<size_t>(m.position(0) + m.length(0))), k_qualified)) {
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        if (mention && !text::mention_name(mention->code).empty()) {
            Claim c = make_claim(s, "import", s.at(static_cast<size_t>(m.position(0))),
                s.at(static_cast<size_t>(m.position(0) + m.length(0))));
            c.subject = text::mention_name(mention->code);
            c.object = "missing";
            out.push_back(c);
        }
    }
}

namespace {

// The files and imports the claim is about: those naming SUBJECT, else all.
std::vector<std::pair<const SourceFile*, const Import*>> imports_about(
    const std::vector<const SourceFile*>& files, const std::string& subject) {
    std::vector<std::pair<const SourceFile*, const Import*>> out;
    for (const auto* f : files) {
        for (const auto& imp : f->imports) {
            if (subject.empty() || text::contains_word(imp.text, subject)) {
                out.emplace_back(f, &imp);
            }
        }
    }
    return out;
}

bool preamble_line(const SourceFile& f, int n) {
    const std::string t = text::trim(*f.line(n));
    if (t.empty()) {
        return true;
    }
    for (const auto& cm : f.comments) {
        if (cm.start_line <= n && n <= cm.end_line) {
            return true;
        }
    }
    for (const auto& imp : f.imports) {
        if (imp.line == n) {
            return true;
        }
    }
    if (t.rfind("package ", 0) == 0 || t.rfind("#!", 0) == 0 || t.rfind("\"use strict\"", 0) == 0 ||
        t.rfind("'use strict'", 0) == 0) {
        return true;
    }
    // A module docstring.
    return t.rfind("\"\"\"", 0) == 0 || t.rfind("'''", 0) == 0;
}

}  // namespace

Finding verify_import(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    if (c.object == "missing") {
        for (const auto* f : files) {
            for (const auto& imp : f->imports) {
                for (const auto& n : imp.names) {
                    if (n == c.subject) {
                        return make_finding(c, Verdict::inaccurate, "`" + c.subject + "` is imported",
                            {facts::evidence(*f, imp.line)});
                    }
                }
            }
        }
        return unverifiable(c, "no import of `" + c.subject + "` found");
    }
    auto about = imports_about(files, c.subject);
    if (c.number && about.size() > 1) {
        // "In line 13, the import of `x`": keep the import on that line.
        std::vector<std::pair<const SourceFile*, const Import*>> pinned;
        for (const auto& [f, imp] : about) {
            const auto readings = facts::line_readings(change, *f, *c.number);
            if (std::find(readings.begin(), readings.end(), imp->line) != readings.end()) {
                pinned.emplace_back(f, imp);
            }
        }
        about = pinned;
    }
    if (about.size() != 1 || c.subject.empty()) {
        return unverifiable(c, "the import in question is not singled out");
    }
    const auto& [f, imp] = about.front();
    if (c.object == "others") {
        if (f->imports.size() == 1) {
            return make_finding(c, Verdict::inaccurate,
                "it is the only import statement in " + f->path + ": there are no others to differ from",
                {facts::evidence(*f, imp->line)});
        }
        return unverifiable(c, "consistency among several imports is a matter of style");
    }
    for (int n = 1; n < imp->line; ++n) {
        if (!preamble_line(*f, n)) {
            return make_finding(c, Verdict::accurate, "code precedes the import", {facts::evidence(*f, n)});
        }
    }
    return make_finding(c, Verdict::inaccurate,
        "the import is already at the top of " + f->path + ": only comments and blank lines precede it",
        {facts::evidence(*f, imp->line)});
}

}  // namespace rules::kinds
