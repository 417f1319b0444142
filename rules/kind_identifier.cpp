// Identifier existence: "`parse_config` is not defined", "the `cache` attribute",
// "add a NULL check for the `name` variable", "where is `f` defined?".
//
// Two claims. A negative one ("`f` is not defined in this context", "it is called
// without being defined") is wrong when the changed files define the name, or, unless
// the claim limits itself to this file or snippet, when the rest of the tree does. A
// positive one is implied by any mention that refers to code as being there ("the
// `name` variable", "`s->srp_ctx`" as the thing to change): it is wrong when the name
// occurs nowhere — not in the changed files before or after the change, not anywhere in
// the tree at head, not even in a string or a comment. Mentions that propose a name
// ("rename to `x`", "use `y` instead", "such as `z`") are suggestions, not claims.
// Without a complete search of the tree, absence is never claimed.
#include <set>

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

bool common_word(const std::string& id) {
    static const std::set<std::string> k_common = {"self", "this", "cls", "null", "nullptr", "none", "true",
        "false", "new", "return", "def", "class", "int", "str", "string", "void", "var", "let", "const",
        "function", "import", "from", "if", "else", "for", "while", "try", "catch", "except", "public",
        "private", "static", "final", "async", "await", "yield", "lambda", "print", "len", "main", "args",
        "kwargs", "id", "err", "error", "value", "data", "test", "get", "set", "max", "min"};
    return id.size() < 3 || k_common.count(text::lower(id)) > 0;
}

// Whether MENTION is spoken of as code that is there, so that its absence would make
// the sentence wrong: "the `name` variable", "`s->srp_ctx`", "`Plugin.initialize()`",
// "calls `validate()`". A bare word (`finally`, `KeyError`, `mypy`, `noexcept`) may be a
// keyword, a library name or a tool the repository never spells: it says nothing of the
// code. Nor does a file name (`sched.py`), a command (`go vet`), a mention in a negated
// clause ("there is no `finally` clause", "does not catch `OSError`"), or one in a
// question ("why not return `EXIT_FAILURE`?").
bool spoken_of_as_there(const Sentence& s, const text::Mention& mention) {
    if (text::is_question(s.str())) {
        return false;
    }
    const size_t b = mention.span.begin - s.span.begin;
    const size_t e = mention.span.end - s.span.begin;
    // The mention's clause, before and after it.
    std::string before_in_clause;
    std::string after_in_clause;
    for (const auto& cl : text::clauses(s.body, s.span)) {
        if (cl.begin <= mention.span.begin && mention.span.end <= cl.end) {
            before_in_clause = s.lowered.substr(cl.begin - s.span.begin, b - (cl.begin - s.span.begin));
            after_in_clause = s.lowered.substr(e, cl.end - mention.span.end);
        }
    }
    // "there is no `x`", "does not catch `x`", "never calls `x`": absence is what it says.
    if (text::has_negation(before_in_clause)) {
        return false;
    }
    // "a raw `new` rather than `make_unique`", "use `a` instead of `b`": either side of a
    // contrast may be the one that is not there. "Callers can unwrap them with `Is`":
    // what could be, not what is.
    static const text::Regex k_contrast(
        R"(\b(?:rather\s+than|instead\s+of|as\s+opposed\s+to|in\s+place\s+of|unlike|versus|vs\.?)\s+(?:the\s+|a\s+|an\s+)?(?:[\w-]+\s+)?$)");
    static const text::Regex k_modal(R"(\b(?:can|could|may|might|would|should|will|must|shall)\b)");
    if (std::regex_search(before_in_clause, k_contrast)) {
        return false;
    }
    static const text::Regex k_file(
        R"(\.(?:py|pyi|rs|go|js|mjs|cjs|jsx|ts|tsx|java|kt|c|h|cc|cpp|cxx|hh|hpp|hxx|rb|php|swift|cs|md|rst|txt|json|ya?ml|toml|cfg|ini|xml|html?|css|sh|lock|gradle)$)");
    const std::string code = text::trim(mention.code);
    if (code.find(' ') != std::string::npos && code.find_first_of(".(-:") == std::string::npos) {
        return false;  // words: a command such as `go vet`
    }
    if (std::regex_search(text::lower(code), k_file)) {
        return false;
    }
    // "the `retry` variable is never reset" still speaks of the variable as there.
    const std::string before = " " + text::trim(s.lowered.substr(0, b));
    const bool the = before.size() >= 4 && before.compare(before.size() - 4, 4, " the") == 0;
    // "the `x` <noun>" with a noun of code; a bare "the `x`" may name a type the code
    // never spells ("the `ParseIntError` message").
    static const text::Regex k_code_noun(
        R"(^\s+(?:variable|function|method|class|attribute|parameter|argument|field|module|call|property|constant|object|member|macro|struct|structure|type|enum|interface|constructor|decorator|annotation|namespace|instance|key|option|line|statement|expression|assignment|declaration|definition)s?\b)");
    if (the && std::regex_search(s.lowered.substr(e), k_code_noun)) {
        return true;
    }
    // Other mentions under a modal are what could be, not what is.
    if (std::regex_search(before_in_clause, k_modal)) {
        return false;
    }
    // "`recover()` does not appear anywhere": absence again.
    if (text::has_negation(after_in_clause)) {
        return false;
    }
    // An expression reaching into something: a member, a field, a qualified name.
    if (code.find('.') != std::string::npos || code.find("->") != std::string::npos ||
        code.find("::") != std::string::npos) {
        return true;
    }
    // "calls `validate()`", "the call to `f()`", "invokes `g`".
    static const text::Regex k_called(R"((?:\bcalls|\bcall\s+to|\binvokes|\bcalling|\binvoking)\s*$)");
    return std::regex_search(s.lowered.substr(0, b), k_called);
}

}  // namespace

void extract_identifier(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    static const text::Regex k_undefined(
        std::string(k_mention_re) +
        R"(\s+(?:(?:function|method|class|variable)\s+)?(?:is|was|are|seems to be|appears to be)\s+(?:not|never)\s+(?:being\s+)?(?:defined|declared|imported)\b)"
        R"((\s+(?:in\s+(?:this|the)\s+(?:context|file|snippet|code|provided)))?|)"
        R"(\b(?:called|used)\s+without\s+being\s+defined\b)");
    static const text::Regex k_where(
        R"(\bnot\s+clear\s+where\s+(?:this|the|that)\s+(?:function|method|class|variable)\s+is\s+defined\b)");
    static const text::Regex k_define(
        R"(\b(?:include|add|provide)\s+the\s+(?:definition|implementation)\s+of\s+)" +
        std::string(k_mention_re) +
        R"(|\b(?:should|must|needs\s+to|need\s+to)\s+be\s+(?:defined|declared)(?=\s*(?:$|[.,;]|\s(?:in|somewhere|before|or|first|here)\b)))");
    std::smatch m;
    bool negative = false;
    if (has_any(l, {"defined", "declared", "imported"}) && std::regex_search(l, m, k_undefined)) {
        const text::Mention* mention = nullptr;
        if (m[1].matched) {
            mention =
                mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        } else {
            for (const auto& x : s.mentions) {
                if (!text::mention_name(x.code).empty()) {
                    mention = &x;
                    break;
                }
            }
        }
        if (mention && !text::mention_name(mention->code).empty()) {
            Claim c = make_claim(s, "identifier-exists", s.span.begin, s.span.end);
            c.subject = text::mention_name(mention->code);
            c.negated = true;
            const bool local =
                (m[2].matched && m.str(2).size() > 0) || l.find("provided") != std::string::npos ||
                l.find("snippet") != std::string::npos || l.find("this file") != std::string::npos ||
                l.find("this context") != std::string::npos;
            c.object = local ? "local" : "";
            // "not defined in api_jwt.py": in that file, whatever it imports.
            static const text::Regex k_in_file(R"(^\s+in\s+`?([\w./-]+\.[a-z]{1,5})`?)");
            std::smatch fm;
            const std::string rest = l.substr(static_cast<size_t>(m.position(0) + m.length(0)));
            // "not defined in `__init__`": inside a function, which definitions of
            // attributes and locals do not settle here.
            static const text::Regex k_in_scope(
                R"(^\s+in\s+(?:the\s+)?(?:(?:function|method|constructor)\s+)?`[^`]+`)");
            if (std::regex_search(rest, fm, k_in_file)) {
                const size_t at = static_cast<size_t>(m.position(0) + m.length(0) + fm.position(1));
                c.object = "file:" + std::string(s.str().substr(at, static_cast<size_t>(fm.length(1))));
            } else if (std::regex_search(rest, k_in_scope)) {
                return;
            }
            // "not declared in any header", "not defined on Windows", "at module level":
            // a place or a condition this check does not read.
            static const text::Regex k_qualified(
                R"(^\s+(?:in\s+(?:any|a|the)\s+headers?|on|under|when|if|unless|for|outside|inside|before|after|until|there|here|at\s+(?:the\s+)?(?:module|top|class|file)\s+level|at\s+the\s+top)\b)");
            if (std::regex_search(rest, k_qualified)) {
                return;
            }
            // "in the test module itself", "in this module": that file only.
            static const text::Regex k_in_module(
                R"(^\s+in\s+(?:this|the)\s+(?:test\s+)?(?:module|file|class)\b)");
            if (std::regex_search(rest, k_in_module)) {
                c.object = "local";
            }
            // "not defined in this file; it is imported from `x`": the import agrees.
            if (c.object == "local" && l.find("import") != std::string::npos) {
                c.object = "local-imported";
            }
            out.push_back(c);
            negative = true;
        }
    } else if (has_any(l, {"defin", "declar"}) && std::regex_search(l, m, k_define)) {
        // "It should be defined in the class", "include the definition of `f`": both
        // presume there is no definition.
        const text::Mention* mention = nullptr;
        if (m[1].matched) {
            mention =
                mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        } else {
            for (const auto& x : s.mentions) {
                if (x.span.begin - s.span.begin < static_cast<size_t>(m.position(0)) &&
                    !text::mention_name(x.code).empty()) {
                    mention = &x;
                }
            }
            if (!mention && (l.rfind("it ", 0) == 0 || l.rfind("this ", 0) == 0)) {
                for (const auto& x : s.previous) {
                    if (!text::mention_name(x.code).empty()) {
                        mention = &x;
                        break;
                    }
                }
            }
        }
        if (mention && !text::mention_name(mention->code).empty()) {
            Claim c = make_claim(s, "identifier-exists", s.span.begin, s.span.end);
            c.subject = text::mention_name(mention->code);
            c.negated = true;
            out.push_back(c);
            negative = true;
        }
    } else if (has_any(l, {"defined"}) && std::regex_search(l, m, k_where) && !s.previous.empty()) {
        const auto& mention = s.previous.back();
        if (!text::mention_name(mention.code).empty()) {
            Claim c = make_claim(s, "identifier-exists", s.span.begin, s.span.end);
            c.subject = text::mention_name(mention.code);
            c.negated = true;
            out.push_back(c);
            negative = true;
        }
    }
    if (negative) {
        return;
    }
    // Positive mentions of code as being there.
    for (const auto& mention : s.mentions) {
        if (!mention.backticked) {
            continue;
        }
        const size_t b = mention.span.begin - s.span.begin;
        if (suggested_at(s, b) && !referenced_as_code(s, mention)) {
            continue;
        }
        if (mention.code.find('/') != std::string::npos && mention.code.find(' ') == std::string::npos) {
            continue;  // a path
        }
        if (mention.code.find('\n') != std::string::npos || mention.code.size() > 80) {
            continue;  // a code block: reviewers write proposals there, not references
        }
        if (!spoken_of_as_there(s, mention)) {
            continue;
        }
        // The names it relies on: a name-like mention names one; an expression several.
        Claim c = make_claim(s, "identifier-exists", mention.span.begin, mention.span.end);
        // Widen the span to the clause for a readable reply.
        for (const auto& cl : text::clauses(s.body, s.span)) {
            if (cl.begin <= mention.span.begin && mention.span.end <= cl.end && cl.end - cl.begin < 400) {
                c = make_claim(s, "identifier-exists", cl.begin, cl.end);
            }
        }
        c.subject = text::is_name_like(mention.code) ? text::mention_name(mention.code) : "";
        c.object = mention.code;
        if (c.subject.empty()) {
            for (auto& id : text::identifiers(mention.code)) {
                if (!common_word(id)) {
                    c.subject += (c.subject.empty() ? "" : " ") + id;
                }
            }
        }
        if (!c.subject.empty()) {
            out.push_back(c);
        }
    }
}

Finding verify_identifier(const Claim& c, const ReviewComment& comment, const Change& change) {
    std::vector<const SourceFile*> files;
    for (const auto& [p, f] : change.head) {
        files.push_back(&f);
    }
    // "Not defined in this file / module": the comment's own file when it has one.
    if (c.negated && (c.object == "local" || c.object == "local-imported") && comment.path) {
        files = facts::files_for(change, comment);
    }
    if (c.negated && c.object.rfind("file:", 0) == 0) {
        // Defined in that very file, or not: what it imports is not defined there.
        const std::string name = c.object.substr(5);
        std::vector<const SourceFile*> named;
        for (const auto* f : files) {
            const std::string& p = f->path;
            if (p == name ||
                (p.size() > name.size() && p.compare(p.size() - name.size(), name.size(), name) == 0 &&
                    p[p.size() - name.size() - 1] == '/')) {
                named.push_back(f);
            }
        }
        if (named.empty()) {
            return unverifiable(c, name + " is not a changed file");
        }
        for (const auto& d : facts::definitions(named, c.subject)) {
            if (d.def->kind != DefKind::variable || d.def->scope.empty()) {
                return make_finding(c, Verdict::inaccurate,
                    "`" + c.subject + "` is defined in " + d.file->path,
                    {facts::evidence(*d.file, d.def->start_line)});
            }
        }
        return make_finding(c, Verdict::accurate, "no definition of `" + c.subject + "` in " + name);
    }
    if (c.negated) {
        for (const auto& d : facts::definitions(files, c.subject)) {
            if (d.def->kind != DefKind::variable || d.def->scope.empty()) {
                return make_finding(c, Verdict::inaccurate,
                    "`" + c.subject + "` is defined in " + d.file->path,
                    {facts::evidence(*d.file, d.def->start_line)});
            }
        }
        for (const auto* f : files) {
            if (c.object == "local-imported") {
                break;
            }
            for (const auto& imp : f->imports) {
                for (const auto& n : imp.names) {
                    if (n == c.subject) {
                        return make_finding(c, Verdict::inaccurate, "`" + c.subject + "` is imported",
                            {facts::evidence(*f, imp.line)});
                    }
                }
            }
        }
        if (c.object.empty()) {
            if (auto it = change.tree_lookup.find(c.subject); it != change.tree_lookup.end()) {
                for (const auto& loc : it->second) {
                    if (loc.is_definition) {
                        return make_finding(c, Verdict::inaccurate,
                            "`" + c.subject + "` is defined in " + loc.path,
                            {Evidence{loc.path, loc.line, loc.text}});
                    }
                }
            }
        }
        return unverifiable(c, "no definition of `" + c.subject + "` found");
    }
    // Positive: every name must occur somewhere; one that occurs nowhere settles it. A
    // chain whose root is a lower-case name the repository never spells (`errors.Is`,
    // `functools.cache`, `pytest.MonkeyPatch.setenv`) reaches into a library: its names
    // are not the repository's to have.
    std::set<std::string> external;
    static const text::Regex k_chain(R"([A-Za-z_$][\w$]*(?:\s*(?:\.|->|::)\s*[A-Za-z_$][\w$]*)+)");
    // Parentheses apart, so that a call's arguments are chains of their own.
    std::string flat = c.object;
    std::replace_if(
        flat.begin(), flat.end(), [](char ch) { return ch == '(' || ch == ')' || ch == '!'; }, ' ');
    for (auto it = text::RegexIterator(flat.begin(), flat.end(), k_chain); it != text::RegexIterator();
         ++it) {
        if (it->str(0).find("->") != std::string::npos) {
            continue;  // a pointer's member (`s->ctx`): the code's own struct
        }
        const auto ids = text::identifiers(it->str(0));
        const std::string& root = ids.empty() ? std::string() : ids.front();
        if (!root.empty() && std::islower(static_cast<unsigned char>(root[0])) && root != "this" &&
            root != "self" && root != "cls" && root != "super" && !facts::occurs_anywhere(change, root)) {
            external.insert(ids.begin(), ids.end());
        }
    }
    const auto names = text::identifiers(c.subject);
    for (const auto& name : names) {
        if ((common_word(name) && names.size() > 1) || external.count(name)) {
            continue;
        }
        if (!facts::occurs_anywhere(change, name)) {
            if (!change.tree_lookup_complete) {
                return unverifiable(c, "the repository was not searched completely");
            }
            return make_finding(c, Verdict::inaccurate,
                "`" + name +
                    "` does not occur in the changed files (before or after the change) "
                    "nor anywhere else in the repository");
        }
    }
    return make_finding(c, Verdict::accurate, "the names it mentions exist");
}

}  // namespace rules::kinds
