// Naming conventions: "`FooBar` uses snake_case", "mixes camelCase (e.g. "a") and
// snake_case (e.g. "b")".
//
// The spelling of the identifier settles it, classified as snake_case, camelCase,
// PascalCase or UPPER_CASE. Reviewers often say camelCase for PascalCase and the reverse,
// so those two are taken as one family; a claim is wrong only across families: calling
// `FakeDriver` snake_case, or `max_count` camelCase. Each convention word is paired with
// the examples that follow it ("camelCase (e.g., "X")") or the name it is said of.

#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

enum class Style { snake, camel, upper, unknown };

Style style_of_word(const std::string& w) {
    // "SCREAMING_SNAKE_CASE", "upper snake case" are UPPER_CASE.
    if (w.find("upper") != std::string::npos || w.find("screaming") != std::string::npos) {
        return Style::upper;
    }
    if (w.find("snake") != std::string::npos) {
        return Style::snake;
    }
    if (w.find("camel") != std::string::npos || w.find("pascal") != std::string::npos) {
        return Style::camel;
    }
    if (w.find("upper") != std::string::npos || w.find("screaming") != std::string::npos) {
        return Style::upper;
    }
    return Style::unknown;
}

Style style_of_name(const std::string& n) {
    bool lower = false;
    bool upper = false;
    bool underscore = false;
    for (size_t i = 0; i < n.size(); ++i) {
        const char c = n[i];
        lower = lower || (c >= 'a' && c <= 'z');
        upper = upper || (c >= 'A' && c <= 'Z');
        underscore = underscore || (c == '_' && i > 0 && i + 1 < n.size());
    }
    if (upper && !lower) {
        return Style::upper;
    }
    if (upper && lower && !underscore) {
        return Style::camel;
    }
    if (lower && !upper && underscore) {
        return Style::snake;
    }
    return Style::unknown;  // one lower word fits both; mixed spellings fit none
}

const char* style_name(Style s) {
    switch (s) {
    case Style::snake: return "snake_case";
    case Style::camel: return "camelCase/PascalCase";
    case Style::upper: return "UPPER_CASE";
    case Style::unknown: return "unknown";
    }
    return "unknown";
}

}  // namespace

void extract_naming(const Sentence& s, std::vector<Claim>& out) {
    static const text::Regex k_style(
        R"(\b((?:upper|screaming)[_ ]?snake[_ ]?case|snake[_ ]?case|camel[_ ]?case|pascal[_ ]?case|upper[_ ]?case)\b)");
    const std::string& l = s.lowered;
    if (!has_any(l, {"case"})) {
        return;
    }
    std::vector<std::pair<size_t, std::string>> styles;
    for (auto it = text::RegexIterator(l.begin(), l.end(), k_style); it != text::RegexIterator(); ++it) {
        styles.emplace_back(static_cast<size_t>(it->position(0)), it->str(1));
    }
    if (styles.size() < 1 || l.find("rename") != std::string::npos || text::is_question(s.str())) {
        return;
    }
    // "`FooBar` uses snake_case": the name right before the style word.
    static const text::Regex k_link(
        R"(^\s*(?:uses|use|is|are|is in|are in|is written in|follows|is named in|in)\s+(?:the\s+)?$)");
    for (const auto& [at, style] : styles) {
        for (const auto& m : s.mentions) {
            const size_t e = m.span.end - s.span.begin;
            if (e > at || at - e > 25 || !std::regex_match(l.substr(e, at - e), k_link)) {
                continue;
            }
            const std::string name = text::mention_name(m.code);
            if (!name.empty() && text::is_name_like(m.code)) {
                Claim c = make_claim(s, "naming-convention", m.span.begin, s.at(at + style.size()));
                c.subject = name;
                c.object = style;
                out.push_back(c);
            }
        }
    }
    for (size_t i = 0; i < styles.size(); ++i) {
        const size_t from = styles[i].first;
        const size_t to = i + 1 < styles.size() ? styles[i + 1].first : l.size();
        // Examples right after the word: "camelCase (e.g., "X")", "snake_case: `a`, `b`",
        // not a name of the next clause ("UPPER_CASE, and the `x` field ...").
        static const text::Regex k_example(
            R"(^\s*(?:(?:names?|identifiers?|style|convention|naming|variables?|functions?|methods?)\b)?[\s,:(]*(?:(?:e\.g\.?|i\.e\.?|for example|for instance|such as|like|as in|as with|see)[\s,:]*)?$)");
        static const text::Regex k_listed(R"(^[\s,]*(?:(?:and|or)\s+)?$)");
        size_t last = std::string::npos;  // end of the last example taken
        for (const auto& m : s.mentions) {
            const size_t b = m.span.begin - s.span.begin;
            if (b <= from || b >= to || b - from > 40) {
                continue;
            }
            const std::string gap = last == std::string::npos ? l.substr(from + styles[i].second.size(),
                                                                    b - from - styles[i].second.size())
                                                              : l.substr(last, b - last);
            if (!std::regex_match(gap, last == std::string::npos ? k_example : k_listed)) {
                break;
            }
            last = m.span.end - s.span.begin;
            const std::string name = text::mention_name(m.code);
            if (name.empty() || !text::is_name_like(m.code)) {
                continue;
            }
            Claim c = make_claim(s, "naming-convention", s.at(from), m.span.end);
            c.subject = name;
            c.object = styles[i].second;
            out.push_back(c);
        }
    }
}

Finding verify_naming(const Claim& c, const ReviewComment&, const Change&) {
    const Style said = style_of_word(c.object);
    const Style is = style_of_name(c.subject);
    if (said == Style::unknown || is == Style::unknown) {
        return unverifiable(c, "the spelling fits more than one convention");
    }
    if (said == is) {
        return make_finding(c, Verdict::accurate, "`" + c.subject + "` is " + style_name(is));
    }
    return make_finding(c, Verdict::inaccurate,
        "`" + c.subject + "` is " + std::string(style_name(is)) + ", not " + c.object);
}

}  // namespace rules::kinds
