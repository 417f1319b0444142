// Docstring presence: "`f` has no docstring", "the docstring for the `C` class is
// missing", "add a docstring to `g`", "the code has docstrings for classes, methods and
// functions".
//
// Python settles it by the first statement of the body being a string; the other
// languages by a doc comment right above the definition (Javadoc, JSDoc, `///`). A
// claim about a named definition is wrong when every definition of that name says the
// opposite. A sweeping claim ("methods have docstrings") is read as "all of them in the
// change do": one new method without one makes it wrong. "Add a docstring" implies
// there is none. A name defined outside the changed files stays open.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

bool mentions_doc(const std::string& l) {
    return l.find("docstring") != std::string::npos || l.find("javadoc") != std::string::npos ||
           l.find("jsdoc") != std::string::npos || l.find("doc comment") != std::string::npos ||
           l.find("documentation comment") != std::string::npos;
}

// The doc noun as a whole word: "docstring", "Javadoc", "doc comment" (not "doctest").
const std::string k_doc_noun = R"((?:docstring|javadoc|jsdoc|doc\s+comment|documentation\s+comment)s?\b)";

// Whether the clause says the docstring is not there: "has no docstring", "does not
// have a docstring", "the docstring is missing", "add a docstring".
bool says_absent(const std::string& l) {
    static const text::Regex k_absent(
        R"(\b(?:no|without|missing|lacks?|lacking)\s+(?:a\s+|any\s+)?)" + k_doc_noun + "|" +
        R"(\b(?:does\s+not|doesn't|do\s+not|don't|did\s+not)\s+(?:have|include|contain)\s+(?:a\s+|any\s+)?)" +
        k_doc_noun + "|" +
        // "the docstring for `f` is missing" (and not "is missing a `@return` tag")
        R"(\b(?:docstring|javadoc|jsdoc|doc\s+comment)s?\b[^.;]{0,120}?\b(?:is|are)\s+(?:missing|absent|lacking|not\s+present)\s*(?:$|[.,;:!)]|\b(?:from|in|here|there|entirely|completely|altogether)\b)|)"
        R"(\badd(?:ing)?\s+(?:a\s+|some\s+)?)" +
        k_doc_noun + "|" +
        // "neither `f` nor `g` has one", "none of `a`, `b` has a docstring"
        R"(\b(?:neither\b[^.;]*\bnor|none\s+of)\b[^.;]*\b(?:has|have|includes?|contains?)\s+(?:a\s+|an\s+|any\s+)?)" +
        k_doc_noun + "|" +
        // "a plain comment, not a `///` doc comment", "in comments rather than a docstring"
        R"(\b(?:not\s+(?:a|an)|(?:rather\s+than|instead\s+of)\s+(?:in\s+)?(?:a|an))\s+(?:\S+\s+)?)" +
        k_doc_noun);
    return std::regex_search(l, k_absent);
}

// Whether the clause says the docstring is there: "`f` has a docstring", "is
// documented", "with a Javadoc comment". A clause that says neither speaks of what a
// docstring says ("the docstring of `run` is missing any mention of `on_error`"), which
// this kind does not settle.
bool says_present(const std::string& l) {
    static const text::Regex k_present(
        R"(\b(?:has|have|had|with|includes?|contains?|provides?|gets?|gains?|carr(?:y|ies))\s+(?:a\s+|an\s+|its\s+own\s+|their\s+own\s+|proper\s+|good\s+|clear\s+|detailed\s+|descriptive\s+)?)" +
        k_doc_noun + "|" +
        R"(\b(?:is|are|was|were)\s+(?:already\s+|well\s+|properly\s+|fully\s+)?documented\b)");
    return std::regex_search(l, k_present);
}

// Whether D's doc comment is only a plain comment where the language's convention is a
// marked one: `// ...` or `/* ... */` above a Java, JavaScript, TypeScript, C or C++
// definition, where Javadoc, JSDoc and Doxygen write `/** ... */` or `///`. Whether a
// reviewer counts it is a matter of reading.
bool plain_comment_only(const SourceFile& f, const Definition& d) {
    if (!d.docstring_line || (f.language != "java" && f.language != "javascript" &&
                                 f.language != "typescript" && f.language != "c" && f.language != "cpp")) {
        return false;
    }
    const std::string_view text = d.docstring;
    return !(text.starts_with("/**") || text.starts_with("///") || text.starts_with("//!") ||
             text.starts_with("/*!"));
}

}  // namespace

void extract_docstring(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    if (!mentions_doc(l) || text::is_question(s.str())) {
        return;
    }
    static const text::Regex k_elliptic_no(
        R"(\b(?:does\s+not|doesn't|do\s+not|don't|not|has\s+none|lacks\s+one)\s*[.!]?$)");
    static const text::Regex k_elliptic_yes(R"(\b(?:does|do|has|have|too)\s*[.!]?$)");
    bool named = false;
    bool any_absent = false;
    for (const auto& cl : text::clauses(s.body, s.span)) {
        const std::string cl_lower = text::lower(s.body.substr(cl.begin, cl.end - cl.begin));
        bool absent = false;
        if (mentions_doc(cl_lower)) {
            absent = says_absent(cl_lower);
            if (!absent && !says_present(cl_lower)) {
                continue;  // about what a docstring says, not whether there is one
            }
            any_absent = any_absent || absent;
        } else if (std::regex_search(cl_lower, k_elliptic_no)) {
            absent = true;  // "..., but `parse` does not."
        } else if (!std::regex_search(cl_lower, k_elliptic_yes)) {
            continue;  // this clause is about something else
        }
        // The names the clause says it of: the first one and those listed with it
        // ("`f`, `g` and `h` have no docstring"), not the object of another verb ("adds
        // one to `f` and introduces `g`"), nor the container of what it is about ("the
        // methods of `Client`"). "Unlike `f`, ..." says the opposite of `f`.
        static const text::Regex k_listed(R"(^[\s,]*(?:(?:and|or|nor|as\s+well\s+as)\s+)?(?:the\s+)?$)");
        static const text::Regex k_unlike(
            R"(\b(?:unlike|except(?:\s+for)?|apart\s+from|other\s+than|besides|save\s+for)\s+(?:the\s+)?(?:[\w-]+\s+)?$)");
        static const text::Regex k_container(
            R"(\b(?:methods?|functions?|members?|fields?|class(?:es)?|constructors?|propert(?:y|ies)|helpers?|definitions?)\s+(?:of|on|in|for|inside|within|defined\s+in)\s+(?:the\s+)?(?:[\w-]+\s+)?$)");
        std::vector<std::pair<const text::Mention*, bool>> names;  // (name, opposite)
        size_t last_end = 0;                                       // of the last name kept, or 0
        size_t last_opposite_end = 0;  // of the last "unlike" / "except" name, or 0
        // "except `a`, `b` and `c`" (not "unlike `a`, the `b` method ...").
        static const text::Regex k_listed_more(R"(^\s*(?:,\s*)?(?:(?:and|or|nor)\s+)?$)");
        for (const auto& m : s.mentions) {
            if (m.span.begin < cl.begin || m.span.end > cl.end || !m.backticked ||
                text::mention_name(m.code).empty()) {
                continue;
            }
            const size_t b = m.span.begin - s.span.begin;
            // A suggested name ("rename to `x`") is no claim about a docstring.
            if (suggested_at(s, b) && l.substr(0, b).find("such as") == std::string::npos &&
                l.substr(0, b).find("docstring") == std::string::npos &&
                l.substr(0, b).find("add") == std::string::npos) {
                continue;
            }
            const std::string before = l.substr(cl.begin - s.span.begin, b - (cl.begin - s.span.begin));
            if (std::regex_search(before, k_container)) {
                continue;
            }
            if (std::regex_search(before, k_unlike) ||
                (last_opposite_end != 0 &&
                    std::regex_search(l.substr(last_opposite_end, b - last_opposite_end), k_listed_more))) {
                names.emplace_back(&m, true);
                last_opposite_end = m.span.end - s.span.begin;
                continue;
            }
            if (last_end != 0 && !std::regex_search(l.substr(last_end, b - last_end), k_listed)) {
                continue;
            }
            names.emplace_back(&m, false);
            last_end = m.span.end - s.span.begin;
        }
        // A presence said of the names must follow them closely ("`f` and `g` have
        // docstrings", "`f` is documented") or name them ("the docstring of `f`"); "`C`
        // gains `a` and `b`, both documented" says it of `a` and `b`.
        if (!absent && last_end != 0 && mentions_doc(cl_lower)) {
            static const text::Regex k_near(
                R"(^[\s`'"]*(?:(?:method|function|class|also|now|already|still)\s+)*(?:has|have|had|is|are|was|were|with|includes?|contains?|provides?|gets?|gains?)\s+(?:a\s+|an\s+|its\s+own\s+|proper\s+|good\s+|clear\s+|detailed\s+|descriptive\s+|already\s+|well\s+|properly\s+|fully\s+)?(?:docstrings?|javadocs?|jsdocs?|doc\s+comments?|documentation\s+comments?|documented)\b)");
            static const text::Regex k_names_it(
                R"(\b(?:docstring|javadoc|jsdoc|doc\s+comment)s?\s+(?:of|for|on|in)\s+(?:the\s+)?(?:\w+\s+)?$)");
            const size_t first_b = names.empty() ? 0 : names.front().first->span.begin - s.span.begin;
            const std::string after = l.substr(last_end, cl.end - s.span.begin - last_end);
            if (!std::regex_search(after, k_near) && !std::regex_search(l.substr(0, first_b), k_names_it)) {
                names.clear();
            }
        }
        for (const auto& [m, opposite] : names) {
            named = true;
            // The clause is the claim; with several names, up to each name.
            size_t begin = cl.begin;
            size_t end = names.size() == 1 ? cl.end : m->span.end;
            if (end - begin > 300) {
                begin = std::max(cl.begin, m->span.begin > 150 ? m->span.begin - 150 : 0);
                end = std::min(end, begin + 300);
            }
            Claim c = make_claim(s, "docstring-presence", begin, end);
            c.subject = text::mention_name(m->code);
            c.negated = opposite ? !absent : absent;
            out.push_back(c);
        }
    }
    if (named || any_absent) {
        return;
    }
    // Sweeping positive claim: "has docstrings for classes, methods, and functions".
    static const text::Regex k_sweep(
        R"(\b(?:has|have|includes?|contains?|provides?)\s+(?:\w+\s+)?(?:docstrings|javadocs|doc comments)\b(?:\s+for\s+([a-z, ]+))?)");
    std::smatch m;
    // "None of the methods have docstrings" is no sweeping positive claim.
    const auto negated_clause = [&](size_t at) {
        for (const auto& cl : text::clauses(s.body, s.span)) {
            if (cl.begin <= s.at(at) && s.at(at) < cl.end &&
                text::has_negation(l.substr(cl.begin - s.span.begin, cl.end - cl.begin))) {
                return true;
            }
        }
        return false;
    };
    // Nor one narrowed to some of them ("all exported functions", "except `f`").
    static const text::Regex k_narrowed(
        R"(\b(?:exported|public|private|protected|internal|except|other\s+than|apart\s+from|but\s+not)\b)");
    if (std::regex_search(l, m, k_sweep) && !negated_clause(static_cast<size_t>(m.position(0))) &&
        !std::regex_search(l, k_narrowed)) {
        Claim c = make_claim(s, "docstring-presence", s.span.begin, s.span.end);
        const std::string what = m[1].matched ? m.str(1) : "functions";
        c.object = what;
        c.negated = false;
        out.push_back(c);
    }
}

Finding verify_docstring(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    if (c.subject.empty()) {
        // Sweeping claim over the definitions the change adds.
        std::vector<DefKind> kinds;
        if (c.object.find("class") != std::string::npos) {
            kinds.push_back(DefKind::class_);
        }
        if (c.object.find("method") != std::string::npos) {
            kinds.push_back(DefKind::method);
        }
        if (c.object.find("function") != std::string::npos) {
            kinds.push_back(DefKind::function);
            kinds.push_back(DefKind::method);
        }
        std::vector<Evidence> missing;
        int seen = 0;
        for (const auto* f : files) {
            const auto added = facts::added_lines(change, f->path);
            for (const auto& d : f->definitions) {
                if (std::find(kinds.begin(), kinds.end(), d.kind) == kinds.end() ||
                    std::find(added.begin(), added.end(), d.start_line) == added.end()) {
                    continue;
                }
                ++seen;
                if (!d.docstring_line) {
                    missing.push_back(facts::evidence(*f, d.start_line));
                }
            }
        }
        if (seen == 0) {
            return unverifiable(c, "the change adds no such definitions");
        }
        if (missing.empty()) {
            return make_finding(c, Verdict::accurate, "every definition the change adds has a docstring");
        }
        std::string names;
        for (const auto& e : missing) {
            names += (names.empty() ? "" : ", ") + std::string("line ") + std::to_string(e.line);
        }
        return make_finding(c, Verdict::inaccurate,
            std::to_string(missing.size()) + " of the " + std::to_string(seen) +
                " definitions the change adds have no docstring (" + names + ")",
            missing);
    }
    const auto defs =
        facts::definitions(files, c.subject, {DefKind::function, DefKind::method, DefKind::class_});
    if (defs.empty()) {
        return unverifiable(c, "no definition of `" + c.subject + "` in the changed files");
    }
    // A field or variable of the same name (a struct field and its getter) may be what
    // the claim is about.
    if (!facts::definitions(files, c.subject, {DefKind::field, DefKind::variable}).empty()) {
        return unverifiable(c, "`" + c.subject + "` names a field or variable as well as a function");
    }
    size_t with = 0;
    std::vector<Evidence> ev;
    for (const auto& d : defs) {
        if (plain_comment_only(*d.file, *d.def)) {
            return unverifiable(
                c, "only a plain comment stands above `" + c.subject + "`, not a doc comment");
        }
        if (d.def->docstring_line) {
            ++with;
            ev.push_back(facts::evidence(*d.file, *d.def->docstring_line));
        } else {
            ev.push_back(facts::evidence(*d.file, d.def->start_line));
        }
    }
    const bool all_have = with == defs.size();
    const bool none_has = with == 0;
    if (!all_have && !none_has) {
        return unverifiable(c, "some definitions of `" + c.subject + "` have a docstring and some do not");
    }
    const bool wrong = c.negated ? all_have : none_has;
    const std::string fact =
        all_have ? "`" + c.subject + "` has a docstring" : "`" + c.subject + "` has no docstring";
    return make_finding(c, wrong ? Verdict::inaccurate : Verdict::accurate, fact, ev);
}

}  // namespace rules::kinds
