// The registry's view of a claim kind: an extractor that reads one sentence of a
// comment and appends the claims of its kind, and a verifier that settles one claim.
// Each kind lives in its own file, rules/kind_<name>.cpp, opening with an essay on what
// the claim means, what evidence settles it and where it can go wrong.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"
#include "rules/text.h"

namespace rules::kinds {

// One sentence of a comment, with what the extractors share.
struct Sentence {
    const ReviewComment& comment;
    std::string_view body;                // the whole comment body
    text::Span span;                      // this sentence
    std::string lowered;                  // this sentence, lower-cased (same byte offsets)
    std::vector<text::Mention> mentions;  // code mentions in this sentence
    std::vector<text::Mention> previous;  // code mentions of the sentence before
    std::string previous_lowered;         // the sentence before, lower-cased

    std::string_view str() const { return body.substr(span.begin, span.end - span.begin); }
    // Byte offset in the body of offset I of this sentence.
    size_t at(size_t i) const { return span.begin + i; }
};

using Extractor = void (*)(const Sentence&, std::vector<Claim>&);
using Verifier = Finding (*)(const Claim&, const ReviewComment&, const Change&);

struct Kind {
    const char* name;
    Extractor extract;
    Verifier verify;
};

// Every kind, in the order their claims are tried. Defined in rules/registry.cpp.
const std::vector<Kind>& registry();

// Shared helpers for extractors and verifiers.
Claim make_claim(const Sentence& s, const char* kind, size_t begin, size_t end);
Finding make_finding(const Claim& c, Verdict v, std::string reason, std::vector<Evidence> evidence = {});
Finding unverifiable(const Claim& c, std::string reason);

// Whether the words before offset AT in the sentence turn a mention into a suggestion
// ("rename it to `x`", "consider using `y`", "such as `z`") rather than a reference to
// code that is there.
bool suggested_at(const Sentence& s, size_t at);
// Whether the mention reads as naming existing code: "the `x` variable", "`x` is".
bool referenced_as_code(const Sentence& s, const text::Mention& m);

// The first code mention that starts within [B, E) of the sentence (sentence offsets).
const text::Mention* mention_in(const Sentence& s, size_t b, size_t e);
// A cheap test before a costly regular expression: whether L holds any of WORDS.
inline bool has_any(std::string_view l, std::initializer_list<std::string_view> words) {
    for (auto w : words) {
        if (l.find(w) != std::string_view::npos) {
            return true;
        }
    }
    return false;
}

// Regular-expression piece that matches one code mention in a lowered sentence.
inline constexpr const char* k_mention_re = R"((`[^`]+`|[a-z_$][\w$.]*(?:\([^)\s]*\))?))";

// Whether a negation ("not", "n't", "no", "never") stands in LOWERED before offset AT.
bool has_negation_before(const std::string& lowered, size_t at);

// Names the claim asks the repository about: identifiers of the subject and object.
std::vector<std::string> claim_names(const Claim& c);

// Words of a name: "_resizeAndAssert_error" -> {"resize", "and", "assert", "error"}.
std::vector<std::string> name_words(std::string_view name);

// Each kind's pair of functions (rules/kind_<name>.cpp).
#define CLAIMCHECK_KIND(ident)                                  \
    void extract_##ident(const Sentence&, std::vector<Claim>&); \
    Finding verify_##ident(const Claim&, const ReviewComment&, const Change&);
CLAIMCHECK_KIND(arity)
CLAIMCHECK_KIND(unused)
CLAIMCHECK_KIND(docstring)
CLAIMCHECK_KIND(comment)
CLAIMCHECK_KIND(exception)
CLAIMCHECK_KIND(line)
CLAIMCHECK_KIND(syntax)
CLAIMCHECK_KIND(suggestion)
CLAIMCHECK_KIND(identifier)
CLAIMCHECK_KIND(import)
CLAIMCHECK_KIND(naming)
CLAIMCHECK_KIND(construct)
CLAIMCHECK_KIND(diff)
CLAIMCHECK_KIND(test)
#undef CLAIMCHECK_KIND

}  // namespace rules::kinds
