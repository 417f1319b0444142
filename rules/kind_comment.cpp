// Comment presence: "`setUp` does not have any comments", "add a comment explaining
// the purpose of `f`".
//
// The claim says code has no comment. For a definition, comments inside its lines or
// ending right above it settle it; for a name that is only called, a comment on the
// call's line or in the three lines above its first call. "Add a comment explaining X"
// implies there is none. The claim is wrong only when every name it lists has one.
// With no name ("add comments to explain what it does"), the code meant is what the
// change adds: a comment among the added lines settles it.
// A docstring is not a comment here: docstring claims have their own kind.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

void extract_comment(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    if (l.find("comment") == std::string::npos || l.find("docstring") != std::string::npos ||
        text::is_question(s.str())) {
        return;
    }
    // "Line 13 has no comment": a line, which is the line kind's to read.
    static const text::Regex k_numbered(R"(\blines?\s+\d)");
    if (std::regex_search(l, k_numbered)) {
        return;
    }
    static const text::Regex k_absent(
        R"(\b(?:(?:(?:do|does|did)\s+not|don't|doesn't)\s+(?:have|contain|include)|has\s+no|have\s+no|lacks?|without|missing)\s+(?:any\s+|a\s+)?comments?\b)");
    static const text::Regex k_add(
        R"(\b(?:add|adding)\s+(?:a\s+|some\s+|more\s+)?comments?\b|\bcomments?\s+(?:could|should|can|might|may)\s+be\s+added\b)");
    std::smatch m;
    const bool absent = std::regex_search(l, m, k_absent);
    const bool add = !absent && std::regex_search(l, m, k_add);
    if (!absent && !add) {
        return;
    }
    std::vector<std::string> names;
    size_t last_end = 0;
    for (const auto& mention : s.mentions) {
        const std::string name = text::mention_name(mention.code);
        if (!name.empty() && (mention.backticked || mention.call_form)) {
            names.push_back(name);
            last_end = mention.span.end - s.span.begin;
        }
    }
    if (names.empty()) {
        // "Add comments to explain what it does": no name, so the code under review, the
        // lines the change adds. Asking for more, better or other comments presumes some.
        static const text::Regex k_generic(
            R"(\bcomments?\s+(?:to\s+explain|explaining|that\s+explains?|describing|to\s+describe)\s+(?:what\s+(?:it|this|the\s+code|this\s+code|the\s+query|this\s+query)\s+(?:does|is\s+doing)|how\s+(?:it|this)\s+works|the\s+(?:logic|purpose|code|query|change)|it|this)\b)");
        static const text::Regex k_more(
            R"(\b(?:more|additional|further|better|clearer|detailed|extra|other)\b)");
        std::smatch g;
        if (add && std::regex_search(l, g, k_generic) && !std::regex_search(l, k_more)) {
            Claim c = make_claim(s, "comment-presence", s.span.begin, s.span.end);
            c.object = "added";
            c.negated = true;
            out.push_back(c);
        }
        return;
    }
    const size_t end = std::max(last_end, static_cast<size_t>(m.position(0) + m.length(0)));
    Claim c = make_claim(s, "comment-presence", s.span.begin, s.at(end));
    for (const auto& n : names) {
        c.subject += (c.subject.empty() ? "" : " ") + n;
    }
    c.negated = true;
    out.push_back(c);
}

namespace {

// Comments addressed to tools (type annotations, linter switches) explain nothing to a
// reader.
bool tool_comment(const std::string& t) {
    for (const char* marker : {"@type", "@ts-", "eslint", "noqa", "pylint", "type:", "NOLINT", "clang-format",
             "prettier-ignore", "istanbul", "@flow", "pragma", "#region", "fmt:"}) {
        if (t.find(marker) != std::string::npos) {
            return true;
        }
    }
    return false;
}

// A note to self (TODO, FIXME) or commented-out code explains nothing either.
bool note_or_code(const std::string& t) {
    for (const char* marker : {"TODO", "FIXME", "XXX", "HACK"}) {
        if (t.find(marker) != std::string::npos) {
            return true;
        }
    }
    const std::string tt = text::trim(t);
    return (!tt.empty() && (tt.back() == ';' || tt.back() == '{' || tt.back() == ')')) ||
           tt.find(" = ") != std::string::npos;
}

std::optional<Evidence> comment_for(const SourceFile& f, const std::string& name, bool* mixed) {
    // Every definition of the name (overloads, methods of two classes) must have one;
    // when some do and some do not, *MIXED is set: the claim may mean either.
    std::optional<Evidence> first_found;
    bool defined = false;
    bool without = false;
    for (const auto& d : f.definitions) {
        if (d.name != name || d.kind == DefKind::variable || d.kind == DefKind::field) {
            continue;
        }
        defined = true;
        std::optional<Evidence> here;
        for (const auto& cm : f.comments) {
            if (((cm.start_line >= d.start_line && cm.end_line <= d.end_line) ||
                    cm.end_line == d.start_line - 1) &&
                !tool_comment(cm.text)) {
                here = facts::evidence(f, cm.start_line);
                break;
            }
        }
        without = without || !here;
        if (here && !first_found) {
            first_found = here;
        }
    }
    if (defined) {
        *mixed = *mixed || (first_found && without);
        return without ? std::nullopt : first_found;
    }
    int first = 0;
    for (const auto& r : f.references) {
        if (r.name == name && (first == 0 || r.line < first)) {
            first = r.line;
        }
    }
    if (first == 0) {
        return std::nullopt;
    }
    // A comment on the call's line or in the three lines above it, in the same function.
    const int top = facts::statement_lines(f, first).first;
    const auto* fn = facts::enclosing_function(f, first);
    for (const auto& cm : f.comments) {
        if (cm.end_line <= first && cm.end_line >= top - 3 && !tool_comment(cm.text) &&
            facts::enclosing_function(f, cm.start_line) == fn) {
            return facts::evidence(f, cm.start_line);
        }
    }
    return std::nullopt;
}

}  // namespace

Finding verify_comment(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    if (c.object == "added") {
        // A comment of a few words that the change itself adds, among the added lines.
        // Only for a short addition: over a long one, one comment does not answer a call
        // for comments.
        size_t code = 0;
        for (const auto* f : files) {
            for (int n : facts::added_lines(change, f->path)) {
                code += f->line(n) && !text::trim(*f->line(n)).empty() ? 1 : 0;
            }
        }
        if (code > 15) {
            return unverifiable(c, "the change adds too much code for one comment to settle it");
        }
        for (const auto* f : files) {
            const auto added = facts::added_lines(change, f->path);
            for (const auto& cm : f->comments) {
                if (std::find(added.begin(), added.end(), cm.start_line) != added.end() &&
                    !tool_comment(cm.text) && !note_or_code(cm.text) &&
                    text::identifiers(cm.text).size() >= 3) {
                    return make_finding(c, Verdict::inaccurate, "the change adds a comment there",
                        {facts::evidence(*f, cm.start_line)});
                }
            }
        }
        if (code == 0) {
            return unverifiable(c, "the change adds no lines there");
        }
        return make_finding(c, Verdict::accurate, "the lines the change adds have no comment");
    }
    std::vector<Evidence> ev;
    size_t with = 0;
    size_t names = 0;
    size_t known = 0;
    bool mixed = false;
    for (const auto& name : text::identifiers(c.subject)) {
        ++names;
        bool seen = false;
        std::optional<Evidence> found;
        for (const auto* f : files) {
            const bool here = !facts::definitions({f}, name).empty() ||
                              std::any_of(f->references.begin(), f->references.end(),
                                  [&](const Reference& r) { return r.name == name; });
            if (!here) {
                continue;
            }
            seen = true;
            if (!found) {
                found = comment_for(*f, name, &mixed);
            }
        }
        known += seen ? 1 : 0;
        if (found) {
            ++with;
            ev.push_back(*found);
        }
    }
    if (known < names) {
        return unverifiable(c, "not every name it lists is in the changed files");
    }
    if (mixed) {
        return unverifiable(c, "some definitions of that name have a comment and some do not");
    }
    if (with == names) {
        return make_finding(c, Verdict::inaccurate, "there already is a comment there", ev);
    }
    if (with == 0) {
        return make_finding(c, Verdict::accurate, "no comment found there");
    }
    return unverifiable(c, "some of the code it names has comments, some does not");
}

}  // namespace rules::kinds
