// Arity: "`f` takes four arguments", "`g` has only two parameters".
//
// The claim counts the parameters of a named function. The definition settles it: its
// parameter list in a changed file. Reviewers count in two ways, with and without the
// receiver (`self`, `cls`), and both readings are right; only a number that matches
// neither is wrong. A variadic list (`*args`, `...`) can take any number, so no count
// is wrong for it. When several definitions share the name (overloads, methods of two
// classes) the number must match none of them. A name with no definition in the change
// is left unverifiable: its list is not in front of us.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

void extract_arity(const Sentence& s, std::vector<Claim>& out) {
    static const text::Regex k_re(
        std::string(k_mention_re) +
        R"(\s+(?:(?:method|function|constructor|helper)\s+)?(?:only\s+|actually\s+)?)"
        R"((?:takes|accepts|expects|has|receives|requires|needs)\s+(?:only\s+|exactly\s+|just\s+)?)"
        R"(([a-z0-9]+)\s+(?:(?:input|formal)\s+)?(?:arguments?|parameters?|args|params)\b)");
    const std::string& l = s.lowered;
    if (!has_any(l, {"argument", "parameter", "args", "params"})) {
        return;
    }
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_re); it != text::RegexIterator(); ++it) {
        const auto& m = *it;
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        const auto n = text::number_word(m.str(2));
        if (!mention || !n) {
            continue;
        }
        const std::string name = text::mention_name(mention->code);
        if (name.empty()) {
            continue;
        }
        // The span starts at the sentence's subject when it names the function.
        size_t begin = static_cast<size_t>(m.position(0));
        const size_t the = l.rfind("the ", begin);
        if (the != std::string::npos && begin - the < 20) {
            begin = the;
        }
        Claim c = make_claim(s, "arity", s.at(begin), s.at(static_cast<size_t>(m.position(0) + m.length(0))));
        c.subject = name;
        c.number = *n;
        // "if you count the receiver", "the implicit `this`": a count with the receiver
        // that the parameter list may not show (Go, Java, C++, JavaScript methods).
        static const text::Regex k_receiver(R"(\b(?:receiver|this|self|implicit)\b)");
        c.object = std::regex_search(l, k_receiver) ? "with-receiver" : "";
        out.push_back(c);
    }
}

namespace {

bool variadic(const Parameter& p) {
    return p.variadic || p.name.rfind('*', 0) == 0 || p.name.find("...") != std::string::npos;
}

bool receiver(const Parameter& p) {
    return p.name == "self" || p.name == "cls" || p.name == "this" || p.name == "&self" ||
           p.name == "&mut self" || p.name == "mut self";
}

// Whether P has a default value (or is optional) in F, read from its line.
bool has_default(const SourceFile& f, const Parameter& p) {
    const auto* line = f.line(p.line);
    const std::string name =
        p.name.substr(p.name.find_last_of("*&$ ") == std::string::npos ? 0 : p.name.find_last_of("*&$ ") + 1);
    if (!line || name.empty() || !text::is_name_like(name)) {
        return false;
    }
    std::string escaped;  // a JavaScript name may hold `$`
    for (const char ch : name) {
        escaped += ch == '$' ? std::string("\\$") : std::string(1, ch);
    }
    const text::Regex k_default("(^|[^\\w$])" + escaped + "\\s*(?:\\?|(?::[^,=()]*)?=(?!=))");
    return std::regex_search(*line, k_default);
}

std::string joined(const std::vector<Parameter>& ps) {
    std::string out;
    for (const auto& p : ps) {
        out += (out.empty() ? "" : ", ") + p.name;
    }
    return out;
}

}  // namespace

Finding verify_arity(const Claim& c, const ReviewComment&, const Change& change) {
    std::vector<const SourceFile*> files;
    for (const auto& [path, f] : change.head) {
        files.push_back(&f);
    }
    const auto defs = facts::definitions(files, c.subject, {DefKind::function, DefKind::method});
    if (defs.empty()) {
        return unverifiable(c, "no definition of `" + c.subject + "` in the changed files");
    }
    const int claimed = c.number.value_or(-1);
    std::vector<Evidence> evidence;
    std::string counts;
    auto parameters = [](int n) { return std::to_string(n) + (n == 1 ? " parameter" : " parameters"); };
    for (const auto& d : defs) {
        const auto& ps = d.def->parameters;
        for (const auto& p : ps) {
            if (variadic(p)) {
                return unverifiable(c, "`" + c.subject + "` takes a variable number of arguments");
            }
        }
        const int total = static_cast<int>(ps.size());
        const int explicit_count = (!ps.empty() && receiver(ps.front())) ? total - 1 : total;
        if (claimed == total || claimed == explicit_count ||
            (c.object == "with-receiver" && claimed == explicit_count + 1)) {
            return make_finding(c, Verdict::accurate, "`" + c.subject + "` takes " + parameters(total),
                {facts::evidence(*d.file, d.def->start_line)});
        }
        // Parameters with defaults (`x=1`, `x: int = 1`, `x?: T`, `T x = 1`) may be left
        // out: a count of the required ones, or of some of the optional ones, is fair.
        const int optional = static_cast<int>(
            std::count_if(ps.begin(), ps.end(), [&](const Parameter& p) { return has_default(*d.file, p); }));
        if (optional > 0 && claimed >= explicit_count - optional && claimed < total) {
            return unverifiable(c, "`" + c.subject + "` has " + std::to_string(optional) +
                                       " parameters with defaults; callers may pass " +
                                       std::to_string(claimed));
        }
        evidence.push_back(facts::evidence(*d.file, d.def->start_line));
        counts += counts.empty() ? "" : "; another definition takes ";
        counts += parameters(total) + (ps.empty() ? "" : " (" + joined(ps) + ")");
        if (explicit_count != total) {
            counts += ", " + std::to_string(explicit_count) + " besides `" + ps.front().name + "`";
        }
    }
    return make_finding(c, Verdict::inaccurate,
        "`" + c.subject + "` takes " + counts + ", not " + std::to_string(claimed), evidence);
}

}  // namespace rules::kinds
