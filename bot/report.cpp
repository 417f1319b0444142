#include "bot/report.h"

namespace bot {

namespace {

using json = nlohmann::ordered_json;

struct Counts {
    size_t comments = 0;
    size_t claims = 0;
    size_t inaccurate = 0;
};

Counts count(const CheckReport& report) {
    Counts counts;
    counts.comments = report.comments.size();
    for (const auto& result : report.comments) {
        counts.claims += result.findings.size();
        for (const auto& finding : result.findings) {
            if (finding.verdict == rules::Verdict::inaccurate) {
                ++counts.inaccurate;
            }
        }
    }
    return counts;
}

std::string plural(size_t n, const std::string& noun) {
    return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

json finding_json(const std::string& comment_id, const rules::Finding& finding) {
    json evidence = json::array();
    for (const auto& e : finding.evidence) {
        evidence.push_back({{"path", e.path}, {"line", e.line}, {"text", e.text}});
    }
    return {
        {"comment", comment_id},
        {"span", {finding.claim.span_begin, finding.claim.span_end}},
        {"claim", finding.claim.text},
        {"kind", finding.claim.kind},
        {"verdict", rules::to_string(finding.verdict)},
        {"evidence", std::move(evidence)},
        {"reason", finding.reason},
    };
}

}  // namespace

json to_json(const CheckReport& report) {
    json findings = json::array();
    for (const auto& result : report.comments) {
        for (const auto& finding : result.findings) {
            findings.push_back(finding_json(result.comment.id, finding));
        }
    }
    json replies = json::array();
    for (const auto& reply : report.replies) {
        replies.push_back({{"comment", reply.comment_id}, {"body", reply.body}});
    }
    const Counts counts = count(report);
    return {
        {"base", report.base},
        {"head", report.head},
        {"findings", std::move(findings)},
        {"skipped", report.skipped},
        {"replies", std::move(replies)},
        {"summary",
            {{"comments", counts.comments}, {"claims", counts.claims}, {"inaccurate", counts.inaccurate}}},
    };
}

std::string render_json(const CheckReport& report) {
    return to_json(report).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string render_text(const CheckReport& report) {
    std::string out;
    for (const auto& reply : report.replies) {
        std::string author;
        for (const auto& result : report.comments) {
            if (result.comment.id == reply.comment_id) {
                author = result.comment.author.empty() ? "unknown author" : result.comment.author;
                break;
            }
        }
        out += "== comment " + reply.comment_id + " (" + author + ") ==\n" + reply.body + "\n";
    }
    if (!report.skipped.empty()) {
        out += "Not checked:\n";
        for (const auto& line : report.skipped) {
            out += "  - " + line + "\n";
        }
    }
    const Counts counts = count(report);
    out += plural(counts.comments, "comment") + ", " + plural(counts.claims, "claim") + " checked, " +
           std::to_string(counts.inaccurate) + " inaccurate\n";
    return out;
}

}  // namespace bot
