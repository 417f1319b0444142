#include "rules/engine.h"

#include <algorithm>
#include <exception>
#include <set>

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"
#include "rules/text.h"

namespace rules {

namespace {

bool any_of_kinds(std::string_view kind, std::initializer_list<std::string_view> kinds) {
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

// Sentences whose framing the kinds' patterns do not read, and which a careful reader
// would not take as a plain statement about the code at head: each kind listed is left
// out of them. Pure precision: what is left out stays silent.
bool framed_out(const kinds::Sentence& s, std::string_view kind) {
    const std::string& l = s.lowered;
    // "> `opts` is no longer used": a quotation of someone else's words, often to refute.
    if (text::trim(s.str()).starts_with(">")) {
        return true;
    }
    // "If this catches `KeyError`, ...", "I don't think `f` has a docstring".
    static const text::Regex k_supposed(
        R"(^\W*(?:if|when|unless|assuming|in case|suppose|whether)\b(?!\s+(?:so|not|yes|any)\b)|\bi\s+(?:don't|do\s+not)\s+think\b|\b(?:i'm|i\s+am)\s+not\s+sure\b|\bnot\s+sure\s+(?:if|whether)\b|\bi\s+wonder\b)");
    // ("If they are needed, why are they commented out?" still presupposes that they are.)
    if (std::regex_search(l, k_supposed) && l.find("why ") == std::string::npos) {
        return true;
    }
    // "Nothing calls `f` any more", "neither `a` nor `b` is unused": the kinds below read
    // their pattern without the quantifier.
    static const text::Regex k_quantified(R"(\b(?:nothing|nobody|neither)\b|\bnone\s+of\b|^\W*no\b)");
    if (std::regex_search(l, k_quantified) &&
        any_of_kinds(kind, {"construct-use", "exception-handling", "diff-change", "line-reference", "unused",
                               "comment-presence", "suggestion-equals-current", "import", "test-semantics",
                               "syntax-detail"})) {
        return true;
    }
    // "Previously `f` had no comment", "in the base version `g` was not defined": the
    // code before the change, which only the diff and line kinds read.
    static const text::Regex k_before(
        R"(\b(?:previously|originally|used\s+to|before\s+(?:this|the)\s+(?:change|patch|commit|pr)|(?:the\s+)?(?:base|old|original|previous)\s+(?:version|code|implementation|revision))\b)");
    if (std::regex_search(l, k_before) && !any_of_kinds(kind, {"diff-change", "line-reference"})) {
        return true;
    }
    // "Agreed that `x` should be a property", "+1, we should remove it, thanks", "no
    // need to add a comment": agreement with what is there.
    static const text::Regex k_agreeing(
        R"(\b(?:agreed?|glad|thanks|thank\s+you|lgtm|and\s+it\s+does|which\s+it\s+does|already\s+does|already\s+do|no\s+need\s+to)\b|\+1)");
    if (std::regex_search(l, k_agreeing) &&
        any_of_kinds(kind, {"suggestion-equals-current", "comment-presence", "syntax-detail", "construct-use",
                               "diff-change"})) {
        return true;
    }
    // "`label` is not used, other than in the message": an exception the pattern drops.
    static const text::Regex k_excepting(
        R"(\b(?:except|other\s+than|apart\s+from|aside\s+from|besides|save\s+for)\b)");
    return std::regex_search(l, k_excepting) &&
           any_of_kinds(kind, {"unused", "construct-use", "comment-presence", "exception-handling", "import",
                                  "syntax-detail"});
}

}  // namespace

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
            if (!framed_out(s, kind.name)) {
                kind.extract(s, out);
            }
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
