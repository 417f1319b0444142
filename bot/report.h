// Printing a CheckReport: `--format json` (the contract ../shared/eval reads) and
// `--format text` (for people).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "bot/check.h"

namespace bot {

// {"base", "head", "findings": [{"comment", "span": [b, e], "claim", "kind", "verdict",
//   "evidence": [{"path", "line", "text"}], "reason"}], "skipped": ["..."],
//  "replies": [{"comment", "body"}], "summary": {...}}
// Findings for every claim of every comment, any verdict.
nlohmann::ordered_json to_json(const CheckReport& report);

// to_json() as one line of text; bytes that are not UTF-8 become U+FFFD rather than
// failing the output.
std::string render_json(const CheckReport& report);

// Each reply under a header "== comment <id> (<author>) ==", then the skipped notes,
// then "N comments, M claims checked, K inaccurate".
std::string render_text(const CheckReport& report);

}  // namespace bot
