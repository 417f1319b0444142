// Diff changes: claims about what the change did. "These imports are commented out",
// "two new lines have been added", "the role 'x' has been removed", "the default of
// `y` changed from False to True".
//
// The diff's removed and added lines settle them, read literally:
//  - Commented out: some added line must be a comment. With none, the code was
//    deleted (or changed), not commented out. "Why are they commented out?" claims it
//    too, even after a condition ("If not, why are they commented out?").
//  - A count of added lines or imports ("two new lines", "three import statements"):
//    wrong when it matches no way of counting the additions (non-blank lines, lines,
//    statements), and only for counts of two or more, where the reviewer counted.
//  - A quoted fragment said to be removed must be on a removed line; one said to be
//    added must be on an added line. Wrong when the fragment is on the other side only,
//    or untouched at head. An imported name said to be removed from the imports is
//    not, when the file still imports it as often as before.
//  - A construct said to be added ("a new if statement has been added", "modified to
//    include a try block"): wrong when no added code line holds any word of it (an
//    `else` alone adds a branch, not a condition).
//  - "Changed (moved, switched, renamed) from A to B": wrong when the diff went from B
//    to A; with A and B quoted, also wrong when no added line holds B while an added
//    line still holds A (the touched line kept A).
// Everything else about a change (its purpose, its effect) is left alone.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

enum Form {
    commented = 0,
    count_lines = 1,
    count_imports = 2,
    removed = 3,
    added = 4,
    from_to = 5,
    no_longer_used = 6,
    now_imported = 7,
    added_to = 8,
    from_to_quoted = 9,  // from_to with both values quoted: the new one must be added
    added_construct = 10,
};

// Constructs a change can be said to add, and the words on an added line that show one
// (generously: any of them leaves the claim standing).
struct Construct {
    const char* name;
    std::vector<const char*> words;
};

const std::vector<Construct>& constructs() {
    static const std::vector<Construct> k = {
        {"a condition", {"if", "elif", "elsif", "while", "switch", "case", "when", "unless", "assert",
                            "guard", "?", "&&", "||", "and", "or", "not", "filter", "where", "match", "max",
                            "min", "orElse", "getOrDefault", "unwrap_or", "default"}},
        {"an else branch", {"else", "elif", "elsif", "default", "otherwise", "?"}},
        {"a try block", {"try", "except", "catch", "rescue", "finally", "with"}},
        {"a loop",
            {"for", "foreach", "forEach", "while", "do", "loop", "map", "each", "for_each", "until", "repeat",
                "reduce", "filter", "stream", "iter", "range", "times", "in", "of", "all", "any", "sum"}},
        {"a return statement", {"return", "yield", "=>"}},
        {"a null check",
            {"if", "elif", "while", "switch", "case", "when", "unless", "assert", "guard", "?", "&&", "||",
                "and", "or", "not", "null", "NULL", "None", "nil", "undefined", "nullptr", "requireNonNull",
                "isNull", "nonNull", "notNull", "Optional", "isPresent", "isEmpty", "empty", "orElse",
                "orElseGet", "unwrap_or", "getOrDefault", "isset", "is_none", "is_some", "is_null", "Objects",
                "exists", "has", "get", "default", "max", "min"}},
    };
    return k;
}

// Which construct the claim's noun names, or -1.
int construct_of(const std::string& noun) {
    if (noun.rfind("else", 0) == 0) {
        return 1;
    }
    if (noun.rfind("try", 0) == 0) {
        return 2;
    }
    if (noun.find("loop") != std::string::npos) {
        return 3;
    }
    if (noun.rfind("return", 0) == 0) {
        return 4;
    }
    if (noun.rfind("null", 0) == 0 || noun.rfind("none", 0) == 0) {
        return 5;
    }
    if (noun.rfind("if", 0) == 0 || noun.rfind("condition", 0) == 0) {
        return 0;
    }
    return -1;
}

// Code fragments inside SPAN; QUOTED_ONLY keeps those in quotes or backticks.
std::vector<std::string> quoted_fragments(
    const Sentence& s, const text::Span& span, bool quoted_only = false) {
    std::vector<std::string> out;
    for (const auto& m : text::mentions(s.body, span)) {
        if ((m.quoted || m.backticked || (!quoted_only && text::is_name_like(m.code))) &&
            m.code.size() >= 3) {
            out.push_back(m.code);
        }
    }
    return out;
}

}  // namespace

void extract_diff(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    static const text::Regex k_commented(R"(\bcommented[\s-]+out\b)");
    static const text::Regex k_proposal(R"(\b(?:should|could|can|must|might|may|not|n't|instead|if)\b)");
    static const text::Regex k_no_longer(R"(\bno\s+longer\s+(?:being\s+)?(?:used|uses|using|referenced)\b)");
    static const text::Regex k_now_imported(
        R"(\b(?:are|is)\s+now\s+(?:being\s+)?imported\b|\bnow\s+imports\b)");
    static const text::Regex k_added_to(
        R"(\b(?:has|have)\s+been\s+added\s+to\s+(?:the\s+)?(?:(?:function|method|class|constructor)\s+)?)" +
        std::string(k_mention_re) + R"((?:\s+(function|method|class|constructor))?)");
    static const text::Regex k_count(
        R"(\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:new\s+)?(?:lines?(?:\s+of\s+code)?|(import)\s+statements?|imports)\s+(?:have|has|were|are)\s+(?:been\s+)?added\b|)"
        R"(\baddition\s+of\s+(two|three|four|five|six|seven|eight|nine|ten|\d+)\s+(?:new\s+)?lines?\b)");
    static const text::Regex k_removed(
        R"(\b(?:has|have)\s+been\s+(removed|deleted|dropped|added|introduced|inserted)\b|\bthe\s+(removal|deletion|addition)\s+of\b)");
    static const text::Regex k_from_to(
        R"(\b(?:changed|moved|switched|updated|renamed)\s+from\s+(\S+)\s+to\s+(\S+?)[.,;]?(?:\s|$))");
    // "Why are they commented out?" presupposes that they are, whatever condition comes
    // before the question ("If not, why are they ..."): only the question itself is read
    // for a proposal or a negation.
    static const text::Regex k_why(R"(\bwhy\s+(?:are|is|were|was|have|has)\b)");
    std::smatch m;
    auto proposal_before = [&](size_t at) {
        size_t from = 0;
        const std::string head = l.substr(0, at);
        for (auto it = text::RegexIterator(head.begin(), head.end(), k_why); it != text::RegexIterator();
             ++it) {
            from = static_cast<size_t>(it->position(0));
        }
        return std::regex_search(l.substr(from, at - from), k_proposal);
    };
    // "the commented-out `print` lines are gone": an adjective naming old comments, not
    // a claim that the change comments something out.
    static const text::Regex k_attributive(
        R"(\b(?:the|a|an|one|two|three|four|five|these|those|its|their|any|some|all|old|other|remaining)\s+$)");
    if (has_any(l, {"commented"}) && std::regex_search(l, m, k_commented) &&
        !std::regex_search(l.substr(0, static_cast<size_t>(m.position(0))), k_attributive) &&
        !proposal_before(static_cast<size_t>(m.position(0)))) {
        Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
        c.number = commented;
        out.push_back(c);
        return;
    }
    if (has_any(l, {"no longer"}) && std::regex_search(l, m, k_no_longer) && !text::is_question(s.str())) {
        // What is no longer used, and where: "the `login` parameter of `_check`", "`x`
        // is no longer used in `parse`". A scope it does not name ("in that method")
        // cannot be settled.
        static const text::Regex k_scope_before(
            R"(\b(?:of|in|inside|within)\s+(?:the\s+)?(?:(?:function|method|constructor)\s+)?$)");
        static const text::Regex k_unnamed_scope(
            R"(\b(?:in|within|inside)\s+(?:that|this|the)\s+(?:method|function|constructor|class)\b)");
        std::vector<std::string> frags;
        std::string scope;
        // "`check` no longer uses `Preconditions`": what follows the verb, inside what
        // precedes it.
        static const text::Regex k_user(
            R"(`([^`]+)`\s+(?:now\s+)?no\s+longer\s+(?:uses|calls|references)\s+$)");
        const size_t verb_end = static_cast<size_t>(m.position(0) + m.length(0));
        std::smatch um;
        const std::string upto = l.substr(0, verb_end) + " ";
        const bool active = std::regex_search(upto, um, k_user);
        if (active) {
            scope = text::mention_name(
                s.str().substr(static_cast<size_t>(um.position(1)), static_cast<size_t>(um.length(1))));
        }
        // The clause of the verb: "`x` is no longer used; the path is built with `Path`".
        const size_t verb_at = static_cast<size_t>(m.position(0));
        const size_t clause_end = std::min(l.find_first_of(";", verb_at), l.size());
        const size_t clause_begin = [&] {
            const size_t p = l.find_last_of(";", verb_at);
            return p == std::string::npos ? size_t{0} : p + 1;
        }();
        for (const auto& mention : text::mentions(s.body, s.span)) {
            if (!(mention.quoted || mention.backticked) || mention.code.size() < 3) {
                continue;
            }
            const size_t b = mention.span.begin - s.span.begin;
            if (b < clause_begin || b >= clause_end) {
                continue;
            }
            if (active) {
                // Only the used thing, named right after the verb (up to the clause's end).
                if (b >= verb_end && frags.empty() &&
                    l.substr(verb_end, b - verb_end).find_first_of(",;") == std::string::npos) {
                    frags.push_back(mention.code);
                }
                continue;
            }
            if (!frags.empty() && scope.empty() && std::regex_search(l.substr(0, b), k_scope_before) &&
                !text::mention_name(mention.code).empty()) {
                scope = text::mention_name(mention.code);
                continue;
            }
            frags.push_back(mention.code);
        }
        if (scope.empty() && std::regex_search(l, k_unnamed_scope)) {
            return;
        }
        if (!frags.empty()) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            c.number = no_longer_used;
            c.object = scope;
            for (const auto& f : frags) {
                c.subject += (c.subject.empty() ? "" : "\n") + f;
            }
            out.push_back(c);
            return;
        }
    }
    if (has_any(l, {"import"}) && std::regex_search(l, m, k_now_imported)) {
        // What is now imported: the names before "is now imported" (in its clause), or
        // those right after "now imports"; not "next to the existing `tokenize` import".
        const size_t at = static_cast<size_t>(m.position(0));
        const size_t after = at + static_cast<size_t>(m.length(0));
        const bool active = m.str(0).find("imports") != std::string::npos;
        const size_t cut = active ? std::min(l.find_first_of(",;", after), l.size()) : at;
        const size_t from = active ? after : [&] {
            const size_t p = l.find_last_of(",;", at);
            return p == std::string::npos ? size_t{0} : p + 1;
        }();
        const auto frags = quoted_fragments(s, text::Span{s.at(from), s.at(cut)});
        if (!frags.empty()) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            c.number = now_imported;
            for (const auto& f : frags) {
                c.subject += (c.subject.empty() ? "" : "\n") + f;
            }
            out.push_back(c);
            return;
        }
    }
    if (has_any(l, {"added to"}) && std::regex_search(l, m, k_added_to)) {
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        std::string name;
        if (mention) {
            name = text::mention_name(mention->code);
        } else if (m[2].matched) {
            // A plain word before the noun: "added to the visibility_of function".
            name = std::string(
                s.str().substr(static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1))));
        }
        if (!name.empty() && text::is_name_like(name)) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            c.number = added_to;
            c.subject = name;
            out.push_back(c);
            return;
        }
    }
    // A count of part of the change ("three lines were added for the guard", "to `f`",
    // "besides the signature") is not a count of the whole: this checker counts the whole.
    static const text::Regex k_part_after(
        R"(^\s*(?:to|for|in|inside|within|into|around|near|at|on|before|after|above|below|under|between|by\s+(?:the|this)\s+(?:guard|check|fix|method|function|class|block))\b)");
    static const text::Regex k_part_before(
        R"(\b(?:besides|apart\s+from|aside\s+from|except|excluding|other\s+than|not\s+counting|in\s+addition\s+to|plus|also|another|more|further)\b)");
    static const text::Regex k_whole_after(
        R"(^\s*(?:(?:to|in|into|by)\s+(?:the|this)\s+(?:code|file|codebase|module|change|diff|patch|commit|source|project|pr|pull\s+request)\b|in\s+total\b|overall\b))");
    const auto part_after = [&](const std::string& rest) {
        return std::regex_search(rest, k_part_after) && !std::regex_search(rest, k_whole_after);
    };
    if (has_any(l, {"added", "addition"}) && std::regex_search(l, m, k_count) &&
        !part_after(l.substr(static_cast<size_t>(m.position(0) + m.length(0)))) &&
        !std::regex_search(l.substr(0, static_cast<size_t>(m.position(0))), k_part_before)) {
        const int g = m[1].matched ? 1 : 3;
        const auto n = text::number_word(m.str(g));
        // "Three imports were added" counts imported names, which a grouped import (Go,
        // `from a import b, c`) does not show one to a line: left out.
        if (n && *n >= 2 && m.str(0).find(" imports ") == std::string::npos) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            c.number = m.str(0).find("import") != std::string::npos ? count_imports : count_lines;
            c.object = std::to_string(*n);
            out.push_back(c);
            return;
        }
    }
    if (has_any(l, {"d from"}) && std::regex_search(l, m, k_from_to)) {
        Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
        const auto quoted = [](const std::string& v) {
            return v.size() > 2 && (v.front() == '\'' || v.front() == '"' || v.front() == '`') &&
                   v.find_last_of("'\"`") > 0;
        };
        c.number = quoted(m.str(1)) && quoted(m.str(2)) ? from_to_quoted : from_to;
        auto strip = [](std::string v) {
            while (!v.empty() && (v.front() == '\'' || v.front() == '"' || v.front() == '`')) {
                v.erase(0, 1);
            }
            while (
                !v.empty() && (v.back() == '\'' || v.back() == '"' || v.back() == '`' || v.back() == '.')) {
                v.pop_back();
            }
            return v;
        };
        // Original spelling from the body.
        c.subject = strip(std::string(
            s.str().substr(static_cast<size_t>(m.position(1)), static_cast<size_t>(m.length(1)))));
        c.object = strip(std::string(
            s.str().substr(static_cast<size_t>(m.position(2)), static_cast<size_t>(m.length(2)))));
        if (text::is_name_like(c.subject) && text::is_name_like(c.object)) {
            out.push_back(c);
        }
        return;
    }
    // "A new if statement has been added", "the code was modified to include a try
    // block", "the change adds a for loop": some added line must hold that construct.
    static const std::string k_construct =
        R"((if[\s-]*else(?:\s+(?:statement|block|clause))?|if(?:[\s-]+(?:statement|condition|check|clause|block))|conditional(?:\s+(?:statement|check|block|clause))?|(?:null|none)\s+check|else(?:[\s-]+if)?(?:\s+(?:condition|clause|branch|block|statement))|try(?:[\s/-]+(?:except|catch))?(?:[\s/-]+(?:finally))?(?:\s+(?:block|statement|clause))|try[\s/-]+(?:except|catch)|(?:for|while|foreach|for-each)[\s-]+loop|loop|return\s+statement)\b)";
    static const text::Regex k_added_construct(
        R"(\b(?:an?\s+|the\s+)?(?:new\s+|additional\s+|extra\s+)?)" + k_construct +
        R"(\s+(?:has|have)\s+been\s+(?:added|introduced|inserted)\b|)"
        R"(\b(?:modified|changed|updated|extended)\s+to\s+(?:include|add|introduce|contain)\s+(?:an?\s+)?(?:new\s+|additional\s+)?)" +
        k_construct + R"(|\b(?:adds|introduces|inserts)\s+(?:an?\s+)?(?:new\s+|additional\s+)?)" +
        k_construct);
    if (has_any(l, {"added", "introduc", "insert", "include", "adds", "contain"}) &&
        std::regex_search(l, m, k_added_construct) &&
        !std::regex_search(l.substr(0, static_cast<size_t>(m.position(0))), k_proposal) &&
        !text::is_question(s.str())) {
        std::string noun;
        for (size_t g = 1; g < m.size(); ++g) {
            if (m[static_cast<int>(g)].matched) {
                noun = m.str(static_cast<int>(g));
                break;
            }
        }
        const int which = construct_of(noun);
        if (which >= 0) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            c.number = added_construct;
            c.subject = std::to_string(which);
            out.push_back(c);
            return;
        }
    }
    if (has_any(l, {"been", "removal", "deletion", "addition"}) && std::regex_search(l, m, k_removed)) {
        // The fragments in subject position: before "has been removed", or right after
        // "the removal of" (allowing a few words such as "the phrase").
        const size_t at = static_cast<size_t>(m.position(0));
        const text::Span subject =
            m[1].matched ? text::Span{s.span.begin, s.at(at)}
                         : text::Span{s.at(at + static_cast<size_t>(m.length(0))),
                               std::min(s.span.end, s.at(at + static_cast<size_t>(m.length(0)) + 32))};
        auto frags = quoted_fragments(s, subject);
        if (m[1].matched) {
            // The fragments must be what "has been added" is said of: "`f` and `g` have
            // been removed", "the `x` import has been added", not "`f` returns `e` when
            // nothing has been added".
            static const text::Regex k_subject_gap(R"(^[^\w(]*(?:(?:[\w-]+|\([^)]*\))[\s,]+){0,3}$)");
            static const text::Regex k_not_subject(
                R"(\b(?:when|if|because|after|before|since|while|until|unless|once|whether|that|which|where|nothing|something|everything|anything|none|it|they|this|what)\b)");
            size_t last_end = std::string::npos;
            size_t first_begin = std::string::npos;
            for (const auto& mention : text::mentions(s.body, subject)) {
                if ((mention.quoted || mention.backticked || text::is_name_like(mention.code)) &&
                    mention.code.size() >= 3) {
                    last_end = mention.span.end - s.span.begin;
                    first_begin = std::min(first_begin, mention.span.begin - s.span.begin);
                }
            }
            // "A regression test for `getline` has been added": the test was, not `getline`.
            static const text::Regex k_object_of(
                R"(\b(?:for|of|to|in|on|with|about|around|from|by)\s+(?:the\s+)?$)");
            if (first_begin != std::string::npos &&
                std::regex_search(l.substr(0, first_begin), k_object_of)) {
                frags.clear();
            }
            const std::string gap =
                last_end == std::string::npos || last_end > at ? "" : l.substr(last_end, at - last_end);
            if (!std::regex_search(gap, k_subject_gap) || std::regex_search(gap, k_not_subject)) {
                frags.clear();
            }
        }
        if (!m[1].matched) {
            // The first fragment must start inside the window; it may run past it.
            frags.clear();
            for (const auto& mention : s.mentions) {
                if (mention.span.begin >= subject.begin && mention.span.begin < subject.end &&
                    (mention.quoted || mention.backticked || text::is_name_like(mention.code)) &&
                    mention.code.size() >= 3) {
                    frags.push_back(mention.code);
                    break;
                }
            }
        }
        if (!frags.empty()) {
            Claim c = make_claim(s, "diff-change", s.span.begin, s.span.end);
            const std::string verb = m[1].matched ? m.str(1) : m.str(2);
            c.number = (verb == "added" || verb == "introduced" || verb == "inserted" || verb == "addition")
                           ? added
                           : removed;
            for (const auto& f : frags) {
                c.subject += (c.subject.empty() ? "" : "\n") + f;
            }
            // "The removal of `x` from the imports": the names are gone from the imports.
            // ("The import statement for `x` has been removed" may mean the statement only,
            // rewritten with `x` in it.)
            static const text::Regex k_about_import(R"(\bfrom\s+the\s+(?:\w+\s+)?imports?\b)");
            if (c.number == removed && std::regex_search(l, k_about_import)) {
                c.object = "import";
            }
            out.push_back(c);
        }
    }
}

namespace {

struct Sides {
    std::vector<std::pair<std::string, int>> added;    // text, head line
    std::vector<std::pair<std::string, int>> removed;  // text, base line
};

Sides sides(const Change& change, const std::vector<const SourceFile*>& files) {
    Sides out;
    for (const auto* f : files) {
        if (const auto* d = facts::diff_of(change, f->path)) {
            for (const auto& h : d->hunks) {
                for (const auto& l : h.lines) {
                    if (l.origin == LineOrigin::added) {
                        out.added.emplace_back(l.text, l.new_line);
                    } else if (l.origin == LineOrigin::removed) {
                        out.removed.emplace_back(l.text, l.old_line);
                    }
                }
            }
        }
    }
    return out;
}

// The text after LINE's comment marker, or nothing when the line is no comment. With no
// LANGUAGE, every marker counts (the cautious reading).
std::optional<std::string> comment_text(const std::string& line, const std::string& language = "") {
    const std::string t = text::trim(line);
    std::vector<const char*> markers = {"//", "/*", "* ", "*/", "<!--"};
    if (language == "python" || language.empty()) {
        markers.push_back("#");
    }
    if (language.empty()) {
        markers.push_back("*");
        markers.push_back("--");
    }
    for (const char* marker : markers) {
        if (t.rfind(marker, 0) == 0) {
            std::string said = text::trim(t.substr(std::string_view(marker).size()));
            // `/* f(x); */` on one line says `f(x);`.
            for (const std::string_view close : {"*/", "-->"}) {
                if (said.size() >= close.size() &&
                    said.compare(said.size() - close.size(), close.size(), close) == 0) {
                    said = text::trim(said.substr(0, said.size() - close.size()));
                }
            }
            return said;
        }
    }
    return std::nullopt;
}

bool is_comment_line(const std::string& line) { return comment_text(line).has_value(); }

// A line's words without punctuation or spacing: "a, b" and "a b" read the same.
std::string words_of(const std::string& line) {
    std::string out;
    for (char ch : line) {
        if (text::is_ident_char(ch)) {
            out += ch;
        } else if (!out.empty() && out.back() != ' ') {
            out += ' ';
        }
    }
    return text::trim(out);
}

// A removed line holding FRAG that comes back as an added line with the same words:
// only punctuation or spacing changed, so FRAG was not removed.
std::optional<int> kept_line(const Sides& d, const std::string& frag) {
    for (const auto& [r, rn] : d.removed) {
        if (r.find(frag) == std::string::npos) {
            continue;
        }
        for (const auto& [a, an] : d.added) {
            if (words_of(a) == words_of(r) && !words_of(a).empty()) {
                return an;
            }
        }
    }
    return std::nullopt;
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t nl = s.find('\n', start);
        out.push_back(s.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        if (nl == std::string::npos) {
            break;
        }
        start = nl + 1;
    }
    return out;
}

bool on_side(const std::vector<std::pair<std::string, int>>& side, const std::string& frag) {
    for (const auto& [t, n] : side) {
        if (t.find(frag) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace

Finding verify_diff(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    const Sides d = sides(change, files);
    if (d.added.empty() && d.removed.empty()) {
        return unverifiable(c, "the diff of the files in question is empty");
    }
    const Form form = static_cast<Form>(c.number.value_or(-1));
    switch (form) {
    case commented: {
        for (const auto& [t, n] : d.added) {
            if (is_comment_line(t)) {
                return unverifiable(c, "the change adds comment lines");
            }
        }
        if (d.removed.empty()) {
            return unverifiable(c, "the change removes nothing");
        }
        // Commented-out code elsewhere in the files may be what the claim means.
        for (const auto* f : files) {
            for (const auto& line : f->lines) {
                const std::string t = text::trim(line);
                // A comment that reads as a statement: a call, an assignment, an import,
                // or a line ending in ';' (prose rarely does).
                static const text::Regex k_code_in_comment(
                    R"(^(?:[\w.$]+\(.*\)\s*;?|[\w.$\[\]'"]+\s*=\s*\S.*|(?:import|from)\s+[\w.]+(?:\s+import\s+[\w., ]+)?;?|[^ ].*;)$)");
                const auto said = comment_text(t, f->language);
                if (said && std::regex_search(*said, k_code_in_comment)) {
                    return unverifiable(c, "the files hold commented-out code");
                }
            }
        }
        std::vector<Evidence> ev;
        const auto* f = files.front();
        ev.push_back(Evidence{
            f->path + " (before the change)", d.removed.front().second, text::trim(d.removed.front().first)});
        return make_finding(c, Verdict::inaccurate,
            "nothing is commented out: the change deletes " + std::to_string(d.removed.size()) +
                " line(s) and adds no comment line",
            ev);
    }
    case count_lines:
    case count_imports: {
        const int claimed = std::stoi(c.object);
        int nonblank = 0;
        int imports = 0;
        for (const auto& [t, n] : d.added) {
            const std::string tt = text::trim(t);
            nonblank += tt.empty() ? 0 : 1;
            imports += (tt.rfind("import ", 0) == 0 || tt.rfind("from ", 0) == 0 ||
                           tt.rfind("#include", 0) == 0 || tt.rfind("use ", 0) == 0)
                           ? 1
                           : 0;
        }
        const int total = static_cast<int>(d.added.size());
        if (form == count_imports) {
            if (imports == claimed) {
                return make_finding(
                    c, Verdict::accurate, "the change adds " + std::to_string(imports) + " imports");
            }
            return make_finding(c, Verdict::inaccurate,
                "the change adds " + std::to_string(imports) + " import statement(s), not " + c.object);
        }
        if (claimed == nonblank || claimed == total) {
            return make_finding(
                c, Verdict::accurate, "the change adds " + std::to_string(nonblank) + " lines");
        }
        std::vector<Evidence> ev;
        for (const auto& [t, n] : d.added) {
            if (ev.size() < 4 && !text::trim(t).empty()) {
                ev.push_back(Evidence{files.front()->path, n, text::trim(t)});
            }
        }
        return make_finding(c, Verdict::inaccurate,
            "the change adds " + std::to_string(nonblank) + " non-blank line(s), not " + c.object, ev);
    }
    case removed:
    case added: {
        const auto frags = split_lines(c.subject);
        if (form == added && !frags.empty() && !on_side(d.added, frags.front())) {
            // The thing said to be added was there before the change, untouched.
            for (const auto* f : files) {
                auto it = change.base.find(f->path);
                if (it == change.base.end() || on_side(d.removed, frags.front())) {
                    continue;
                }
                for (size_t i = 0; i < it->second.lines.size(); ++i) {
                    const std::string& line = it->second.lines[i];
                    const bool has = text::is_name_like(frags.front())
                                         ? text::contains_word(line, frags.front())
                                         : line.find(frags.front()) != std::string::npos;
                    if (has) {
                        return make_finding(c, Verdict::inaccurate,
                            "`" + frags.front() + "` was already there before the change",
                            {Evidence{f->path + " (before the change)", static_cast<int>(i) + 1,
                                text::trim(line)}});
                    }
                }
            }
        }
        if (form == removed && c.object == "import") {
            // An imported name said to be removed that the file imports as often as before.
            for (const auto& frag : frags) {
                for (const auto* f : files) {
                    const auto* base = facts::parsed_base(change, f->path);
                    if (!base || !f->parsed) {
                        continue;
                    }
                    const auto count = [&](const SourceFile& sf, int* line) {
                        int n = 0;
                        for (const auto& imp : sf.imports) {
                            for (const auto& name : imp.names) {
                                if (name == frag) {
                                    ++n;
                                    *line = imp.line;
                                }
                            }
                        }
                        return n;
                    };
                    int head_line = 0;
                    int base_line = 0;
                    const int at_head = count(*f, &head_line);
                    if (at_head > 0 && at_head >= count(*base, &base_line)) {
                        return make_finding(c, Verdict::inaccurate, "`" + frag + "` is still imported",
                            {facts::evidence(*f, head_line)});
                    }
                }
            }
        }
        for (const auto& frag : frags) {
            const bool in_added = on_side(d.added, frag);
            const bool in_removed = on_side(d.removed, frag);
            if (form == removed && !in_removed && in_added) {
                return make_finding(
                    c, Verdict::inaccurate, "`" + frag + "` is on an added line, not a removed one");
            }
            if (form == removed) {
                if (auto kept = kept_line(d, frag)) {
                    return make_finding(c, Verdict::inaccurate,
                        "`" + frag + "` is still there: only punctuation or spacing of its line changed",
                        {Evidence{files.front()->path, *kept, text::trim(*files.front()->line(*kept))}});
                }
            }
            if (form == added && !in_added && in_removed) {
                return make_finding(
                    c, Verdict::inaccurate, "`" + frag + "` is on a removed line, not an added one");
            }
        }
        return unverifiable(c, "the fragments are on the side the claim says, or not in the diff");
    }
    case added_construct: {
        const auto& what = constructs().at(static_cast<size_t>(std::stoi(c.subject)));
        // Every added line of the change, not only the anchor file's: the construct may
        // be anywhere the change adds code.
        std::vector<const SourceFile*> all;
        for (const auto& [p, f] : change.head) {
            all.push_back(&f);
        }
        const Sides everywhere = sides(change, all);
        int code_lines = 0;
        for (const auto& [t, n] : everywhere.added) {
            if (text::trim(t).empty() || is_comment_line(t)) {
                continue;
            }
            ++code_lines;
            for (const char* w : what.words) {
                const bool word = text::is_ident_char(w[0]);
                if (word ? text::contains_word(t, w) : t.find(w) != std::string::npos) {
                    return unverifiable(c, "an added line may hold " + std::string(what.name));
                }
            }
        }
        if (code_lines == 0) {
            return unverifiable(c, "the change adds no code lines");
        }
        std::vector<Evidence> ev;
        for (const auto& [t, n] : d.added) {
            if (files.size() == 1 && ev.size() < 3 && !text::trim(t).empty()) {
                ev.push_back(Evidence{files.front()->path, n, text::trim(t)});
            }
        }
        return make_finding(
            c, Verdict::inaccurate, "no line the change adds holds " + std::string(what.name), ev);
    }
    case no_longer_used: {
        // With a scope, only the uses inside it count; a scope not found leaves it open.
        if (!c.object.empty() &&
            facts::definitions(files, c.object, {DefKind::function, DefKind::method}).empty()) {
            return unverifiable(c, "`" + c.object + "` is not a function of the changed files");
        }
        for (const auto& frag : split_lines(c.subject)) {
            const std::string name = text::mention_name(frag);
            for (const auto* f : files) {
                for (const auto& r : f->references) {
                    if (r.name == name && !name.empty() && (c.object.empty() || r.scope == c.object)) {
                        bool import_line = false;
                        for (const auto& imp : f->imports) {
                            import_line = import_line || imp.line == r.line;
                        }
                        if (!import_line) {
                            return make_finding(c, Verdict::inaccurate, "`" + name + "` is still used",
                                {facts::evidence(*f, r.line)});
                        }
                    }
                }
            }
        }
        return unverifiable(c, "no remaining use found");
    }
    case now_imported: {
        for (const auto& frag : split_lines(c.subject)) {
            const std::string name = text::mention_name(frag);
            if (name.empty() || on_side(d.added, name)) {
                continue;
            }
            for (const auto* f : files) {
                for (const auto& imp : f->imports) {
                    if (text::contains_word(imp.text, name)) {
                        return make_finding(c, Verdict::inaccurate,
                            "`" + name + "` was imported before the change too; that line is unchanged",
                            {facts::evidence(*f, imp.line)});
                    }
                }
            }
        }
        return unverifiable(c, "the imports it names are added, or not found");
    }
    case added_to: {
        bool defined = false;
        std::vector<Evidence> where;
        for (const auto* f : files) {
            for (const auto& def : f->definitions) {
                if (def.name != c.subject || def.kind == DefKind::variable || def.kind == DefKind::field) {
                    continue;
                }
                defined = true;
                for (int n : facts::added_lines(change, f->path)) {
                    if (def.start_line <= n && n <= def.end_line) {
                        return make_finding(
                            c, Verdict::accurate, "the added lines are inside `" + c.subject + "`");
                    }
                }
            }
            for (int n : facts::added_lines(change, f->path)) {
                if (where.empty() && f->line(n) && !text::trim(*f->line(n)).empty()) {
                    where.push_back(facts::evidence(*f, n));
                    if (const auto* fn = facts::enclosing_function(*f, n)) {
                        where.push_back(facts::evidence(*f, fn->start_line));
                    }
                }
            }
        }
        if (!defined || where.empty()) {
            return unverifiable(c, "`" + c.subject + "` is not defined in the changed files");
        }
        return make_finding(
            c, Verdict::inaccurate, "the added lines are not inside `" + c.subject + "`", where);
    }
    case from_to:
    case from_to_quoted: {
        // Quoted values are whole tokens: `a.b` is not in `a.b.c`.
        const auto has_token = [](const std::string& line, const std::string& v) {
            for (size_t at = line.find(v); at != std::string::npos; at = line.find(v, at + 1)) {
                const auto part = [](char ch) { return text::is_ident_char(ch) || ch == '.'; };
                const bool left = at == 0 || !part(line[at - 1]) || !part(v.front());
                const size_t end = at + v.size();
                const bool right = end == line.size() || !part(line[end]) || !part(v.back());
                if (left && right) {
                    return true;
                }
            }
            return false;
        };
        const auto has = [&](const std::vector<std::pair<std::string, int>>& side, const std::string& w) {
            for (const auto& [t, n] : side) {
                if (form == from_to_quoted ? has_token(t, w) : text::contains_word(t, w)) {
                    return true;
                }
            }
            return false;
        };
        const bool forward = has(d.removed, c.subject) && has(d.added, c.object);
        const bool backward = has(d.removed, c.object) && has(d.added, c.subject);
        if (backward && !forward) {
            return make_finding(c, Verdict::inaccurate,
                "the change went from `" + c.object + "` to `" + c.subject + "`, not the other way");
        }
        // "Moved from 'a.b' to 'a'": the change that went to B has B on an added line.
        // With no added line holding B anywhere in the change, while a touched line
        // still holds A, the change kept A.
        if (form == from_to_quoted && !forward && !backward) {
            std::vector<const SourceFile*> all;
            for (const auto& [p, f] : change.head) {
                all.push_back(&f);
            }
            bool new_added = false;
            for (const auto& [t, n] : sides(change, all).added) {
                new_added = new_added || has_token(t, c.object);
            }
            for (const auto& [t, n] : d.added) {
                if (!new_added && has_token(t, c.subject)) {
                    const SourceFile* where = files.front();
                    for (const auto* f : files) {
                        if (f->line(n) && *f->line(n) == t) {
                            where = f;
                        }
                    }
                    return make_finding(c, Verdict::inaccurate,
                        "the change keeps `" + c.subject + "`; no added line has `" + c.object + "`",
                        {Evidence{where->path, n, text::trim(t)}});
                }
            }
        }
        return unverifiable(c, "the direction of the change agrees or cannot be told");
    }
    }
    return unverifiable(c, "not a change claim this checker reads");
}

}  // namespace rules::kinds
