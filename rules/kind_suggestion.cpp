// Suggestions that equal the current code: "rename `f` to `f`", "use a name such as
// `test_x`" where the test is already called that, "replace `wait()` with `join()`"
// where the change already did, "you can add `y=1.05`" where it is there.
//
// A suggestion implies the code differs from it. Five readings are settled here:
//  - A rename whose new name is the old one, or has the very same words (only the
//    underscores or the case differ) when the reason given is the words themselves
//    (descriptive, long, clear), not a convention: that rename changes nothing asked.
//  - A proposed name for something ("a descriptive test name such as `x`") that is
//    already the name of a definition the change adds.
//  - A proposed piece of code ("use `a === b`", "replace X with `y`", "add `z`") that is
//    already on a line the change adds or touches, while what it should replace is gone.
//  - A proposed removal ("you can remove the `x()` call") of code the change already
//    removed: on a removed line, and nowhere in the file at head.
//  - A function said to need to be a property (a getter), a static method or a class
//    method that already is one: a decorator above the `def` in Python, a `get` or
//    `static` modifier before the name elsewhere.
// Everything else about a suggestion is opinion, and left alone.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

bool about_words(const std::string& l) {
    for (const char* w :
        {"descriptive", "long", "short", "readab", "clear", "meaningful", "verbose", "concise"}) {
        if (l.find(w) != std::string::npos) {
            return true;
        }
    }
    return false;
}

bool about_convention(const std::string& l) {
    for (const char* w : {"snake", "camel", "pascal", "case", "convention", "pep", "private", "public",
             "underscore", "protected", "prefix"}) {
        if (l.find(w) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

void extract_suggestion(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    static const text::Regex k_rename(
        R"(\brenam(?:e|ed|ing)\s+(?:it\s+|this\s+|)" + std::string(k_mention_re) +
        R"(\s+)?(?:to|into|as)\s+(?:something\s+like\s+|e\.g\.\s+)?)" + std::string(k_mention_re));
    const std::string both = s.previous_lowered + " " + l;
    std::smatch m;
    if (has_any(l, {"renam"}) && std::regex_search(l, m, k_rename)) {
        const auto* to =
            mention_in(s, static_cast<size_t>(m.position(2)), static_cast<size_t>(m.position(2) + 1));
        const text::Mention* from = m[1].matched ? mention_in(s, static_cast<size_t>(m.position(1)),
                                                       static_cast<size_t>(m.position(1) + 1))
                                                 : nullptr;
        // "`f` should be renamed to `g`": the subject stands before the verb.
        if (!from) {
            for (const auto& mention : s.mentions) {
                if (mention.span.begin - s.span.begin < static_cast<size_t>(m.position(0)) &&
                    mention.backticked) {
                    from = &mention;
                }
            }
        }
        if (!from && !s.previous.empty() && (l.rfind("it ", 0) == 0 || l.find(" it ") != std::string::npos)) {
            from = &s.previous.back();
        }
        if (to && from) {
            const std::string a = text::mention_name(from->code);
            const std::string b = text::mention_name(to->code);
            if (!a.empty() && !b.empty()) {
                const bool same = a == b;
                const bool same_words =
                    name_words(a) == name_words(b) && about_words(both) && !about_convention(both);
                if (same || same_words) {
                    const size_t begin = std::min(from->span.begin, s.at(static_cast<size_t>(m.position(0))));
                    const size_t start = begin < s.span.begin ? s.span.begin : begin;
                    Claim c = make_claim(s, "suggestion-equals-current", start, to->span.end);
                    c.subject = a;
                    c.object = b;
                    c.number = same ? 0 : 1;
                    out.push_back(c);
                }
            }
        }
        return;
    }
    // A proposed name: "a descriptive test name ... such as `x`".
    static const text::Regex k_name(
        R"(\bnames?\b[^.]*?\b(?:such as|like|e\.g\.,?)\s+)" + std::string(k_mention_re));
    if (has_any(l, {"name"}) && std::regex_search(l, m, k_name) && l.find("rename") == std::string::npos &&
        l.substr(0, static_cast<size_t>(m.position(1))).find("instead of") == std::string::npos) {
        const auto* y =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        if (y && y->backticked && !text::mention_name(y->code).empty() &&
            (l.find("better") != std::string::npos || l.find("should") != std::string::npos ||
                l.find("consider") != std::string::npos || l.find("use") != std::string::npos)) {
            Claim c = make_claim(s, "suggestion-equals-current", s.span.begin, y->span.end);
            c.object = text::mention_name(y->code);
            c.number = 2;
            out.push_back(c);
        }
        return;
    }
    // "`f` can be simplified to use `g`", "the f method should call g": f already does.
    static const text::Regex k_should_use(
        R"(\b(?:the\s+)?)" + std::string(k_mention_re) +
        R"(\s+(?:method|function)?\s*(?:can|could|should|would|might)\s+(?:also\s+)?(?:be\s+(?:simplified|changed|rewritten|refactored)\s+to\s+)?(?:use|call|delegate\s+to)\s+)" +
        std::string(k_mention_re));
    if (has_any(l, {"use ", "call", "delegat"}) && std::regex_search(l, m, k_should_use)) {
        const std::string f(
            s.str().substr(static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1))));
        const auto* g =
            mention_in(s, static_cast<size_t>(m.position(2)), static_cast<size_t>(m.position(2) + 1));
        if (g && text::is_name_like(f) && !text::mention_name(g->code).empty()) {
            Claim c = make_claim(s, "suggestion-equals-current", s.span.begin, s.span.end);
            c.subject = text::mention_name(f);
            c.object = text::mention_name(g->code);
            c.number = 4;
            out.push_back(c);
            return;
        }
    }
    // "it should be a property", "make this a static method": the function already is.
    static const text::Regex k_should_be(
        R"(\b(?:should|could|can|must|might|would|needs?\s+to)\s+(?:also\s+)?(?:be\s+(?:made|turned\s+into|converted\s+(?:in)?to)\s+|be(?:come)?\s+|make\s+(?:it|this|them)\s+)(?:an?\s+)(?:read-only\s+|simple\s+)?(property|getter|static\s+method|staticmethod|class\s+method|classmethod)\b)");
    if (has_any(l, {"property", "getter", "static", "class"}) && std::regex_search(l, m, k_should_be) &&
        !text::is_question(s.str())) {
        Claim c = make_claim(s, "suggestion-equals-current", s.span.begin, s.span.end);
        const std::string what = m.str(1);
        c.object = what == "property" || what == "getter"     ? "property"
                   : what.find("static") != std::string::npos ? "static"
                                                              : "classmethod";
        // A name given before the verb: "`total` should be a property".
        for (const auto& mention : s.mentions) {
            if (mention.span.begin - s.span.begin < static_cast<size_t>(m.position(0)) &&
                text::is_name_like(mention.code) && !text::mention_name(mention.code).empty()) {
                c.subject = text::mention_name(mention.code);
            }
        }
        c.number = 6;
        out.push_back(c);
        return;
    }
    // "it should return the result": the touched function already returns it.
    static const text::Regex k_should_return(
        R"(\b(?:should|must|needs\s+to)\s+return\s+(?:the\s+)?([a-z_][\w$]*)(?:\s+(?:object|value|variable))?\b)");
    if (has_any(l, {"return"}) && std::regex_search(l, m, k_should_return)) {
        Claim c = make_claim(s, "suggestion-equals-current", s.span.begin, s.span.end);
        c.object =
            std::string(s.str().substr(static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1))));
        c.number = 5;
        if (c.object != "a" && c.object != "an" && c.object != "true" && c.object != "false" &&
            c.object != "null" && c.object != "none") {
            out.push_back(c);
        }
        return;
    }
    // "You can remove the `x()` call": the change may already have removed it.
    static const text::Regex k_remove(
        R"(\b(?:remove|removing|delete|deleting|drop|dropping|get\s+rid\s+of)\s+(?:the\s+|this\s+)?(?:(?:unused|unnecessary|redundant|extra|duplicate|duplicated)\s+)?(?:(?:call|calls|line|statement|import)\s+(?:to\s+|of\s+)?)?)" +
        std::string(k_mention_re));
    static const text::Regex k_asking(
        R"(\b(?:can|could|should|might|may|must|consider|recommend|suggest|please|better|want\s+to|need\s+to|needs\s+to)\b[^.;:]*$)");
    if (has_any(l, {"remov", "delet", "drop", "rid of"}) && std::regex_search(l, m, k_remove) &&
        !text::is_question(s.str())) {
        const size_t at = static_cast<size_t>(m.position(0));
        const auto* x =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        // "Remove `x`" asks; "Removing `x` is fine" tells what the change did, unless a
        // modal makes it a proposal ("removing `x` would help").
        static const text::Regex k_modal_after(R"(\b(?:would|could|should|might|better|recommend)\b)");
        const bool gerund = m.str(0).find("ing") != std::string::npos;
        const bool asked = (at == 0 && (!gerund || std::regex_search(l, k_modal_after))) ||
                           (at > 0 && std::regex_search(l.substr(0, at), k_asking));
        if (asked && x && (x->backticked || x->quoted) && x->code.find('\n') == std::string::npos &&
            text::squash(x->code).size() >= 4) {
            Claim c = make_claim(s, "suggestion-equals-current", s.span.begin, s.span.end);
            c.subject = text::squash(x->code);
            c.number = 7;
            out.push_back(c);
            return;
        }
    }
    // Proposed code: "use `x`", "replace `a` with `b`", "`b` instead of `a`", "add `z`".
    static const text::Regex k_code(
        R"(\b(?:use|add|replaced?\s+(?:it\s+|this\s+|them\s+)?with|changed?\s+(?:it\s+|this\s+)?to|simplif(?:y|ied)\s+(?:it\s+|this\s+)?to|be\s+replaced\s+with)\s+)" +
        std::string(k_mention_re) + R"((?:\s+instead\s+of\s+)" + std::string(k_mention_re) + R"()?)");
    if (!has_any(l, {"use", "add", "replac", "chang", "simplif"})) {
        return;
    }
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_code); it != text::RegexIterator(); ++it) {
        const auto& cm = *it;
        const auto* y =
            mention_in(s, static_cast<size_t>(cm.position(1)), static_cast<size_t>(cm.position(1) + 1));
        if (!y) {
            continue;
        }
        const std::string code = text::squash(y->code);
        const size_t verb = static_cast<size_t>(cm.position(0));
        const std::string before = l.substr(0, verb);
        // "both calls were replaced with `x`", "it has been changed to `y`": what the change
        // did, told; not a proposal.
        static const text::Regex k_told(
            R"(\b(?:was|were|is|are|has\s+been|have\s+been|had\s+been|got|gets|been)\s+(?:now\s+|all\s+|both\s+|already\s+)?$)");
        if (std::regex_search(before, k_told)) {
            continue;
        }
        // "it should not be changed to `x`", "don't use `x`": a negated proposal proposes
        // nothing (the clause before the verb says), unless what it would change is the
        // same code: "`x` should not be changed to `x`" names no change at all.
        const size_t comma = before.find_last_of(",;:");
        const size_t clause = comma == std::string::npos ? 0 : comma + 1;
        std::string same_subject;
        if (text::has_negation(before.substr(clause))) {
            for (const auto& mention : s.mentions) {
                const size_t at = mention.span.begin - s.span.begin;
                if (at >= clause && at < verb && mention.backticked) {
                    same_subject = text::squash(mention.code);
                }
            }
            if (same_subject != code) {
                continue;
            }
        }
        const bool substantial =
            code.size() >= 4 && (y->call_form || code.find_first_of("=(<>!|&+-*/[ ") != std::string::npos);
        if (!substantial) {
            continue;
        }
        Claim c = make_claim(s, "suggestion-equals-current", s.span.begin, s.span.end);
        c.object = code;
        c.subject = same_subject;
        if (cm[2].matched) {
            if (const auto* x = mention_in(
                    s, static_cast<size_t>(cm.position(2)), static_cast<size_t>(cm.position(2) + 1))) {
                c.subject = text::squash(x->code);
            }
        }
        c.number = 3;
        out.push_back(c);
    }
}

namespace {

// Lines the change added at head, per file.
std::vector<std::pair<const SourceFile*, int>> touched(
    const Change& change, const std::vector<const SourceFile*>& files) {
    std::vector<std::pair<const SourceFile*, int>> out;
    for (const auto* f : files) {
        if (const auto* d = facts::diff_of(change, f->path)) {
            for (const auto& h : d->hunks) {
                for (const auto& l : h.lines) {
                    if (l.origin == LineOrigin::added) {
                        out.emplace_back(f, l.new_line);
                    }
                }
            }
        }
    }
    return out;
}

std::string code_only(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c != ' ' && c != '\t') {
            out += c;
        }
    }
    return out;
}

// Whether function D of F already is what "a property", "a static method" or "a class
// method" asks for, or nothing when the language has no such notion this checker reads.
std::optional<bool> already_is(const SourceFile& f, const Definition& d, const std::string& what) {
    const std::string* head = f.line(d.start_line);
    if (!head) {
        return std::nullopt;
    }
    if (f.language == "python") {
        // The decorators stand on the lines right above the `def`.
        bool found = false;
        for (int n = d.start_line - 1; n >= 1; --n) {
            const std::string t = text::trim(*f.line(n));
            if (t.empty() || t[0] != '@') {
                break;
            }
            const std::string name =
                t.substr(1, t.find('(') == std::string::npos ? std::string::npos : t.find('(') - 1);
            if (what == "property") {
                found = found || name == "property" || name == "cached_property" ||
                        name == "functools.cached_property" ||
                        (name.size() > 7 && name.compare(name.size() - 7, 7, ".getter") == 0);
            } else if (what == "static") {
                found = found || name == "staticmethod";
            } else {
                found = found || name == "classmethod";
            }
        }
        return found;
    }
    // Modifiers before the name on the definition's first line.
    const std::string t = text::trim(*head);
    const size_t at = t.find(d.name);
    if (at == std::string::npos) {
        return std::nullopt;
    }
    const std::string before = t.substr(0, at);
    if (f.language == "javascript" || f.language == "typescript") {
        if (what == "property") {
            return text::contains_word(before, "get");
        }
        if (what == "static") {
            return text::contains_word(before, "static");
        }
        return std::nullopt;
    }
    if (what == "static" && (f.language == "java" || f.language == "cpp" || f.language == "c" ||
                                f.language == "csharp" || f.language == "php")) {
        return text::contains_word(before, "static");
    }
    return std::nullopt;
}

}  // namespace

Finding verify_suggestion(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    const int form = c.number.value_or(0);
    if (form == 0 || form == 1) {
        const auto defs = facts::definitions(files, c.subject);
        std::vector<Evidence> ev;
        if (!defs.empty()) {
            ev.push_back(facts::evidence(*defs.front().file, defs.front().def->start_line));
        }
        if (form == 0) {
            return make_finding(
                c, Verdict::inaccurate, "the suggested name `" + c.object + "` is the current name", ev);
        }
        return make_finding(c, Verdict::inaccurate,
            "`" + c.object + "` has the same words as the current name `" + c.subject +
                "`; only the underscores or the case differ",
            ev);
    }
    if (form == 2) {
        std::vector<const SourceFile*> all;
        for (const auto& [p, f] : change.head) {
            all.push_back(&f);
        }
        for (const auto& d :
            facts::definitions(all, c.object, {DefKind::function, DefKind::method, DefKind::class_})) {
            const auto added = facts::added_lines(change, d.file->path);
            if (std::find(added.begin(), added.end(), d.def->start_line) != added.end()) {
                return make_finding(c, Verdict::inaccurate, "`" + c.object + "` is already the name used",
                    {facts::evidence(*d.file, d.def->start_line)});
            }
        }
        return unverifiable(c, "`" + c.object + "` is not a name the change defines");
    }
    if (form == 4) {
        // f's body already calls g.
        for (const auto& d : facts::definitions(files, c.subject, {DefKind::function, DefKind::method})) {
            for (const auto& call : d.file->calls) {
                if (call.callee == c.object && call.line >= d.def->start_line &&
                    call.line <= d.def->end_line) {
                    return make_finding(c, Verdict::inaccurate,
                        "`" + c.subject + "` already calls `" + c.object + "`",
                        {facts::evidence(*d.file, call.line)});
                }
            }
        }
        return unverifiable(
            c, "`" + c.subject + "` does not call `" + c.object + "` yet, or is not in the change");
    }
    if (form == 5) {
        // The functions holding added lines already return that name.
        for (const auto* f : files) {
            for (int n : facts::added_lines(change, f->path)) {
                const auto* fn = facts::enclosing_function(*f, n);
                if (!fn) {
                    continue;
                }
                for (int i = fn->start_line; i <= fn->end_line; ++i) {
                    const auto* line = f->line(i);
                    if (!line) {
                        continue;
                    }
                    const std::string t = text::trim(*line);
                    if (t.rfind("return ", 0) == 0 && text::contains_word(t, c.object) &&
                        text::identifiers(t).size() == 2) {
                        return make_finding(c, Verdict::inaccurate,
                            "`" + fn->name + "` already returns `" + c.object + "`",
                            {facts::evidence(*f, i)});
                    }
                }
            }
        }
        return unverifiable(c, "no return of `" + c.object + "` found in the touched functions");
    }
    if (form == 6) {
        // The function meant: the one named, else the one at the comment's line, else
        // those the change touches. All of them must already be it.
        std::vector<std::pair<const SourceFile*, const Definition*>> targets;
        if (!c.subject.empty()) {
            for (const auto& d : facts::definitions(files, c.subject, {DefKind::function, DefKind::method})) {
                targets.emplace_back(d.file, d.def);
            }
        } else {
            for (const auto* f : files) {
                std::vector<int> at;
                if (comment.line && comment.path && *comment.path == f->path) {
                    at.push_back(*comment.line);
                } else {
                    at = facts::added_lines(change, f->path);
                }
                for (int n : at) {
                    const Definition* fn = facts::enclosing_function(*f, n);
                    if (!fn) {
                        continue;
                    }
                    bool seen = false;
                    for (const auto& [tf, td] : targets) {
                        seen = seen || td == fn;
                    }
                    if (!seen) {
                        targets.emplace_back(f, fn);
                    }
                }
            }
        }
        if (targets.empty()) {
            return unverifiable(c, "no function for the suggestion to be about");
        }
        size_t yes = 0;
        for (const auto& [f, d] : targets) {
            const auto is = already_is(*f, *d, c.object);
            if (!is) {
                return unverifiable(c, "`" + d->name + "` is in a language without that notion here");
            }
            yes += *is ? 1 : 0;
        }
        const std::string noun = c.object == "property" ? "a property"
                                 : c.object == "static" ? "a static method"
                                                        : "a class method";
        if (yes == targets.size()) {
            std::vector<Evidence> ev;
            for (const auto& [f, d] : targets) {
                ev.push_back(facts::evidence(*f, d->start_line));
            }
            return make_finding(
                c, Verdict::inaccurate, "`" + targets.front().second->name + "` already is " + noun, ev);
        }
        if (yes == 0) {
            return make_finding(
                c, Verdict::accurate, "`" + targets.front().second->name + "` is not " + noun + " yet");
        }
        return unverifiable(c, "some of the functions it may mean are " + noun + ", some not");
    }
    if (form == 7) {
        // Removed already: on a removed line, and nowhere in the file at head.
        const std::string gone = code_only(c.subject);
        for (const auto* f : files) {
            const auto* d = facts::diff_of(change, f->path);
            if (!d) {
                continue;
            }
            std::optional<int> removed_at;
            for (const auto& h : d->hunks) {
                for (const auto& l : h.lines) {
                    if (l.origin == LineOrigin::removed && !removed_at &&
                        code_only(l.text).find(gone) != std::string::npos) {
                        removed_at = l.old_line;
                    }
                }
            }
            if (!removed_at) {
                continue;
            }
            // Still anywhere at head in the files the comment is about: not removed.
            bool still = false;
            for (const auto* g : files) {
                for (const auto& line : g->lines) {
                    still = still || code_only(line).find(gone) != std::string::npos;
                }
            }
            if (!still) {
                const auto* base = facts::parsed_base(change, f->path);
                Evidence ev{f->path + " (before the change)", *removed_at,
                    base && base->line(*removed_at) ? text::trim(*base->line(*removed_at)) : ""};
                return make_finding(
                    c, Verdict::inaccurate, "the change already removes `" + c.subject + "`", {ev});
            }
        }
        return unverifiable(c, "`" + c.subject + "` is not something the change removed");
    }
    // Proposed code already in the touched lines, with what it replaces gone.
    const std::string want = code_only(c.object);
    const std::string old = code_only(c.subject);
    std::optional<Evidence> found;
    bool old_present = false;
    for (const auto& [f, n] : touched(change, files)) {
        if (!found && code_only(*f->line(n)).find(want) != std::string::npos) {
            found = facts::evidence(*f, n);
        }
    }
    // What it should replace must be gone from the whole file, not only the touched lines.
    if (!old.empty() && want.find(old) == std::string::npos) {
        for (const auto* f : files) {
            for (const auto& line : f->lines) {
                old_present = old_present || code_only(line).find(old) != std::string::npos;
            }
        }
    }
    if (found && !old_present) {
        if (old == want) {
            return make_finding(c, Verdict::inaccurate,
                "both sides of the change are the same code, `" + c.object + "`, and the code has it",
                {*found});
        }
        return make_finding(c, Verdict::inaccurate, "the code already has `" + c.object + "`", {*found});
    }
    return unverifiable(c, "the proposed code is not already there");
}

}  // namespace rules::kinds
