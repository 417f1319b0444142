// Unused: "`server` is never used", "the unused argument `x`", "the imports that are
// not used".
//
// The claim says a name is defined and then not referred to. References settle it: a
// parameter is used when its function's body refers to it; a variable or field when any
// line other than its definition does; a function when something calls or names it; an
// import when the file refers to a name it binds. Where the name is defined in several
// places (two functions with a `server` parameter), the claim is wrong only when every
// candidate is used, and right only when none is. An option read by its string key
// (`kwargs.get('inplace')`) counts as used when the claim calls it an option or a key.
// Functions without a reference in the changed files may be used elsewhere: left open.
// A name referred to only in assertions (`assert dcn is None, 'Not implemented yet.'`)
// is a placeholder whose value nothing uses: the claim is left open too.
// "`f` is never called" asks for a call: one in the changed files, outside `f` itself,
// settles it; none leaves it open.
#include <set>

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

void extract_unused(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    if (!has_any(l, {"used", "called", "invoked"}) || text::is_question(s.str())) {
        return;
    }
    static const text::Regex k_after(
        std::string(k_mention_re) +
        R"(\s+(?:(?:option|parameter|argument|variable|method|function|field|import|attribute)\s+)?)"
        R"((?:is|are|was|seems to be|appears to be|is also)\s+(?:never|not|not being|not actually|never being)\s+)"
        R"((?:really\s+|actually\s+)?used\b|)" +
        std::string(k_mention_re) + R"(\s+(?:is|are|was|seems|appears)\s+(?:to be\s+)?unused\b)");
    static const text::Regex k_before(
        R"(\bunused\s+(?:argument|parameter|variable|import|method|function|field)s?\s+)" +
        std::string(k_mention_re));
    static const text::Regex k_plain(
        R"(\bthe\s+([a-z_][\w$]*)\s+(option|parameter|argument|variable|flag|field|method|function)\s+is\s+(?:never|not)\s+used\b)");
    static const text::Regex k_imports(
        R"(\bimports?\s+(?:that\s+are|which\s+are)\s+(?:not|never)\s+used\b|\bunused\s+imports\b)");

    // What follows the claim may narrow it: "in `area`" to a function; "after line 3",
    // "outside the loop" to places this checker does not read: those claims are left out.
    static const text::Regex k_in_name(R"(^\s+in\s+(?:the\s+)?)" + std::string(k_mention_re));
    static const text::Regex k_general(
        R"(^\s+(?:anywhere|anymore|at all|in the (?:code|class|file|codebase|module|project|change|snippet|function|method|constructor)\b))");
    static const text::Regex k_narrowing(
        R"(^\s+(?:after|before|outside|inside|within|until|except|other than|by|in|on|at|for|from|when|if|unless|while|with|as)\b)");
    // ... and so may what precedes it: "In `run`, `priority` is never used".
    static const text::Regex k_in_name_before(
        R"((?:^|[.;:]\s*)(?:in|inside|within)\s+(?:the\s+)?(?:(?:function|method|constructor)\s+)?(`[^`]+`)(?:\s+(?:function|method|constructor))?\s*,\s*$)");
    auto add = [&](size_t b, size_t e, const std::string& name, const std::string& noun) {
        Claim c = make_claim(s, "unused", s.at(b), s.at(e));
        c.subject = name;
        c.object = noun;
        c.negated = true;
        const std::string rest = l.substr(e);
        std::smatch nm;
        const std::string before = l.substr(0, b);
        if (std::regex_search(before, nm, k_in_name_before)) {
            const auto* scope =
                mention_in(s, static_cast<size_t>(nm.position(1)), static_cast<size_t>(nm.position(1)) + 1);
            if (!scope || text::mention_name(scope->code).empty()) {
                return;
            }
            // The claim takes in the scope it names.
            c = make_claim(s, "unused", s.at(static_cast<size_t>(nm.position(0))), s.at(e));
            c.subject = name;
            c.object = "scope:" + text::mention_name(scope->code);
            c.negated = true;
            out.push_back(c);
            return;
        }
        if (std::regex_search(rest, nm, k_in_name) && !std::regex_search(rest, k_general)) {
            const auto* scope = mention_in(
                s, e + static_cast<size_t>(nm.position(1)), e + static_cast<size_t>(nm.position(1)) + 1);
            if (!scope || text::mention_name(scope->code).empty()) {
                return;
            }
            c.object = "scope:" + text::mention_name(scope->code);
        } else if (std::regex_search(rest, k_narrowing) && !std::regex_search(rest, k_general)) {
            return;
        }
        out.push_back(c);
    };
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_after); it != text::RegexIterator(); ++it) {
        const auto& m = *it;
        const int g = m[1].matched ? 1 : 2;
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(g)), static_cast<size_t>(m.position(g) + 1));
        if (!mention || text::mention_name(mention->code).empty()) {
            continue;
        }
        size_t begin = static_cast<size_t>(m.position(0));
        // "the `sig` parameter of `handler` is never used": `sig`, in `handler`.
        static const text::Regex k_part_of(
            R"((`[^`]+`)\s+(?:parameter|argument|variable|field|attribute)\s+of\s+(?:the\s+)?(?:(?:function|method|closure|lambda|callback)\s+)?$)");
        std::smatch pm;
        const std::string before = l.substr(0, begin);
        if (std::regex_search(before, pm, k_part_of)) {
            const auto* part =
                mention_in(s, static_cast<size_t>(pm.position(1)), static_cast<size_t>(pm.position(1)) + 1);
            if (!part || text::mention_name(part->code).empty()) {
                continue;
            }
            size_t from = static_cast<size_t>(pm.position(0));
            if (const size_t the = l.rfind("the ", from); the != std::string::npos && from - the < 6) {
                from = the;
            }
            Claim c =
                make_claim(s, "unused", s.at(from), s.at(static_cast<size_t>(m.position(0) + m.length(0))));
            c.subject = text::mention_name(part->code);
            c.object = "scope:" + text::mention_name(mention->code);
            c.negated = true;
            out.push_back(c);
            continue;
        }
        const size_t the = l.rfind("the ", begin);
        if (the != std::string::npos && begin - the < 20) {
            begin = the;
        }
        add(begin, static_cast<size_t>(m.position(0) + m.length(0)), text::mention_name(mention->code),
            m.str(0).find("option") != std::string::npos ? "option"
            : m.str(0).find("parameter") != std::string::npos ||
                    m.str(0).find("argument") != std::string::npos
                ? "param"
                : "");
    }
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_before); it != text::RegexIterator(); ++it) {
        const auto& m = *it;
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        if (!mention || text::mention_name(mention->code).empty()) {
            continue;
        }
        size_t begin = static_cast<size_t>(m.position(0));
        const size_t the = l.rfind("the ", begin);
        if (the != std::string::npos && begin - the < 6) {
            begin = the;
        }
        add(begin, static_cast<size_t>(m.position(0) + m.length(0)), text::mention_name(mention->code),
            m.str(0).find("parameter") != std::string::npos || m.str(0).find("argument") != std::string::npos
                ? "param"
                : "");
    }
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_plain); it != text::RegexIterator(); ++it) {
        const auto& m = *it;
        // The original spelling of the word, from the body.
        const std::string name(
            s.str().substr(static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1))));
        add(static_cast<size_t>(m.position(0)), static_cast<size_t>(m.position(0) + m.length(0)), name,
            m.str(2));
    }
    // "`f` is never called", "the helper `g` is not invoked anywhere": a function named
    // by itself (not an expression) that nothing calls.
    static const text::Regex k_called(
        std::string(k_mention_re) +
        R"(\s+(?:(?:method|function|helper|callback)\s+)?(?:is|are|was|seems to be|appears to be)\s+(?:never|not)\s+(?:being\s+|actually\s+|really\s+)?(?:called|invoked)\b)");
    if (has_any(l, {"called", "invoked"})) {
        for (auto it = text::RegexIterator(l.begin(), l.end(), k_called); it != text::RegexIterator(); ++it) {
            const auto& m = *it;
            const auto* mention =
                mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
            if (!mention) {
                continue;
            }
            std::string code = mention->code;
            if (code.size() > 2 && code.compare(code.size() - 2, 2, "()") == 0) {
                code.resize(code.size() - 2);
            }
            const std::string name = text::mention_name(mention->code);
            if (name.empty() || code != name || name.rfind("__", 0) == 0) {
                continue;
            }
            const size_t e = static_cast<size_t>(m.position(0) + m.length(0));
            const std::string rest = l.substr(e);
            if (std::regex_search(rest, k_narrowing) && !std::regex_search(rest, k_general)) {
                continue;
            }
            size_t begin = static_cast<size_t>(m.position(0));
            const size_t the = l.rfind("the ", begin);
            if (the != std::string::npos && begin - the < 20) {
                begin = the;
            }
            Claim c = make_claim(s, "unused", s.at(begin), s.at(e));
            c.subject = name;
            c.object = "call";
            c.negated = true;
            out.push_back(c);
        }
    }
    std::smatch im;
    // "This change drops the imports that are not used": told as done, not claimed.
    static const text::Regex k_done(
        R"(\b(?:drops|dropped|removes|removed|deletes|deleted|cleans\s+up|cleaned\s+up)\b)");
    if (std::regex_search(l, im, k_imports) && !std::regex_search(l, k_done)) {
        add(0, l.size(), "", "imports");
    }
}

namespace {

struct Use {
    bool found = false;  // a candidate definition was found
    bool used = false;
    Evidence where;
    bool asserted = false;  // not used, but referred to in an assertion
};

// Whether line N of F is an assertion statement: Python, Java and C/C++ `assert`, Rust
// `assert!`, `debug_assert_eq!` and the like, C++ `static_assert`.
bool assertion_line(const SourceFile& f, int n) {
    static const text::Regex k_assert(R"(^\s*(?:assert\b|(?:debug_)?assert(?:_eq|_ne)?!|static_assert\b))");
    const auto* line = f.line(n);
    return line && std::regex_search(*line, k_assert);
}

// Lines of a function's signature: parameters are defined there, not used.
int signature_end(const Definition& d) {
    int last = d.start_line;
    for (const auto& p : d.parameters) {
        last = std::max(last, p.line);
    }
    return last;
}

std::vector<Use> candidates(const SourceFile& f, const std::string& name, bool option, int lo_bound = 0,
    int hi_bound = 1 << 30, bool params_only = false) {
    std::vector<Use> out;
    bool asserted = false;  // set by first_use: a reference in an assertion was skipped
    // With a local scope: only plain uses in that function (not `self.name`, which is an
    // attribute of the same name).
    std::string local_scope;
    const text::Regex plain("(^|[^\\w$.])" + name + "\\b");
    auto first_use = [&](int from, int to, int skip_from, int skip_to) -> std::optional<int> {
        from = std::max(from, lo_bound);
        to = std::min(to, hi_bound);
        asserted = false;
        for (const auto& r : f.references) {
            if (r.name != name) {
                continue;
            }
            if (!local_scope.empty() &&
                (r.scope != local_scope || !f.line(r.line) || !std::regex_search(*f.line(r.line), plain))) {
                continue;
            }
            if (r.line >= from && r.line <= to && (r.line < skip_from || r.line > skip_to)) {
                if (assertion_line(f, r.line)) {
                    asserted = true;
                    continue;
                }
                return r.line;
            }
        }
        if (option) {
            for (const auto& lit : f.literals) {
                if (lit.is_string && lit.line >= from && lit.line <= to &&
                    lit.text.size() == name.size() + 2 && lit.text.substr(1, name.size()) == name) {
                    return lit.line;
                }
            }
        }
        return std::nullopt;
    };
    for (const auto& d : f.definitions) {
        for (const auto& p : d.parameters) {
            if (p.name == name) {
                Use u{true, false, {}};
                if (auto line = first_use(d.start_line, d.end_line, d.start_line, signature_end(d))) {
                    u.used = true;
                    u.where = facts::evidence(f, *line);
                }
                u.asserted = !u.used && asserted;
                out.push_back(u);
            }
        }
        if (d.name == name && !params_only) {
            Use u{true, false, {}};
            const int lo =
                d.kind == DefKind::variable || d.kind == DefKind::field ? d.start_line : d.start_line;
            const int hi =
                d.kind == DefKind::variable || d.kind == DefKind::field ? d.start_line : d.end_line;
            local_scope = d.kind == DefKind::variable ? d.scope : "";
            if (auto line = first_use(1, static_cast<int>(f.lines.size()), lo, hi)) {
                u.used = true;
                u.where = facts::evidence(f, *line);
            }
            local_scope.clear();
            u.asserted = !u.used && asserted;
            // Functions may be called from other files: an unused one stays open.
            if (!u.used &&
                (d.kind == DefKind::function || d.kind == DefKind::method || d.kind == DefKind::class_)) {
                continue;
            }
            out.push_back(u);
        }
    }
    for (const auto& imp : f.imports) {
        for (const auto& n : imp.names) {
            if (n == name && !params_only) {
                Use u{true, false, {}};
                if (auto line = first_use(1, static_cast<int>(f.lines.size()), imp.line, imp.line)) {
                    u.used = true;
                    u.where = facts::evidence(f, *line);
                }
                out.push_back(u);
            }
        }
    }
    return out;
}

// A line binding NAME that is none of the definitions, parameters or imports the facts
// list: `for x in`, `for (const x of`, `x :=`, `let x`, `as x`.
std::optional<Evidence> unlisted_binding(
    const std::vector<const SourceFile*>& files, const std::string& name) {
    if (!text::is_name_like(name) || name.find_first_of(".$") != std::string::npos) {
        return std::nullopt;
    }
    const std::string n = "\\b" + name + "\\b";
    // The loop's targets: `for a, name in`, `for (const name of`, `for (auto& name : xs)`.
    const std::string targets = "(?:[\\w$]+\\s*,\\s*|\\(\\s*)*" + n + "(?:\\s*,\\s*[\\w$]+|\\s*\\))*";
    const text::Regex k_binding(
        "\\bfor\\s*\\(?\\s*(?:(?:const|let|var|auto|final)\\s*&?\\s*|mut\\s+)?(?:[\\w$.<>]+\\s*[&*]?\\s+)?" +
        targets + "\\s*(?:in\\b|of\\b|:(?!:))|" + n +
        "(?:\\s*,\\s*\\w+)*\\s*:=|\\b(?:let|var|const)\\s+(?:mut\\s+)?" + n + "|\\bas\\s+" + n);
    for (const auto* f : files) {
        std::set<int> listed;
        for (const auto& d : f->definitions) {
            if (d.name == name) {
                listed.insert(d.start_line);
            }
            for (const auto& p : d.parameters) {
                if (p.name == name) {
                    listed.insert(p.line);
                }
            }
        }
        for (const auto& imp : f->imports) {
            listed.insert(imp.line);
        }
        for (size_t i = 0; i < f->lines.size(); ++i) {
            const int line = static_cast<int>(i) + 1;
            const std::string& text = f->lines[i];
            if (text.find(name) == std::string::npos ||
                (text.find("for") == std::string::npos && text.find(":=") == std::string::npos &&
                    text.find("let") == std::string::npos && text.find("var") == std::string::npos &&
                    text.find("const") == std::string::npos && text.find(" as ") == std::string::npos)) {
                continue;  // cheap before the regex
            }
            const std::string code = text::trim(f->lines[i]);
            if (code.starts_with("#") || code.starts_with("//") || code.starts_with("*") ||
                code.starts_with("/*")) {
                continue;
            }
            if (!listed.count(line) && std::regex_search(f->lines[i], k_binding)) {
                return facts::evidence(*f, line);
            }
        }
    }
    return std::nullopt;
}

Finding verify_imports(const Claim& c, const std::vector<const SourceFile*>& files) {
    std::vector<Evidence> evidence;
    int checked = 0;
    for (const auto* f : files) {
        if (!f->parsed) {
            return unverifiable(c, f->path + " could not be parsed");
        }
        for (const auto& imp : f->imports) {
            for (const auto& n : imp.names) {
                if (n == "*" || n.empty()) {
                    return unverifiable(c, "a wildcard import cannot be matched to its uses");
                }
                auto uses = candidates(*f, n, false);
                bool used = false;
                for (const auto& u : uses) {
                    if (u.used) {
                        used = true;
                        if (evidence.size() < 4) {
                            evidence.push_back(u.where);
                        }
                    }
                }
                if (!used) {
                    return make_finding(c, Verdict::accurate, "`" + n + "` is imported and not referred to",
                        {facts::evidence(*f, imp.line)});
                }
                ++checked;
            }
        }
    }
    if (checked == 0) {
        return unverifiable(c, "no imports in the files the comment is about");
    }
    return make_finding(c, Verdict::inaccurate,
        "every imported name is used (" + std::to_string(checked) + " checked)", evidence);
}

}  // namespace

Finding verify_unused(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    if (c.object == "imports") {
        return verify_imports(c, files);
    }
    if (c.object == "call") {
        // A call of a function the changed files define, outside its own body. With none,
        // another file may call it: left open.
        std::vector<const SourceFile*> all;
        for (const auto& [p, f] : change.head) {
            all.push_back(&f);
        }
        const auto defs = facts::definitions(all, c.subject, {DefKind::function, DefKind::method});
        if (defs.empty()) {
            return unverifiable(c, "`" + c.subject + "` is not a function the changed files define");
        }
        for (const auto* f : all) {
            for (const auto& call : f->calls) {
                if (call.callee != c.subject) {
                    continue;
                }
                bool inside_itself = false;
                for (const auto& d : defs) {
                    inside_itself = inside_itself || (d.file == f && d.def->start_line <= call.line &&
                                                         call.line <= d.def->end_line);
                }
                if (!inside_itself) {
                    return make_finding(c, Verdict::inaccurate, "`" + c.subject + "` is called",
                        {facts::evidence(*f, call.line)});
                }
            }
        }
        return unverifiable(
            c, "no call of `" + c.subject + "` in the changed files; other files may call it");
    }
    const bool option = c.object == "option" || c.object == "flag";
    std::vector<Use> all;
    if (c.object.rfind("scope:", 0) == 0) {
        // "`x` is never used in `f`": the uses inside f's lines.
        const auto scopes =
            facts::definitions(files, c.object.substr(6), {DefKind::function, DefKind::method});
        if (scopes.empty()) {
            return unverifiable(c, "`" + c.object.substr(6) + "` is not a function of the changed files");
        }
        // Every function of that name must use it for the claim to be wrong.
        std::vector<Use> inside;
        for (const auto& scope : scopes) {
            const auto& d = *scope.def;
            bool used_here = false;
            for (const auto& u : candidates(*scope.file, c.subject, option, d.start_line, d.end_line)) {
                if (u.used && !used_here) {
                    used_here = true;
                    inside.push_back(u);
                }
            }
            if (!used_here) {
                return unverifiable(c, "no use of `" + c.subject + "` in `" + d.name + "` found");
            }
        }
        all = inside;
    } else {
        for (const auto* f : files) {
            if (!f->parsed) {
                continue;
            }
            // "the unused argument `x`": parameters only.
            auto u = candidates(*f, c.subject, option, 0, 1 << 30, c.object == "param");
            all.insert(all.end(), u.begin(), u.end());
        }
    }
    if (all.empty()) {
        // A function the changed files define, with no use outside its body: other files
        // may call it (and a reference inside is another thing of the same name, as
        // `self.keys.len()` in `len`).
        if (!facts::definitions(files, c.subject).empty()) {
            return unverifiable(
                c, "no use of `" + c.subject + "` in the changed files; other files may use it");
        }
        // Defined elsewhere (a method of another class, a library function): a call or
        // reference in the changed files still shows it is used; a macro's own `#define`
        // line does not.
        static const text::Regex k_define(R"(^\s*#\s*define\s+([A-Za-z_]\w*))");
        // Nor does a function's signature (a parameter the facts missed, as `argv UNUSED`).
        const auto in_signature = [](const SourceFile& f, int n) {
            for (const auto& d : f.definitions) {
                if ((d.kind == DefKind::function || d.kind == DefKind::method) && d.start_line <= n &&
                    n <= std::max(signature_end(d), d.start_line + 1) && f.line(n) &&
                    f.line(n)->find('{') == std::string::npos && f.line(n)->find(':') == std::string::npos) {
                    return true;
                }
            }
            return false;
        };
        for (const auto* f : files) {
            for (const auto& r : f->references) {
                std::smatch dm;
                const auto* line = f->line(r.line);
                if (line && std::regex_search(*line, dm, k_define) && dm.str(1) == c.subject) {
                    continue;
                }
                if (in_signature(*f, r.line)) {
                    continue;
                }
                if (r.name == c.subject) {
                    return make_finding(
                        c, Verdict::inaccurate, "`" + c.subject + "` is used", {facts::evidence(*f, r.line)});
                }
            }
        }
        return unverifiable(c, "no definition of `" + c.subject + "` found in the changed files");
    }
    size_t used = 0;
    for (const auto& u : all) {
        if (u.asserted) {
            return unverifiable(c, "`" + c.subject + "` is referred to only in assertions");
        }
        used += u.used ? 1 : 0;
    }
    if (used == all.size() && c.object.rfind("scope:", 0) != 0) {
        // A binding the facts do not list as a definition (a loop variable, an `as`
        // name, a `:=`) may be the one the claim means.
        if (auto other = unlisted_binding(files, c.subject)) {
            return unverifiable(c, "`" + c.subject + "` is also bound at line " +
                                       std::to_string(other->line) + " of " + other->path +
                                       ", which may be the one meant");
        }
    }
    if (used == all.size()) {
        std::vector<Evidence> ev;
        for (const auto& u : all) {
            ev.push_back(u.where);
        }
        return make_finding(c, Verdict::inaccurate, "`" + c.subject + "` is used", ev);
    }
    if (used == 0) {
        return make_finding(c, Verdict::accurate, "no use of `" + c.subject + "` found");
    }
    return unverifiable(c, "`" + c.subject + "` is defined in several places, some used and some not");
}

}  // namespace rules::kinds
