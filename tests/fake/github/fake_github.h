// A fake GitHub REST API on loopback for the tests, answering as the documented API does
// (field names and shapes as in ../shared/fixtures/github): pull requests, their review
// comments, reviews and conversation comments; replies in review threads (to a thread's
// top comment only: "replies to replies are not supported"); Link pagination with
// per_page and page; ETag and If-None-Match (a 304 costs no rate limit); x-ratelimit-*
// headers per credential; 401 for a bad token; and the GitHub App endpoints, which verify
// the App's RS256 JWT with its public key and issue expiring installation tokens.
//
// Tests drive it in process with the methods below, or over HTTP (the program
// fake_github) with the same operations as control endpoints:
//   POST /_control/pulls     {"repo", "number", "head_sha", "base_ref", "updated_at"?, "state"?}
//   POST /_control/comments  {"repo", "number", "kind": review_comment|review|issue_comment,
//                             "user", "body", "path"?, "line"?, "commit_id"?, "in_reply_to_id"?}
//   POST /_control/fail      {"method"?, "path": regex, "status", "count"?, "retry_after"?,
//                             "remaining"?, "reset_in"?, "message"?}
//   GET  /_control/requests  the request log; GET /_control/comments?repo=R&number=N
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace fake_github {

struct Options {
    std::string token = "test-token";          // the token accepted besides installation tokens
    std::string bot_login = "claimcheck-bot";  // the author of comments posted through the API
    std::string app_id;                        // the App: its id and public key (PEM);
    std::string app_public_key;                // App endpoints refuse everything without them
    std::string installation_id = "4242";
    int token_lifetime = 3600;  // seconds an installation token is valid
    int rate_limit = 5000;      // requests per credential per hour
};

// One request as the fake saw it.
struct Logged {
    std::string method;
    std::string target;  // path and query
    int status = 0;
    std::string if_none_match;
    double time = 0;  // seconds since the epoch
};

class FakeGitHub {
public:
    explicit FakeGitHub(Options options = {});
    ~FakeGitHub();
    FakeGitHub(const FakeGitHub&) = delete;
    FakeGitHub& operator=(const FakeGitHub&) = delete;

    // Listens on 127.0.0.1:PORT (0: any free port) in a thread of its own; the port, or
    // -1 when it cannot bind.
    int start(int port = 0);
    void stop();
    std::string url() const;

    // The control operations (see the top of this file). add_comment returns the comment.
    void add_pull(const nlohmann::json& pull);
    nlohmann::json add_comment(const nlohmann::json& comment);
    void fail(const nlohmann::json& fault);

    std::vector<Logged> requests() const;
    // {"review_comments": [...], "reviews": [...], "issue_comments": [...]} of a pull request.
    nlohmann::json comments(const std::string& repo, int number) const;
    // Requests left to TOKEN this hour.
    int rate_remaining(const std::string& token) const;
    int tokens_issued() const;

private:
    struct Pull {
        nlohmann::json data;
        std::vector<nlohmann::json> review_comments;
        std::vector<nlohmann::json> reviews;
        std::vector<nlohmann::json> issue_comments;
    };
    struct Fault {
        std::string method;
        std::string path;
        int status = 0;
        int count = 1;
        int retry_after = -1;
        int remaining = -1;
        int reset_in = 60;
        std::string message;
    };
    struct Answer {
        int status = 200;
        nlohmann::json body;
        std::vector<std::pair<std::string, std::string>> headers;
        bool paginated = false;
    };

    void handle(const httplib::Request& request, httplib::Response& response);
    Answer control(const httplib::Request& request);
    Answer app(const httplib::Request& request, const std::string& credential);
    Answer api(const httplib::Request& request);
    bool verify_jwt(const std::string& jwt) const;
    Pull* pull(const std::string& repo, const std::string& number);
    // The control operations, called with m_mutex held.
    void add_pull_locked(const nlohmann::json& pull);
    nlohmann::json add_comment_locked(const nlohmann::json& comment);
    void fail_locked(const nlohmann::json& fault);

    Options m_options;
    std::unique_ptr<httplib::Server> m_server;
    std::thread m_thread;
    int m_port = -1;
    mutable std::mutex m_mutex;
    std::map<std::string, Pull> m_pulls;           // "owner/repo#N"
    std::map<std::string, std::int64_t> m_tokens;  // installation token -> expiry
    std::map<std::string, int> m_used;             // credential -> requests counted
    std::vector<Fault> m_faults;
    std::vector<Logged> m_log;
    std::int64_t m_next_id = 1000;
    std::int64_t m_reset = 0;  // when the rate limit window resets
    int m_issued = 0;
};

}  // namespace fake_github
