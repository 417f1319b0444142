// `claimcheck check`: one change, one comments file, the findings and the replies.
// No posting: this is the pipeline a forge job runs, minus fetch and post.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bot/comments.h"
#include "rules/model.h"
#include "rules/result.h"

namespace vcs {
class FactsCache;
class Repository;
}  // namespace vcs

namespace bot {

// $XDG_CACHE_HOME/claimcheck/mirrors, else ~/.cache/claimcheck/mirrors.
std::string default_cache_dir();

struct CheckOptions {
    std::string repo;                 // path of a git repository (work tree, .git or bare)
    std::string head;                 // revision of the change
    std::optional<std::string> base;  // revision to diff against; default: head's first parent
    std::string comments_file;        // JSON comments (see bot/comments.h)
    // Where mirrors of remote repositories are kept, when --repo is a URL.
    std::string cache_dir = default_cache_dir();
    // Facts kept from earlier checks in this process (a daemon's, `check --repeat`);
    // none: every changed file is parsed.
    vcs::FactsCache* facts_cache = nullptr;
};

struct CommentResult {
    rules::ReviewComment comment;
    bool checked = true;                   // false: skipped (see CheckReport::skipped for why)
    std::vector<rules::Finding> findings;  // one per claim, in body order, any verdict
};

struct Reply {
    std::string comment_id;
    std::string body;
};

struct CheckReport {
    std::string base;  // commit ids
    std::string head;
    std::vector<CommentResult> comments;  // in file order
    // What was left out and why, one line each: "src/x.bin: binary file",
    // "comment c3: body is not valid UTF-8; skipped".
    std::vector<std::string> skipped;
    std::vector<Reply> replies;  // one per comment with inaccurate claims, in file order
};

// Runs the pipeline. Fails with bad_input when an input is wrong (no repository at the
// path, a revision that names no commit, an unusable comments file), with another kind
// when git fails underneath.
rules::Result<CheckReport> run_check(const CheckOptions& options);

// The pipeline from the diff on, for an open REPO, BASE..HEAD (commit ids) and COMMENTS:
// run_check() after it has read its inputs, and what a daemon job runs on its
// repository. FACTS_CACHE as in CheckOptions. Fails when git fails underneath.
rules::Result<CheckReport> check_change(const vcs::Repository& repo, const std::string& base,
    const std::string& head, const std::vector<LoadedComment>& comments,
    vcs::FactsCache* facts_cache = nullptr);

}  // namespace bot
