// Secrets never reach a log: every log line that could carry a URL, a header or a
// token goes through redact() first.
#pragma once

#include <string>
#include <string_view>

namespace bot {

// TEXT with secrets masked: userinfo in URLs ("https://user:pw@host" -> "https://***@host"),
// the value of Authorization headers, token-like query parameters (token=, access_token=,
// password=, ...) and forge tokens that announce themselves (ghp_..., github_pat_...).
// Everything else is returned unchanged. Never throws for odd input.
std::string redact(std::string_view text);

}  // namespace bot
