#include "bot/reply.h"

#include <algorithm>

#include "rules/engine.h"

namespace bot {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool is_continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string trim(std::string_view text) {
    size_t begin = 0;
    size_t end = text.size();
    while (begin < end && is_space(text[begin])) {
        ++begin;
    }
    while (end > begin && is_space(text[end - 1])) {
        --end;
    }
    return std::string(text.substr(begin, end - begin));
}

}  // namespace

std::string excerpt(std::string_view text, size_t max_bytes) {
    std::string folded;
    folded.reserve(text.size());
    for (const char c : text) {
        if (is_space(c)) {
            if (!folded.empty() && folded.back() != ' ') {
                folded += ' ';
            }
        } else {
            folded += c;
        }
    }
    folded = trim(folded);
    if (folded.size() <= max_bytes) {
        return folded;
    }
    size_t cut = max_bytes;
    while (cut > 0 && is_continuation_byte(folded[cut])) {
        --cut;
    }
    return trim(std::string_view(folded).substr(0, cut)) + "…";
}

std::string quote_comment(std::string_view text) {
    constexpr int k_max_lines = 3;
    constexpr size_t k_max_line_bytes = 200;
    std::string out;
    int lines = 0;
    size_t pos = 0;
    while (pos < text.size()) {
        const auto end = std::min(text.find('\n', pos), text.size());
        const auto line = trim(text.substr(pos, end - pos));
        pos = end + 1;
        if (line.empty()) {
            if (lines > 0) {
                break;  // the first paragraph is over
            }
            continue;
        }
        if (lines == k_max_lines) {
            out += "> …\n";
            return out;
        }
        const auto cut = excerpt(line, k_max_line_bytes);
        out += "> " + cut + "\n";
        ++lines;
    }
    if (!trim(text.substr(std::min(pos, text.size()))).empty()) {
        out += "> …\n";
    }
    return out;
}

std::string reply_marker(const std::string& comment_id) {
    return std::string("<!-- claimcheck:rules=") + rules::k_rules_version + " comment=" + comment_id + " -->";
}

std::optional<std::string> compose_reply(
    const std::string& comment_id, const std::vector<rules::Finding>& findings, const std::string& head) {
    std::vector<const rules::Finding*> inaccurate;
    for (const auto& finding : findings) {
        if (finding.verdict == rules::Verdict::inaccurate) {
            inaccurate.push_back(&finding);
        }
    }
    if (inaccurate.empty()) {
        return std::nullopt;
    }

    const std::string count =
        inaccurate.size() == 1 ? "1 statement" : std::to_string(inaccurate.size()) + " statements";
    std::string out = "claimcheck found " + count + " in this review that " +
                      (inaccurate.size() == 1 ? "does" : "do") + " not match the code at " +
                      head.substr(0, 7) + ":\n";
    for (const auto* finding : inaccurate) {
        // Markdown: a quote, the reason as a paragraph, evidence as an indented code block.
        out += "\n> " + excerpt(finding->claim.text) + "\n\n";
        out += trim(finding->reason) + "\n";
        if (!finding->evidence.empty()) {
            out += "\n";
            for (const auto& evidence : finding->evidence) {
                out += "    " + evidence.path + ":" + std::to_string(evidence.line) + ": " +
                       trim(evidence.text) + "\n";
            }
        }
    }
    out += "\n" + reply_marker(comment_id) + "\n";
    return out;
}

}  // namespace bot
