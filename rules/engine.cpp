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

// How a sentence is framed, read once per sentence.
struct Framing {
    bool quoted = false;      // "> ...": someone else's words, often quoted to refute
    bool supposed = false;    // "If this catches `KeyError`, ...", "I don't think ..."
    bool quantified = false;  // "Nothing calls `f`", "neither `a` nor `b`", "No try ..."
    bool before = false;      // "Previously `f` had no comment": the code before the change
    bool agreeing = false;    // "Agreed that ...", "+1", "no need to add a comment"
    bool excepting = false;   // "`label` is not used, other than in the message"
};

Framing framing_of(const kinds::Sentence& s) {
    const std::string& l = s.lowered;
    Framing f;
    f.quoted = text::trim(s.str()).starts_with(">");
    // ("If they are needed, why are they commented out?" still presupposes that they are.)
    static const text::Regex k_supposed(
        R"(^\W*(?:if|when|unless|assuming|in case|suppose|whether)\b(?!\s+(?:so|not|yes|any)\b)|\bi\s+(?:don't|do\s+not)\s+think\b|\b(?:i'm|i\s+am)\s+not\s+sure\b|\bnot\s+sure\s+(?:if|whether)\b|\bi\s+wonder\b)");
    // Cheap word tests first: the regexes run on few sentences.
    const auto has = [&](std::initializer_list<std::string_view> words) {
        return std::any_of(
            words.begin(), words.end(), [&](std::string_view w) { return l.find(w) != std::string::npos; });
    };
    f.supposed =
        has({"if", "when", "unless", "assum", "case", "suppose", "whether", "think", "sure", "wonder"}) &&
        std::regex_search(l, k_supposed) && l.find("why ") == std::string::npos;
    static const text::Regex k_quantified(R"(\b(?:nothing|nobody|neither)\b|\bnone\s+of\b|^\W*no\b)");
    f.quantified = has({"nothing", "nobody", "neither", "none", "no"}) && std::regex_search(l, k_quantified);
    static const text::Regex k_before(
        R"(\b(?:previously|originally|used\s+to|before\s+(?:this|the)\s+(?:change|patch|commit|pr)|(?:the\s+)?(?:base|old|original|previous)\s+(?:version|code|implementation|revision)|in\s+the\s+base)\b)");
    f.before =
        has({"previous", "original", "used to", "before", "base", "old"}) && std::regex_search(l, k_before);
    static const text::Regex k_agreeing(
        R"(\b(?:agreed?|glad|thanks|thank\s+you|lgtm|and\s+it\s+does|which\s+it\s+does|already\s+does|already\s+do|no\s+need\s+to)\b|\+1)");
    f.agreeing = has({"agree", "glad", "thank", "lgtm", "does", "already do", "no need", "+1"}) &&
                 std::regex_search(l, k_agreeing);
    static const text::Regex k_excepting(
        R"(\b(?:except|other\s+than|apart\s+from|aside\s+from|besides|save\s+for)\b)");
    f.excepting = has({"except", "other than", "apart from", "aside from", "besides", "save for"}) &&
                  std::regex_search(l, k_excepting);
    return f;
}

// Whether KIND is left out of a sentence so framed: sentences whose framing the kinds'
// patterns do not read, and which a careful reader would not take as a plain statement
// about the code at head. Pure precision: what is left out stays silent.
bool framed_out(const Framing& f, std::string_view kind) {
    if (f.quoted || f.supposed) {
        return true;
    }
    if (f.quantified &&
        any_of_kinds(kind, {"construct-use", "exception-handling", "diff-change", "line-reference", "unused",
                               "comment-presence", "suggestion-equals-current", "import", "test-semantics",
                               "syntax-detail"})) {
        return true;
    }
    // Only the diff and line kinds read the code before the change.
    if (f.before && !any_of_kinds(kind, {"diff-change", "line-reference"})) {
        return true;
    }
    if (f.agreeing && any_of_kinds(kind, {"suggestion-equals-current", "comment-presence", "syntax-detail",
                                             "construct-use", "diff-change"})) {
        return true;
    }
    return f.excepting && any_of_kinds(kind, {"unused", "construct-use", "comment-presence",
                                                 "exception-handling", "import", "syntax-detail"});
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
        const Framing framing = framing_of(s);
        for (const auto& kind : kinds::registry()) {
            if (!framed_out(framing, kind.name)) {
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
