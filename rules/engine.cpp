#include "rules/engine.h"

#include <algorithm>
#include <exception>
#include <set>

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/text.h"

namespace rules {

std::vector<Claim> extract_claims(const ReviewComment& comment) {
    std::vector<Claim> out;
    if (!text::valid_utf8(comment.body)) {
        return out;  // spans would be meaningless; the caller reports the skip
    }
    const std::string_view body = comment.body;
    std::vector<text::Mention> previous;
    std::string previous_lowered;
    for (const auto& span : text::sentences(body)) {
        kinds::Sentence s{comment, body, span, text::lower(body.substr(span.begin, span.end - span.begin)),
            text::mentions(body, span), previous, previous_lowered};
        for (const auto& kind : kinds::registry()) {
            kind.extract(s, out);
        }
        previous = s.mentions;
        previous_lowered = s.lowered;
    }
    // One claim per kind and span; body order.
    std::sort(out.begin(), out.end(), [](const Claim& a, const Claim& b) {
        return std::tie(a.span_begin, a.span_end, a.kind) < std::tie(b.span_begin, b.span_end, b.kind);
    });
    out.erase(std::unique(out.begin(), out.end(),
                  [](const Claim& a, const Claim& b) {
                      return a.span_begin == b.span_begin && a.span_end == b.span_end && a.kind == b.kind &&
                             a.subject == b.subject;
                  }),
        out.end());
    return out;
}

std::vector<std::string> names_to_look_up(const std::vector<Claim>& claims, const Change& change) {
    std::set<std::string> names;
    for (const auto& c : claims) {
        for (auto& n : kinds::claim_names(c)) {
            bool defined = false;
            for (const auto& [path, file] : change.head) {
                for (const auto& d : file.definitions) {
                    if (d.name == n && d.kind != DefKind::variable) {
                        defined = true;
                        break;
                    }
                }
                if (defined) {
                    break;
                }
            }
            if (!defined) {
                names.insert(n);
            }
        }
    }
    return {names.begin(), names.end()};
}

Finding verify(const Claim& claim, const ReviewComment& comment, const Change& change) {
    for (const auto& kind : kinds::registry()) {
        if (claim.kind == kind.name) {
            try {
                return kind.verify(claim, comment, change);
            } catch (const std::exception& e) {
                return kinds::unverifiable(claim, std::string("could not be checked: ") + e.what());
            }
        }
    }
    return kinds::unverifiable(claim, "no verifier for kind " + claim.kind);
}

}  // namespace rules
