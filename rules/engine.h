// The claim engine's entry points. Pure: plain structs in, plain structs out.
#pragma once

#include <string>
#include <vector>

#include "rules/model.h"

namespace rules {

// Version of the rules; part of the reply's idempotency key, so that a rules change
// may answer again where it now says something different.
inline constexpr const char* k_rules_version = "1";

// The checkable claims in COMMENT's body, each with its byte span, in body order. What a
// comment claims is read from its words alone, so claims can be extracted while the
// change is still being read.
std::vector<Claim> extract_claims(const ReviewComment& comment);

// Names the claims ask about that the changed files do not define: the caller looks
// them up in the rest of the tree and stores the hits in Change::tree_lookup.
std::vector<std::string> names_to_look_up(const std::vector<Claim>& claims, const Change& change);

// The verdict on one claim, with evidence. Never throws for odd input.
Finding verify(const Claim& claim, const ReviewComment& comment, const Change& change);

}  // namespace rules
