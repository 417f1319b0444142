#include "rules/text.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rules::text {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }

bool is_lower(char c) { return c >= 'a' && c <= 'z'; }

// Abbreviations whose dot does not end a sentence.
bool abbreviation_before(std::string_view body, size_t dot) {
    static const std::array<std::string_view, 9> k_abbrev = {
        "e.g", "i.e", "etc", "vs", "eg", "ie", "cf", "approx", "resp"};
    size_t start = dot;
    while (
        start > 0 && (std::isalpha(static_cast<unsigned char>(body[start - 1])) || body[start - 1] == '.')) {
        --start;
    }
    const std::string word = lower(body.substr(start, dot - start));
    return std::find(k_abbrev.begin(), k_abbrev.end(), word) != k_abbrev.end();
}

// Skips a list marker ("1. ", "2) ", "- ", "* ") at a line start.
size_t skip_list_marker(std::string_view body, size_t i, size_t end) {
    size_t j = i;
    while (j < end && (body[j] == ' ' || body[j] == '\t')) {
        ++j;
    }
    size_t k = j;
    while (k < end && std::isdigit(static_cast<unsigned char>(body[k]))) {
        ++k;
    }
    if (k > j && k < end && (body[k] == '.' || body[k] == ')') && k + 1 < end && is_space(body[k + 1])) {
        return k + 1;
    }
    if (j < end && (body[j] == '-' || body[j] == '*') && j + 1 < end && body[j + 1] == ' ') {
        return j + 1;
    }
    return j;
}

Span trimmed(std::string_view body, size_t b, size_t e) {
    while (b < e && is_space(body[b])) {
        ++b;
    }
    while (e > b && is_space(body[e - 1])) {
        --e;
    }
    return {b, e};
}

bool looks_like_code_identifier(std::string_view w) {
    if (w.size() < 3 || !(std::isalpha(static_cast<unsigned char>(w[0])) || w[0] == '_')) {
        return false;
    }
    for (char c : w) {
        if (!is_ident_char(c)) {
            return false;
        }
    }
    // snake_case with an inner underscore, or a leading underscore.
    const auto us = w.find('_', 0);
    if (us != std::string_view::npos && us + 1 < w.size()) {
        return true;
    }
    // camelCase: a lower letter followed by an upper one somewhere.
    for (size_t i = 1; i < w.size(); ++i) {
        if (is_lower(w[i - 1]) && is_upper(w[i])) {
            return true;
        }
    }
    return false;
}

}  // namespace

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string trim(std::string_view s) {
    size_t b = 0;
    size_t e = s.size();
    while (b < e && is_space(s[b])) {
        ++b;
    }
    while (e > b && is_space(s[e - 1])) {
        --e;
    }
    return std::string(s.substr(b, e - b));
}

std::string squash(std::string_view s) {
    std::string out;
    bool space = false;
    for (char c : s) {
        if (is_space(c)) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

bool is_ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

bool contains_word(std::string_view hay, std::string_view name) {
    if (name.empty()) {
        return false;
    }
    for (size_t pos = hay.find(name); pos != std::string_view::npos; pos = hay.find(name, pos + 1)) {
        const bool left = pos == 0 || !is_ident_char(hay[pos - 1]) || !is_ident_char(name.front());
        const size_t after = pos + name.size();
        const bool right = after >= hay.size() || !is_ident_char(hay[after]) || !is_ident_char(name.back());
        if (left && right) {
            return true;
        }
    }
    return false;
}

bool valid_utf8(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        size_t n = 0;
        if (c < 0x80) {
            n = 0;
        } else if ((c & 0xE0) == 0xC0 && c >= 0xC2) {
            n = 1;
        } else if ((c & 0xF0) == 0xE0) {
            n = 2;
        } else if ((c & 0xF8) == 0xF0 && c <= 0xF4) {
            n = 3;
        } else {
            return false;
        }
        for (size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size() || (static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) {
                return false;
            }
        }
        i += n + 1;
    }
    return true;
}

std::string excerpt(std::string_view s, size_t max) {
    std::string t = squash(s);
    if (t.size() <= max) {
        return t;
    }
    size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(t[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    return t.substr(0, cut) + "…";
}

std::vector<Span> sentences(std::string_view body) {
    std::vector<Span> out;
    size_t start = skip_list_marker(body, 0, body.size());
    bool in_tick = false;
    auto push = [&](size_t b, size_t e) {
        Span s = trimmed(body, b, e);
        if (s.end > s.begin) {
            out.push_back(s);
        }
    };
    for (size_t i = start; i < body.size(); ++i) {
        const char c = body[i];
        if (c == '`') {
            in_tick = !in_tick;
            continue;
        }
        if (c == '\n') {
            in_tick = false;
            push(start, i);
            start = skip_list_marker(body, i + 1, body.size());
            i = start > 0 ? start - 1 : 0;
            continue;
        }
        if (in_tick) {
            continue;
        }
        if ((c == '.' || c == '!' || c == '?') && (i + 1 == body.size() || is_space(body[i + 1]))) {
            if (c == '.' && abbreviation_before(body, i)) {
                continue;
            }
            push(start, i + 1);
            start = i + 1;
        } else if (c == ':' && i + 1 < body.size() && body[i + 1] == '\n') {
            push(start, i + 1);
            start = i + 1;
        }
    }
    push(start, body.size());
    return out;
}

std::vector<Span> clauses(std::string_view body, Span sentence) {
    static const std::array<std::string_view, 7> k_joints = {
        "; ", ", but ", ", while ", ", however", ", whereas ", " but ", ", and "};
    std::vector<Span> out;
    size_t start = sentence.begin;
    bool in_tick = false;
    for (size_t i = sentence.begin; i < sentence.end; ++i) {
        if (body[i] == '`') {
            in_tick = !in_tick;
            continue;
        }
        if (in_tick) {
            continue;
        }
        for (auto j : k_joints) {
            if (i + j.size() <= sentence.end && body.substr(i, j.size()) == j) {
                Span s = trimmed(body, start, i);
                if (s.end > s.begin) {
                    out.push_back(s);
                }
                start = i + (j.front() == ',' || j.front() == ';' ? 1 : 0);
                break;
            }
        }
    }
    Span s = trimmed(body, start, sentence.end);
    if (s.end > s.begin) {
        out.push_back(s);
    }
    return out;
}

std::vector<Mention> mentions(std::string_view body, Span span) {
    std::vector<Mention> out;
    size_t i = span.begin;
    while (i < span.end) {
        const char c = body[i];
        if (c == '`') {
            size_t ticks = 1;
            while (i + ticks < span.end && body[i + ticks] == '`') {
                ++ticks;
            }
            const std::string fence(ticks, '`');
            const size_t close = body.find(fence, i + ticks);
            if (close == std::string_view::npos || close + ticks > span.end) {
                ++i;
                continue;
            }
            Mention m;
            m.span = {i, close + ticks};
            m.code = trim(body.substr(i + ticks, close - i - ticks));
            m.backticked = true;
            m.call_form = !m.code.empty() && m.code.back() == ')';
            if (!m.code.empty()) {
                out.push_back(m);
            }
            i = close + ticks;
            continue;
        }
        if (c == '"' || c == '\'') {
            // A quoted fragment counts as code only when it holds no spaces and looks like
            // an identifier, or a string of code.
            const size_t close = body.find(c, i + 1);
            if (close != std::string_view::npos && close < span.end && close > i + 1 && close - i < 120 &&
                (i == span.begin || !is_ident_char(body[i - 1]))) {
                const std::string_view inner = body.substr(i + 1, close - i - 1);
                if (inner.find('\n') == std::string_view::npos) {
                    Mention m;
                    m.span = {i, close + 1};
                    m.code = std::string(inner);
                    m.quoted = true;
                    m.call_form = !m.code.empty() && m.code.back() == ')';
                    out.push_back(m);
                    i = close + 1;
                    continue;
                }
            }
            ++i;
            continue;
        }
        if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
            if (i > span.begin && (is_ident_char(body[i - 1]) || body[i - 1] == '.')) {
                ++i;
                continue;
            }
            size_t j = i;
            while (j < span.end &&
                   (is_ident_char(body[j]) ||
                       (body[j] == '.' && j + 1 < span.end &&
                           (std::isalpha(static_cast<unsigned char>(body[j + 1])) || body[j + 1] == '_')))) {
                ++j;
            }
            const std::string_view word = body.substr(i, j - i);
            bool call = false;
            bool keyword_arg = false;
            size_t end = j;
            // A keyword argument or assignment written without spaces: `y=1.05`.
            if (j + 1 < span.end && body[j] == '=' && body[j + 1] != '=' && !is_space(body[j + 1])) {
                size_t k = j + 1;
                while (k < span.end && !is_space(body[k]) && body[k] != ',' && body[k] != ';' &&
                       !(body[k] == '.' && (k + 1 == span.end || is_space(body[k + 1])))) {
                    ++k;
                }
                keyword_arg = k > j + 1;
                end = keyword_arg ? k : j;
            }
            if (!keyword_arg && j < span.end && body[j] == '(') {
                const size_t close = body.find(')', j);
                if (close != std::string_view::npos && close < span.end && close - j < 60 &&
                    body.substr(j, close - j).find(' ') == std::string_view::npos) {
                    call = true;
                    end = close + 1;
                }
            }
            std::string_view last = word;
            if (auto dot = word.rfind('.'); dot != std::string_view::npos) {
                last = word.substr(dot + 1);
            }
            // `__word__` outside backticks is markdown emphasis as often as a dunder name.
            const bool emphasis =
                word.size() > 4 && word.substr(0, 2) == "__" && word.substr(word.size() - 2) == "__";
            if (emphasis) {
                i = end;
                continue;
            }
            if (call || keyword_arg || looks_like_code_identifier(last) ||
                (word.find('.') != std::string_view::npos &&
                    looks_like_code_identifier(word.substr(0, word.find('.'))))) {
                Mention m;
                m.span = {i, end};
                m.code = std::string(body.substr(i, end - i));
                m.call_form = call;
                out.push_back(m);
            }
            i = end;
            continue;
        }
        ++i;
    }
    return out;
}

std::vector<std::string> identifiers(std::string_view code) {
    std::vector<std::string> out;
    size_t i = 0;
    while (i < code.size()) {
        if (std::isalpha(static_cast<unsigned char>(code[i])) || code[i] == '_' || code[i] == '$') {
            size_t j = i;
            while (j < code.size() && is_ident_char(code[j])) {
                ++j;
            }
            out.emplace_back(code.substr(i, j - i));
            i = j;
        } else if (std::isdigit(static_cast<unsigned char>(code[i]))) {
            while (i < code.size() && is_ident_char(code[i])) {
                ++i;
            }
        } else {
            ++i;
        }
    }
    return out;
}

bool is_name_like(std::string_view code) {
    std::string_view c = code;
    if (c.size() >= 2 && c.substr(c.size() - 2) == "()") {
        c.remove_suffix(2);
    }
    if (c.empty()) {
        return false;
    }
    bool start = true;
    for (size_t i = 0; i < c.size(); ++i) {
        const char ch = c[i];
        if (start) {
            if (!(std::isalpha(static_cast<unsigned char>(ch)) || ch == '_' || ch == '$')) {
                return false;
            }
            start = false;
        } else if (ch == '.') {
            start = true;
        } else if (ch == '-' && i + 1 < c.size() && c[i + 1] == '>') {
            ++i;
            start = true;
        } else if (ch == ':' && i + 1 < c.size() && c[i + 1] == ':') {
            ++i;
            start = true;
        } else if (!is_ident_char(ch)) {
            return false;
        }
    }
    return !start;
}

std::string mention_name(std::string_view code) {
    std::string_view c = code;
    if (auto paren = c.find('('); paren != std::string_view::npos) {
        c = c.substr(0, paren);
    }
    if (!is_name_like(c)) {
        return "";
    }
    size_t cut = 0;
    for (size_t i = 0; i < c.size(); ++i) {
        if (c[i] == '.' || c[i] == '>' || c[i] == ':') {
            cut = i + 1;
        }
    }
    return std::string(c.substr(cut));
}

std::optional<int> number_word(std::string_view word) {
    static const std::array<std::string_view, 13> k_words = {"zero", "one", "two", "three", "four", "five",
        "six", "seven", "eight", "nine", "ten", "eleven", "twelve"};
    const std::string w = lower(word);
    if (!w.empty() &&
        std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (w.size() > 6) {
            return std::nullopt;
        }
        return std::stoi(w);
    }
    for (size_t i = 0; i < k_words.size(); ++i) {
        if (w == k_words[i]) {
            return static_cast<int>(i);
        }
    }
    if (w == "single" || w == "a" || w == "an" || w == "only one") {
        return 1;
    }
    if (w == "no" || w == "none") {
        return 0;
    }
    return std::nullopt;
}

bool is_question(std::string_view s) {
    const std::string t = trim(s);
    return !t.empty() && t.back() == '?';
}

bool has_negation(std::string_view lowered) {
    static const std::array<std::string_view, 12> k_neg = {" not ", "n't ", " no ", " never ", " without ",
        " missing", " lacks", " lack ", " absent", "none ", " nowhere", " cannot "};
    const std::string padded = " " + std::string(lowered) + " ";
    for (auto n : k_neg) {
        if (padded.find(n) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace rules::text
