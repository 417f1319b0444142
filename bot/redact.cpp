#include "bot/redact.h"

#include <array>
#include <regex>

namespace bot {

namespace {

struct Rule {
    std::regex pattern;
    const char* replacement;
};

// Built once; std::regex construction is slow and the rules never change.
const std::array<Rule, 4>& rules_table() {
    static const std::array<Rule, 4> table = {{
        // scheme://user[:password]@host -> scheme://***@host
        {std::regex(R"re(([A-Za-z][A-Za-z0-9+.-]*://)[^/\s@]+@)re"), "$1***@"},
        // Authorization: Basic xxx / Bearer xxx (header form, any case)
        {std::regex(R"re(((?:proxy-)?authorization\s*[:=]\s*)[^\r\n,;]+)re", std::regex::icase), "$1***"},
        // token-like parameters in query strings, JSON or key=value text
        {std::regex(
             R"re(((?:access_token|token|password|passwd|secret|api_key|apikey)"?\s*[=:]\s*"?)[^\s&"',;]+)re",
             std::regex::icase),
            "$1***"},
        // self-announcing GitHub tokens anywhere in the text
        {std::regex(R"re(\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}))re"), "***"},
    }};
    return table;
}

}  // namespace

std::string redact(std::string_view text) {
    std::string out(text);
    for (const auto& rule : rules_table()) {
        out = std::regex_replace(out, rule.pattern, rule.replacement);
    }
    return out;
}

}  // namespace bot
