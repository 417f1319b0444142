// Helpers shared by the rules' unit tests (tests/unit/test_rules_support.cpp): build a
// Change from source text with vcs::parse_source and a line diff, then extract and
// verify claims through the public rules API.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "rules/model.h"

namespace rules_test {

rules::Change make_change();
// Adds PATH to CHANGE: BASE absent for an added file, HEAD absent for a deleted one.
void add_file(rules::Change& change, const std::string& path, const std::optional<std::string>& base,
    const std::optional<std::string>& head);
rules::Change added_file(const std::string& path, const std::string& content);
rules::Change modified_file(const std::string& path, const std::string& base, const std::string& head);
// The findings of every claim in BODY (a comment anchored at PATH when given).
std::vector<rules::Finding> check(const std::string& body, const rules::Change& change,
    const std::optional<std::string>& path = std::nullopt);
// The same, only those of KIND.
std::vector<rules::Finding> check_kind(const std::string& kind, const std::string& body,
    const rules::Change& change, const std::optional<std::string>& path = std::nullopt);
std::string span_text(const std::string& body, const rules::Claim& claim);
std::vector<int> evidence_lines(const rules::Finding& finding);
// Whether no finding flags its claim (says it is inaccurate).
bool none_flagged(const std::vector<rules::Finding>& found);

}  // namespace rules_test
