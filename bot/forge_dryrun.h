// Two forges that post nowhere: DryRunForge wraps a real one and prints its replies
// instead of posting them (`serve --dry-run`); FileForge reads changes and comments from
// a JSON file and appends its "posts" to a JSON lines file, so that the daemon can be
// tested end to end without a server.
#pragma once

#include <filesystem>
#include <mutex>
#include <nlohmann/json.hpp>
#include <ostream>

#include "bot/forge.h"

namespace bot {

// Everything is read from the wrapped forge; post_reply prints the reply to OUT and
// returns "dry-run" without posting.
class DryRunForge final : public Forge {
public:
    DryRunForge(std::unique_ptr<Forge> inner, std::ostream& out);

    const std::string& name() const override;
    rules::Result<std::vector<ChangeInfo>> list_changes(std::int64_t since) override;
    rules::Result<ChangeInfo> get_change(const std::string& change) override;
    rules::Result<std::vector<ForgeComment>> list_comments(const ChangeInfo& change) override;
    rules::Result<std::string> post_reply(
        const ChangeInfo& change, const ForgeComment& comment, const std::string& body) override;
    rules::Result<bool> find_marker(const ChangeInfo& change, const std::string& marker) override;
    rules::Result<std::vector<ForgeEvent>> parse_webhook(
        const std::map<std::string, std::string>& headers, const std::string& body) override;

private:
    std::unique_ptr<Forge> m_inner;
    std::ostream& m_out;
    std::mutex m_mutex;
};

// The fake forge of the tests. CONFIG.url is a JSON file, re-read on every call:
//   {"post_delay_ms": 0,            optional: each post sleeps this long first
//    "changes": [{"id": "1", "patchset": "1", "project": "demo", "updated": 1767225600,
//                 "repo": "repo",     a git repository, relative to the JSON file, or
//                 "url": "repo",      one to fetch through the mirror cache instead
//                 "head": "head", "base": "base",   revisions in it (base optional)
//                 "comments": [{"id", "author", "body", "path"?, "line"?, "patchset"?,
//                               "parent"?, "kind"?: inline|message|review|conversation}]}]}
// Replies are appended to CONFIG.replies_file, one JSON object a line
// ({"change", "patchset", "comment", "reply_id", "body"}), each with one write(2), and
// are listed back as comments by CONFIG.bot_account ("claimcheck" when unset).
class FileForge final : public Forge {
public:
    explicit FileForge(ForgeConfig config);

    const std::string& name() const override;
    rules::Result<std::vector<ChangeInfo>> list_changes(std::int64_t since) override;
    rules::Result<ChangeInfo> get_change(const std::string& change) override;
    rules::Result<std::vector<ForgeComment>> list_comments(const ChangeInfo& change) override;
    rules::Result<std::string> post_reply(
        const ChangeInfo& change, const ForgeComment& comment, const std::string& body) override;
    rules::Result<bool> find_marker(const ChangeInfo& change, const std::string& marker) override;

private:
    // The JSON file, parsed again only when its modification time or size changed.
    rules::Result<std::shared_ptr<const nlohmann::json>> load();

    ForgeConfig m_config;
    std::string m_author;
    std::mutex m_mutex;
    std::shared_ptr<const nlohmann::json> m_data;
    std::filesystem::file_time_type m_stamp;
    std::uintmax_t m_size = 0;
};

}  // namespace bot
