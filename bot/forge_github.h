// The GitHub adapter (github.com and GitHub Enterprise). The GitHub facts that shaped it:
//
// - A pull request has three kinds of comment, each with its own list and id space:
//   review comments on lines (GET /repos/{o}/{r}/pulls/{n}/comments), review bodies
//   (…/pulls/{n}/reviews) and conversation comments (GET /repos/{o}/{r}/issues/{n}/comments).
//   Ids here are prefixed "rc-", "rv-" and "ic-" to stay unique across them.
// - A review comment is answered in its thread with POST …/pulls/{n}/comments/{id}/replies,
//   where id must be the thread's top comment (replies to replies are refused). Review
//   bodies and conversation comments have no threads: the answer is a new conversation
//   comment that quotes them.
// - A review comment carries the commit it sits on (commit_id); when a push makes its line
//   outdated it keeps the older commit, so it is no longer "on" the head and is not checked.
//   Conversation comments belong to no commit and count as on the current head; the reply
//   marker depends only on the comment id, so re-checking them never double-posts.
// - Lists are paginated with a Link header (rel="next"). A conditional GET (If-None-Match
//   with the last ETag) answered 304 costs no rate limit, so every GET is remembered.
// - Rate limits: a 403 or 429 with retry-after, or with x-ratelimit-remaining 0, is a rate
//   limit, not an auth failure. Wait retry-after, else until x-ratelimit-reset, else at
//   least a minute. Content-creating requests have their own limit (80 a minute, and they
//   should be serialised): posts go one at a time, process-wide, at least 0.75 s apart.
// - Authentication is a token, or a GitHub App's installation token (bot/github_app.h);
//   with an App, git fetches too use the installation token (user x-access-token).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>

#include "bot/forge.h"
#include "bot/github_app.h"
#include "bot/http.h"

namespace bot {

// The REST base for CONFIG: api_url when set, https://api.github.com for github.com, and
// URL/api/v3 for GitHub Enterprise.
std::string github_api_url(const ForgeConfig& config);

// Seconds to wait after RESPONSE (a 403 or 429) when it is a rate limit, at NOW: its
// retry-after, else until its x-ratelimit-reset, else 60 s; nullopt when it is not one.
std::optional<int> github_rate_limit_wait(const HttpResponse& response, std::int64_t now);

class GitHubForge final : public Forge {
public:
    explicit GitHubForge(ForgeConfig config);

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
    struct Page {
        nlohmann::json body;
        std::string next;  // the Link rel="next" URL, "" on the last page
    };
    struct Remembered {
        std::string etag;
        Page page;
    };

    // One request for REPO's API, authenticated, with a short rate-limit wait waited out
    // and retried once; a 304 answers with the remembered page.
    rules::Result<Page> request(const std::string& repo, const std::string& method, const std::string& url,
        const std::string& body = "");
    // Every item of the list at URL, page after page (Link rel="next").
    rules::Result<nlohmann::json> get_all(const std::string& repo, const std::string& url);
    rules::Result<std::vector<ForgeComment>> review_comments(const ChangeInfo& change);
    rules::Result<std::string> token_for(const std::string& repo);

    ForgeConfig m_config;
    std::string m_api;
    std::unique_ptr<GitHubApp> m_app;
    std::mutex m_mutex;
    std::map<std::string, Remembered> m_remembered;  // GET URL -> its last answer and ETag
};

}  // namespace bot
