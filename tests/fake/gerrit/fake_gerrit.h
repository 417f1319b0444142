// A fake Gerrit on loopback for the tests: the REST calls claimcheck makes, answered as
// Gerrit's documentation shows them (../shared/fixtures/gerrit: the ")]}'" prefix, field
// names, timestamps, plain-text errors), and a real git smart-HTTP server behind the
// projects (git http-backend as a CGI), so that change refs are fetched as from Gerrit.
//
// REST, under /a/ with HTTP basic auth (401 without) or anonymously without /a/ (reads
// only): GET /changes/?q=..., GET /changes/N, /changes/N/messages, /changes/N/comments,
// POST /changes/N/revisions/R/review. Git: /a/<project>/info/refs, git-upload-pack, and
// the same without /a/.
//
// Control, without auth, for the scripts: POST /control/messages and /control/comments
// add a reviewer's message or inline comment ({"change", "author", "message", "patch_set"?,
// "tag"?; comments also "path", "line", "in_reply_to"?}) and answer {"id"}; POST
// /control/fail adds a fault (see Fault); DELETE /control/fail clears them; GET
// /control/reviews lists the reviews posted so far ({"change", "revision", "user", "input"}).
#pragma once

#include <httplib.h>

#include <atomic>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace fake {

struct GerritMessage {
    std::string id;
    std::string author;  // username
    std::string message;
    int patch_set = 1;
    std::string tag;
    std::int64_t date = 0;
};

struct GerritComment {
    std::string id;
    std::string path;
    int line = 0;
    std::string in_reply_to;
    std::string message;
    int patch_set = 1;
    std::string author;
    std::string tag;
    bool unresolved = false;
    std::int64_t updated = 0;
};

struct GerritChange {
    int number = 0;
    std::string project;
    std::string branch = "master";
    std::string subject = "A change";
    std::string owner = "owner";
    std::string status = "NEW";
    std::vector<std::string> revisions;  // commit of patch set 1, 2, ...
    std::string parent;                  // first parent of the current patch set's commit
    std::int64_t created = 0;
    std::int64_t updated = 0;
    std::vector<GerritMessage> messages;
    std::vector<GerritComment> comments;
};

// What a matching request gets instead of its answer. PATH is a regular expression over
// the whole request path ("/a/changes/12345/comments"); METHOD empty for any. COUNT
// requests match (-1: all). The answer: STATUS with a plain-text body (and Retry-After
// when RETRY_AFTER > 0), or when STATUS is 0 and BODY is set, 200 with BODY as it is
// (e.g. fixture_body() of an invalid JSON example). DELAY_MS is slept first; with STATUS
// 0 and no BODY the normal answer follows the delay.
struct Fault {
    std::string path;
    std::string method;
    int status = 0;
    int count = 1;
    std::string body;
    int retry_after = 0;
    int delay_ms = 0;
};

struct ReceivedReview {
    int change = 0;
    std::string revision;  // as in the URL
    std::string user;
    nlohmann::json input;
};

struct GerritOptions {
    std::string username = "claimcheck-bot";
    std::string password = "secret";
    std::string git_root;  // bare repositories <git_root>/<project>.git; empty: no git
};

class FakeGerrit {
public:
    explicit FakeGerrit(GerritOptions options);
    ~FakeGerrit();
    FakeGerrit(const FakeGerrit&) = delete;
    FakeGerrit& operator=(const FakeGerrit&) = delete;

    // Binds HOST:PORT (0: any free port), serves in a thread and returns the port, or
    // -1 when the address cannot be bound.
    int start(const std::string& host = "127.0.0.1", int port = 0);
    void stop();
    std::string url() const;  // http://127.0.0.1:PORT

    void add_change(GerritChange change);
    // Adds a message or comment by a reviewer (its id is returned; generated when empty)
    // and moves the change's updated time to now.
    std::string add_message(int change, GerritMessage message);
    std::string add_comment(int change, GerritComment comment);
    void add_fault(Fault fault);
    void clear_faults();
    std::vector<ReceivedReview> reviews() const;
    std::optional<GerritChange> change(int number) const;
    // Reads the seed file of main.cpp: {"changes": [{"number", "project", "branch"?,
    // "revisions": [sha, ...], "parent", "messages": [...], "comments": [...]}]}.
    void load_seed(const nlohmann::json& seed);

private:
    void routes();
    bool authorized(const httplib::Request& req, httplib::Response& res, std::string& user) const;
    bool inject_fault(const httplib::Request& req, httplib::Response& res);
    void query_changes(const httplib::Request& req, httplib::Response& res);
    void get_change(const httplib::Request& req, httplib::Response& res);
    void list_messages(const httplib::Request& req, httplib::Response& res);
    void list_comments(const httplib::Request& req, httplib::Response& res);
    void post_review(const httplib::Request& req, httplib::Response& res, const std::string& user);
    void serve_git(const httplib::Request& req, httplib::Response& res, const std::string& user);
    nlohmann::json change_json(const GerritChange& change, const httplib::Request& req) const;
    nlohmann::json account_json(const std::string& username) const;
    GerritChange* find(const std::string& id);
    std::string next_id();

    GerritOptions m_options;
    httplib::Server m_server;
    std::thread m_thread;
    int m_port = 0;
    mutable std::mutex m_mutex;
    std::vector<GerritChange> m_changes;
    std::vector<Fault> m_faults;
    std::vector<ReceivedReview> m_reviews;
    std::uint64_t m_ids = 0;
};

// The body of a raw example of Gerrit's documentation (../shared/fixtures/gerrit/rest/
// *.raw.txt): the text after the HTTP head, with the documentation's two-space indent
// removed; the ")]}'" line is kept.
std::string fixture_body(const std::string& raw);

// "2013-02-01 09:59:32.000000000" for SECONDS since the epoch.
std::string gerrit_timestamp(std::int64_t seconds);

}  // namespace fake
