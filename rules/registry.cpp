// The table of claim kinds and the helpers they share. Adding a kind: write
// rules/kind_<name>.cpp, declare it in kinds.h, add one row here.
#include <algorithm>
#include <array>
#include <cctype>

#include "rules/facts.h"
#include "rules/kinds.h"

namespace rules::kinds {

const std::vector<Kind>& registry() {
    static const std::vector<Kind> k_kinds = {
        {"line-reference", extract_line, verify_line},
        {"arity", extract_arity, verify_arity},
        {"unused", extract_unused, verify_unused},
        {"docstring-presence", extract_docstring, verify_docstring},
        {"comment-presence", extract_comment, verify_comment},
        {"exception-handling", extract_exception, verify_exception},
        {"syntax-detail", extract_syntax, verify_syntax},
        {"suggestion-equals-current", extract_suggestion, verify_suggestion},
        {"identifier-exists", extract_identifier, verify_identifier},
        {"import", extract_import, verify_import},
        {"naming-convention", extract_naming, verify_naming},
        {"construct-use", extract_construct, verify_construct},
        {"diff-change", extract_diff, verify_diff},
        {"test-semantics", extract_test, verify_test},
    };
    return k_kinds;
}

Claim make_claim(const Sentence& s, const char* kind, size_t begin, size_t end) {
    Claim c;
    c.comment_id = s.comment.id;
    c.kind = kind;
    c.span_begin = begin;
    c.span_end = end;
    c.text = std::string(s.body.substr(begin, end - begin));
    c.path = s.comment.path;
    return c;
}

Finding make_finding(const Claim& c, Verdict v, std::string reason, std::vector<Evidence> evidence) {
    Finding f;
    f.claim = c;
    f.verdict = v;
    f.reason = std::move(reason);
    // Each line once, at most five: evidence is to be read, not counted.
    for (auto& e : evidence) {
        const bool seen = std::any_of(f.evidence.begin(), f.evidence.end(),
            [&](const Evidence& x) { return x.path == e.path && x.line == e.line; });
        if (!seen && f.evidence.size() < 5) {
            f.evidence.push_back(std::move(e));
        }
    }
    return f;
}

Finding unverifiable(const Claim& c, std::string reason) {
    return make_finding(c, Verdict::unverifiable, std::move(reason));
}

namespace {

// Start of the clause (in sentence offsets) that holds offset AT.
size_t clause_start(const Sentence& s, size_t at) {
    size_t start = 0;
    for (const auto& cl : text::clauses(s.body, s.span)) {
        if (cl.begin <= s.at(at)) {
            start = cl.begin - s.span.begin;
        }
    }
    return start;
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

bool suggested_at(const Sentence& s, size_t at) {
    static const std::array<std::string_view, 36> k_markers = {"rename", "renaming", " use ", "using ",
        "add ", "adding ", "replace", "replacing", "consider", "introduc", "create", "creating", "define ",
        "defining", "such as", " like ", "e.g", "for example", "instead", "something", "prefer", "switch",
        "could be", "should be", "would be", "might ", " try ", "named ", "call it", "change it",
        "changed to", "change to", " or ", "perhaps", "suggest", "recommend"};
    const size_t start = clause_start(s, at);
    const std::string prefix = " " + s.lowered.substr(start, at - start);
    // "instead of X" speaks of X as what is there, unless a marker follows it.
    size_t from = 0;
    if (const size_t inst = prefix.rfind("instead of"); inst != std::string::npos) {
        from = inst + 10;
    }
    for (auto m : k_markers) {
        if (prefix.find(m, from) != std::string::npos) {
            return true;
        }
    }
    if (from > 0) {
        return false;
    }
    return ends_with(text::trim(prefix), " to") || ends_with(text::trim(prefix), " with");
}

bool referenced_as_code(const Sentence& s, const text::Mention& m) {
    static const std::array<std::string_view, 18> k_nouns = {"variable", "function", "method", "class",
        "attribute", "parameter", "argument", "field", "module", "call", "property", "constant", "object",
        "member", "macro", "struct", "key", "option"};
    const size_t b = m.span.begin - s.span.begin;
    const size_t e = m.span.end - s.span.begin;
    const std::string before = text::trim(s.lowered.substr(0, b));
    std::string after = s.lowered.substr(e);
    after = text::trim(after);
    const bool the = ends_with(" " + before, " the");
    for (auto n : k_nouns) {
        if (after.rfind(n, 0) == 0 && the) {
            return true;
        }
    }
    if (the) {
        return !suggested_at(s, b);
    }
    return false;
}

const text::Mention* mention_in(const Sentence& s, size_t b, size_t e) {
    for (const auto& m : s.mentions) {
        const size_t mb = m.span.begin - s.span.begin;
        if (mb >= b && mb < e) {
            return &m;
        }
    }
    return nullptr;
}

bool has_negation_before(const std::string& lowered, size_t at) {
    return text::has_negation(lowered.substr(0, std::min(at, lowered.size())));
}

std::vector<std::string> claim_names(const Claim& c) {
    std::vector<std::string> out;
    for (const auto* slot : {&c.subject, &c.object}) {
        for (auto& id : text::identifiers(*slot)) {
            if (id.size() >= 2) {
                out.push_back(id);
            }
        }
    }
    return out;
}

std::vector<std::string> name_words(std::string_view name) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        if (!cur.empty()) {
            out.push_back(text::lower(cur));
            cur.clear();
        }
    };
    for (size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c == '_' || c == '$' || !text::is_ident_char(c)) {
            flush();
            continue;
        }
        if (std::isupper(static_cast<unsigned char>(c)) && !cur.empty() &&
            (std::islower(static_cast<unsigned char>(cur.back())) ||
                (i + 1 < name.size() && std::islower(static_cast<unsigned char>(name[i + 1]))))) {
            flush();
        }
        cur += c;
    }
    flush();
    return out;
}

}  // namespace rules::kinds
