// Construct use: "the code uses `eval`", "it's not clear why you're using wait() and
// notify()", "the use of `HashMap`", "this code seems to be missing a return statement".
//
// The claim says the code under review contains a construct. The names the code refers
// to at head (references, calls, imports: not comments, not strings) settle it. Saying
// that the code uses something it does not is wrong; when the base had it and the head
// does not, the reviewer read the old side of the diff, and the reply says so. A
// proposal ("consider using `x`", "it is better to use `y`") claims nothing about the
// code and is left alone. A missing return is wrong when the touched code returns.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

bool proposal_before(const std::string& prefix) {
    if (prefix.find("instead of") != std::string::npos) {
        return false;
    }
    static const text::Regex k_prop(
        R"(\b(?:should|could|would|consider|recommend|suggest|better|prefer|can|may|might|try|please|to|avoid|instead|if|whether|when|any|every|all)\b)");
    // A negation of the verb itself: "does not use", "no longer uses", "never calls".
    static const text::Regex k_negated(R"((?:\bnot|n't|\bnever|\bno longer)\s*$)");
    return std::regex_search(prefix, k_prop) || std::regex_search(prefix, k_negated);
}

bool uses_in_code(const SourceFile& f, const std::string& name, int* line) {
    for (const auto& r : f.references) {
        if (r.name == name) {
            *line = r.line;
            return true;
        }
    }
    for (const auto& c : f.calls) {
        if (c.callee == name) {
            *line = c.line;
            return true;
        }
    }
    for (const auto& i : f.imports) {
        for (const auto& n : i.names) {
            if (n == name) {
                *line = i.line;
                return true;
            }
        }
    }
    for (const auto& d : f.definitions) {
        if (d.name == name) {
            *line = d.start_line;
            return true;
        }
    }
    return false;
}

}  // namespace

Finding verify_one(const Claim& c, const std::vector<const SourceFile*>& files, const Change& change);

void extract_construct(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    static const text::Regex k_use(
        R"(\b(?:uses|is using|are using|you're using|you are using|use of|usage of|calls|is calling|invokes|still uses)\s+)");
    for (const auto& cl : text::clauses(s.body, s.span)) {
        const size_t off = cl.begin - s.span.begin;
        const std::string c_low = l.substr(off, cl.end - cl.begin);
        std::smatch m;
        if (!has_any(c_low, {"use", "using", "usage", "call", "invok"}) ||
            !std::regex_search(c_low, m, k_use) ||
            proposal_before(c_low.substr(0, static_cast<size_t>(m.position(0))))) {
            continue;
        }
        // The verb's object: the first code mention right after it, and those joined to
        // it by "and", "or" or commas ("uses wait() and notify()").
        const size_t verb_end = off + static_cast<size_t>(m.position(0) + m.length(0));
        Claim c = make_claim(s, "construct-use", cl.begin, cl.end);
        c.object = "use";
        size_t prev_end = verb_end;
        for (const auto& mention : s.mentions) {
            const size_t b = mention.span.begin - s.span.begin;
            if (b < verb_end || mention.span.end > cl.end) {
                continue;
            }
            const std::string gap = text::trim(l.substr(prev_end, b - prev_end));
            const bool first = prev_end == verb_end;
            static const text::Regex k_join(R"(^(?:,|and|or|, and|, or|as well as)$)");
            if (first ? gap.size() > 25 : !std::regex_match(gap, k_join)) {
                break;
            }
            prev_end = mention.span.end - s.span.begin;
            static const text::Regex k_style_word(
                R"(^(?:snake_case|camelcase|pascalcase|kebab-case|upper_case|lower_case)$)");
            if (std::regex_match(text::lower(mention.code), k_style_word)) {
                continue;
            }
            if (!text::is_name_like(mention.code)) {
                continue;
            }
            const std::string name = text::mention_name(mention.code);
            if (name.empty()) {
                continue;
            }
            c.subject += (c.subject.empty() ? "" : " ") + name;
            // A bare word, not written as code (`x`, "x", x()), may be prose ("CommonJS
            // `require` calls"): its absence from the code says nothing. Noted after "use:".
            if (!(mention.backticked || mention.quoted || mention.call_form)) {
                c.object += (c.object == "use" ? ":" : " ") + name;
            }
        }
        if (!c.subject.empty()) {
            out.push_back(c);
        }
    }
    // "the forced parameter is being set to True": an assignment or keyword argument.
    static const text::Regex k_set(
        R"(\b(?:the\s+)?)" + std::string(k_mention_re) +
        R"(\s+(?:(?:parameter|argument|option|flag|variable|attribute|field|property)\s+)?(?:is|are)\s+(?:being\s+|still\s+|always\s+)?set\s+to\s+([\w.'"-]+))");
    std::smatch sm;
    if (has_any(l, {"set to"}) && std::regex_search(l, sm, k_set) &&
        !proposal_before(l.substr(0, static_cast<size_t>(sm.position(0))))) {
        const std::string name(
            s.str().substr(static_cast<size_t>(sm.position(1)), static_cast<size_t>(sm.length(1))));
        std::string value(
            s.str().substr(static_cast<size_t>(sm.position(2)), static_cast<size_t>(sm.length(2))));
        while (!value.empty() && (value.back() == '.' || value.back() == '\'' || value.back() == '"')) {
            value.pop_back();
        }
        while (!value.empty() && (value.front() == '\'' || value.front() == '"')) {
            value.erase(0, 1);
        }
        if (text::is_name_like(name) && !value.empty() && name != "it" && name != "this" && name != "value") {
            Claim c = make_claim(s, "construct-use", s.span.begin, s.span.end);
            c.subject = text::mention_name(name);
            c.object = "set:" + value;
            out.push_back(c);
        }
    }
    static const text::Regex k_return(
        R"(\b(?:missing|lacks|lacking|without|has no|have no|doesn't have|does not have)\s+(?:a\s+|any\s+)?return(?:\s+statement)?\b(?!\s+(?:type|value|annotation|hint)))");
    std::smatch m;
    static const text::Regex k_located(
        R"(\breturn(?:\s+statement)?\s+(?:in|inside|within|for|at|on|after|before|when)\b)");
    if (has_any(l, {"return"}) && std::regex_search(l, m, k_return) && !std::regex_search(l, k_located)) {
        Claim c = make_claim(s, "construct-use", s.span.begin, s.span.end);
        c.object = "return";
        // "`reset` has no return statement": that function, not the whole change.
        for (const auto& mention : s.mentions) {
            // `reset`, `reset()`, `void reset()`: the name before the parenthesis.
            std::string code = text::trim(mention.code.substr(0, mention.code.find('(')));
            code = code.substr(
                code.find_last_of(" \t*&") == std::string::npos ? 0 : code.find_last_of(" \t*&") + 1);
            if (mention.backticked && text::is_name_like(code) && !text::mention_name(code).empty() &&
                mention.span.begin - s.span.begin < static_cast<size_t>(m.position(0))) {
                c.subject = text::mention_name(code);
            }
        }
        out.push_back(c);
    }
}

Finding verify_construct(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    for (const auto* f : files) {
        if (!f->parsed) {
            return unverifiable(c, f->path + " could not be parsed");
        }
    }
    if (c.object == "return") {
        // Rust returns its last expression without the word.
        for (const auto* f : files) {
            if (f->language == "rust") {
                return unverifiable(c, "a Rust function returns its last expression");
            }
        }
        // A named function: its own body.
        if (!c.subject.empty()) {
            const auto defs = facts::definitions(files, c.subject, {DefKind::function, DefKind::method});
            if (defs.empty()) {
                return unverifiable(c, "`" + c.subject + "` is not a function of the changed files");
            }
            for (const auto& d : defs) {
                bool returns = false;
                for (int i = d.def->start_line; i <= d.def->end_line && !returns; ++i) {
                    if (d.file->line(i) && text::contains_word(*d.file->line(i), "return")) {
                        returns = true;
                        if (defs.size() == 1) {
                            return make_finding(c, Verdict::inaccurate, "`" + c.subject + "` returns",
                                {facts::evidence(*d.file, i)});
                        }
                    }
                }
                if (!returns) {
                    return make_finding(c, Verdict::accurate, "`" + c.subject + "` has no return");
                }
            }
            return unverifiable(c, "several functions are named `" + c.subject + "`");
        }
        // The touched lines, widened to the functions that hold added lines.
        for (const auto* f : files) {
            const auto* d = facts::diff_of(change, f->path);
            if (!d) {
                continue;
            }
            for (const auto& h : d->hunks) {
                for (const auto& l : h.lines) {
                    if (l.new_line > 0 && text::contains_word(l.text, "return")) {
                        return make_finding(
                            c, Verdict::inaccurate, "the code returns", {facts::evidence(*f, l.new_line)});
                    }
                }
            }
            for (int n : facts::added_lines(change, f->path)) {
                if (const auto* fn = facts::enclosing_function(*f, n)) {
                    for (int i = fn->end_line; i >= fn->start_line; --i) {
                        if (f->line(i) && text::contains_word(*f->line(i), "return")) {
                            return make_finding(c, Verdict::inaccurate, "`" + fn->name + "` returns",
                                {facts::evidence(*f, i)});
                        }
                    }
                }
            }
        }
        return unverifiable(c, "no return in the changed lines");
    }
    if (c.object.rfind("set:", 0) == 0) {
        // NAME = VALUE (or NAME: VALUE) somewhere at head; or only in the old code.
        const std::string value = c.object.substr(4);
        const text::Regex assign(
            "(^|[^\\w$])" + c.subject + "\\s*(?::[^=,()]*)?[=:]\\s*['\"]?" + value + "($|[^\\w$])",
            std::regex_constants::icase);
        // Code only: what follows a line comment's marker is no assignment.
        const auto code_of = [](const std::string& line) {
            size_t cut = line.size();
            for (const char* marker : {"#", "//"}) {
                cut = std::min(cut, line.find(marker));
            }
            return line.substr(0, cut);
        };
        for (const auto* f : files) {
            for (size_t i = 0; i < f->lines.size(); ++i) {
                if (std::regex_search(code_of(f->lines[i]), assign)) {
                    return make_finding(c, Verdict::accurate, "it is set there",
                        {facts::evidence(*f, static_cast<int>(i) + 1)});
                }
            }
        }
        for (const auto* f : files) {
            auto it = change.base.find(f->path);
            if (it == change.base.end()) {
                continue;
            }
            for (size_t i = 0; i < it->second.lines.size(); ++i) {
                if (std::regex_search(code_of(it->second.lines[i]), assign)) {
                    return make_finding(c, Verdict::inaccurate,
                        "the change removed it: `" + c.subject + "` is set to " + value +
                            " only in the old code",
                        {Evidence{f->path + " (before the change)", static_cast<int>(i) + 1,
                            text::trim(it->second.lines[i])}});
                }
            }
        }
        return unverifiable(c, "no such assignment found");
    }
    // Several names ("wait() and notify()"): the claim is wrong when any one is not used.
    std::vector<Finding> each;
    const auto bare =
        c.object.rfind("use:", 0) == 0 ? text::identifiers(c.object.substr(4)) : std::vector<std::string>{};
    for (const auto& name : text::identifiers(c.subject)) {
        Claim one = c;
        one.subject = name;
        auto found = verify_one(one, files, change);
        if (found.verdict == Verdict::inaccurate && found.evidence.empty() &&
            std::find(bare.begin(), bare.end(), name) != bare.end()) {
            found =
                unverifiable(one, "`" + name + "` occurs nowhere in the code; the comment may not mean code");
        }
        each.push_back(found);
    }
    for (const auto& f : each) {
        if (f.verdict == Verdict::inaccurate) {
            return make_finding(c, Verdict::inaccurate, f.reason, f.evidence);
        }
    }
    for (const auto& f : each) {
        if (f.verdict == Verdict::unverifiable) {
            return make_finding(c, Verdict::unverifiable, f.reason, f.evidence);
        }
    }
    return each.empty() ? unverifiable(c, "nothing named")
                        : make_finding(c, Verdict::accurate, each.front().reason, each.front().evidence);
}

Finding verify_one(const Claim& c, const std::vector<const SourceFile*>& files, const Change& change) {
    int line = 0;
    for (const auto* f : files) {
        if (uses_in_code(*f, c.subject, &line)) {
            return make_finding(
                c, Verdict::accurate, "`" + c.subject + "` is used", {facts::evidence(*f, line)});
        }
    }
    for (const auto& [path, lines] : change.base) {
        const SourceFile* parsed = facts::parsed_base(change, path);
        if (!parsed) {
            continue;
        }
        const SourceFile& f = *parsed;
        if (uses_in_code(f, c.subject, &line)) {
            return make_finding(c, Verdict::inaccurate,
                "the change removed `" + c.subject + "`: only the old code (" + path + " line " +
                    std::to_string(line) + ") uses it",
                {Evidence{
                    path + " (before the change)", line, f.line(line) ? text::trim(*f.line(line)) : ""}});
        }
    }
    // Occurrences only inside comments are no use; in strings or other files they may be.
    size_t in_text = 0;
    size_t in_comments = 0;
    std::optional<Evidence> comment_line;
    for (const auto* f : files) {
        for (const auto& l : f->lines) {
            in_text += text::contains_word(l, c.subject) ? 1 : 0;
        }
        for (const auto& cm : f->comments) {
            for (int n = cm.start_line; n <= cm.end_line; ++n) {
                if (f->line(n) && text::contains_word(*f->line(n), c.subject)) {
                    ++in_comments;
                    if (!comment_line) {
                        comment_line = facts::evidence(*f, n);
                    }
                }
            }
        }
    }
    // "The `@example` calls `f`", "the comment mentions `g`": a claim about comments, which
    // the occurrence in a comment bears out.
    static const text::Regex k_about_comments(
        R"(\b(?:comments?|docstrings?|doc\s+comments?|jsdoc|javadoc|examples?|docs?)\b|@\w+)");
    if (in_text > 0 && in_text == in_comments && std::regex_search(text::lower(c.text), k_about_comments)) {
        return unverifiable(c, "`" + c.subject + "` is mentioned in a comment, which the claim is about");
    }
    if (in_text > 0 && in_text == in_comments) {
        return make_finding(c, Verdict::inaccurate,
            "the code does not use `" + c.subject + "`: it is only mentioned in a comment", {*comment_line});
    }
    if (in_text > 0 || facts::occurs_at_head(change, c.subject)) {
        return unverifiable(c, "`" + c.subject + "` appears only in strings or other files");
    }
    return make_finding(
        c, Verdict::inaccurate, "the code does not use `" + c.subject + "`: it occurs nowhere in it");
}

}  // namespace rules::kinds
