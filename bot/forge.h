// One small interface per forge: what the daemon needs from Gerrit or GitHub. Adapters
// live in their own files (forge_gerrit, forge_github; forge_dryrun holds DryRunForge
// and the tests' FileForge). Every method returns a value or an error whose kind tells
// the job what to do (bot/daemon.h: retry_delay): transient and rate_limited are retried
// (as long as the forge asked, when it did), not_found ends the job (the change is gone),
// auth, conflict and bad_input park it at once, permanent is retried with back-off until
// the job is parked.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "bot/config.h"
#include "rules/result.h"

namespace bot {

struct ChangeInfo {
    std::string id;            // the forge's change id: Gerrit number, GitHub "owner/repo#N"
    std::string patchset;      // current patch set number, or head sha
    std::string project;       // Gerrit project or GitHub owner/repo
    std::string head_ref;      // ref of the patch set (refs/changes/NN/ID/PS, refs/pull/N/head)
    std::string head_sha;      // its commit, when the forge says
    std::string base_ref;      // target branch
    std::string base_sha;      // base commit, when the forge says; else head's first parent
    bool merge_base = false;   // compare with the merge base of head and base (GitHub), not base
    std::int64_t updated = 0;  // seconds since the epoch
    std::string fetch_url;     // remote to fetch head_ref and base_ref from into the mirror
    // Credentials for fetch_url when they are not the forge's configured ones (a GitHub
    // App's installation token); never logged.
    std::string fetch_username;
    std::string fetch_password;
    std::string repo_path;  // when fetch_url is empty: a local repository holding the change
};

enum class CommentKind { inline_comment, message, review, conversation };

struct ForgeComment {
    std::string id;
    std::string author;  // account name as in Config::check_authors and bot_account
    std::string path;    // "" for comments not on a file
    int line = 0;        // 0 for none
    std::string body;
    std::string patchset;   // patch set (or commit) the comment was written on
    std::string parent_id;  // the comment it answers, "" for a thread's first
    CommentKind kind = CommentKind::message;
};

// One event from a webhook, after authentication: a hint to (re)check a change.
struct ForgeEvent {
    std::string change;
    std::string patchset;  // "" when the event does not say
    std::string delivery;  // the forge's delivery id for deduplication, "" when none
};

class Forge {
public:
    virtual ~Forge() = default;

    // The name in the config: jobs, metrics and the webhook route use it.
    virtual const std::string& name() const = 0;

    // Changes of the watched projects updated at or after SINCE (seconds since the
    // epoch), open ones only.
    virtual rules::Result<std::vector<ChangeInfo>> list_changes(std::int64_t since) = 0;

    // The change CHANGE as it is now (its current patch set). Fails with not_found when
    // the forge has no such change.
    virtual rules::Result<ChangeInfo> get_change(const std::string& change) = 0;

    // Every comment of CHANGE, of every patch set, the bot's own replies included.
    virtual rules::Result<std::vector<ForgeComment>> list_comments(const ChangeInfo& change) = 0;

    // Posts BODY as a reply to COMMENT on CHANGE (in its thread when the forge has
    // threads, quoting it otherwise) and returns the forge's id of the reply.
    virtual rules::Result<std::string> post_reply(
        const ChangeInfo& change, const ForgeComment& comment, const std::string& body) = 0;

    // Whether a comment on CHANGE already carries MARKER (bot/reply.h: reply_marker):
    // the check before every post that keeps a lost state store from double-posting.
    virtual rules::Result<bool> find_marker(const ChangeInfo& change, const std::string& marker) = 0;

    // The events in an authenticated webhook delivery (HEADERS lower-cased). The default
    // reads the generic payload {"change": ID, "patchset": PS}; adapters read their own.
    // Fails with bad_input for a payload that is not understood.
    virtual rules::Result<std::vector<ForgeEvent>> parse_webhook(
        const std::map<std::string, std::string>& headers, const std::string& body);
};

// The adapter for CONFIG's type.
rules::Result<std::unique_ptr<Forge>> make_forge(const ForgeConfig& config);

}  // namespace bot
