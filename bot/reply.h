// The text of a reply: what claimcheck says in a comment's thread about the claims in it
// that do not match the code.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"

namespace bot {

// The reply to COMMENT_ID given the FINDINGS on its claims, at HEAD (a commit id; its
// first 7 characters are shown), or empty when no finding is inaccurate: claimcheck stays
// silent about what is accurate or cannot be settled. The reply quotes each false claim,
// says what is true instead and shows the evidence as `path:line: code`; its last line
// is a hidden marker (see reply_marker) that makes posting idempotent.
std::optional<std::string> compose_reply(
    const std::string& comment_id, const std::vector<rules::Finding>& findings, const std::string& head);

// The hidden marker that ends every reply to COMMENT_ID under the current rules version.
std::string reply_marker(const std::string& comment_id);

// TEXT on one line (whitespace runs folded to one space) and cut to at most MAX_BYTES
// bytes at a UTF-8 boundary, with "…" when cut.
std::string excerpt(std::string_view text, size_t max_bytes = 100);

// The start of a comment as a Markdown quote, for a reply that is not in the comment's
// thread (a Gerrit change message, a GitHub review body or conversation comment) and so
// must say what it answers: the first paragraph, at most three lines of at most 200
// bytes each, every line starting "> ", and a "> …" line when anything was left out.
std::string quote_comment(std::string_view text);

}  // namespace bot
