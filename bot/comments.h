// Reading review comments from a file: the `--comments FILE` input of `claimcheck check`
// and the shape of ../shared/corpus/*/case.json.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"
#include "rules/result.h"

namespace bot {

struct LoadedComment {
    rules::ReviewComment comment;
    // False when the body is not valid UTF-8. Such a comment is kept as it is (claim
    // spans are byte offsets into the original body, so it is never "repaired") but is
    // not checked.
    bool valid_utf8 = true;
};

// True when TEXT is well-formed UTF-8 (no overlong forms, no surrogates, <= U+10FFFF).
bool is_valid_utf8(std::string_view text);

// Comments in TEXT, a JSON list of comments or an object with a `comments` list; each
// {"id", "author", "path", "line", "body"}: id and body strings, author an optional
// string, path null or a string, line null or an integer. NAME (the file name) starts
// every error message, which also names the comment's index and field. Fails with
// bad_input. Bytes that are not UTF-8 inside strings do not fail the file: the comments
// holding them come back with valid_utf8 = false.
rules::Result<std::vector<LoadedComment>> parse_comments(std::string_view text, const std::string& name);

// parse_comments() of the file at PATH; fails with bad_input when it cannot be read.
rules::Result<std::vector<LoadedComment>> load_comments(const std::string& path);

}  // namespace bot
