#include "bot/forge_github.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>

#include "bot/json_text.h"
#include "bot/redact.h"
#include "bot/reply.h"

namespace bot {

namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

// Rate-limit waits up to this long are waited out inside the request, which is then
// retried once; longer ones go back to the job queue as rate_limited.
constexpr int k_short_wait_seconds = 10;
// The least time between two content-creating requests: 80 a minute at most.
constexpr auto k_post_gap = std::chrono::milliseconds(750);
// Remembered GET answers (for conditional requests); the memory is cleared past this.
constexpr std::size_t k_max_remembered = 4096;
// A thread deeper than this is treated as broken.
constexpr int k_max_thread_depth = 100;

// Content-creating requests, serialised across every GitHub forge of the process.
std::mutex g_post_mutex;
Clock::time_point g_last_post;

rules::Error bad_input(std::string message) { return {rules::ErrorKind::bad_input, std::move(message)}; }

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string trim_slash(std::string url) {
    while (!url.empty() && url.back() == '/') {
        url.pop_back();
    }
    return url;
}

std::string login_of(const json& object) {
    const auto it = object.find("user");
    return it != object.end() && it->is_object() ? json_text(*it, "login") : "";
}

// The rel="next" URL in a Link header, or "".
std::string next_link(const std::string& link) {
    std::size_t start = 0;
    while (start < link.size()) {
        const auto end = std::min(link.find(',', start), link.size());
        const auto part = link.substr(start, end - start);
        const auto open = part.find('<');
        const auto close = part.find('>');
        if (open != std::string::npos && close != std::string::npos && close > open &&
            part.find("rel=\"next\"", close) != std::string::npos) {
            return part.substr(open + 1, close - open - 1);
        }
        start = end + 1;
    }
    return "";
}

// The request's path and query, for messages: never the host or a token.
std::string path_of(const std::string& url) {
    const auto scheme = url.find("://");
    const auto slash = url.find('/', scheme == std::string::npos ? 0 : scheme + 3);
    return slash == std::string::npos ? url : url.substr(slash);
}

struct PullRef {
    std::string repo;  // owner/name
    std::string number;
};

// "owner/repo#N", or nullopt.
std::optional<PullRef> parse_change_id(const std::string& id) {
    const auto hash = id.rfind('#');
    if (hash == std::string::npos || hash == 0 || hash + 1 == id.size() ||
        id.find('/') == std::string::npos || id.find('/') > hash) {
        return std::nullopt;
    }
    const auto number = id.substr(hash + 1);
    if (!std::all_of(number.begin(), number.end(), [](unsigned char c) { return std::isdigit(c); })) {
        return std::nullopt;
    }
    return PullRef{id.substr(0, hash), number};
}

}  // namespace

std::string github_api_url(const ForgeConfig& config) {
    if (!config.api_url.empty()) {
        return trim_slash(config.api_url);
    }
    const auto url = trim_slash(config.url);
    if (url == "https://github.com" || url == "http://github.com") {
        return "https://api.github.com";
    }
    return url + "/api/v3";
}

std::optional<int> github_rate_limit_wait(const HttpResponse& response, std::int64_t now) {
    if (response.status != 403 && response.status != 429) {
        return std::nullopt;
    }
    const auto retry_after = response.header("retry-after");
    if (!retry_after.empty()) {
        return std::max(1, parse_retry_after(retry_after, now));
    }
    if (response.header("x-ratelimit-remaining") == "0") {
        try {
            const auto reset = std::stoll(response.header("x-ratelimit-reset"));
            return static_cast<int>(std::clamp<long long>(reset - now, 1, 24 * 3600));
        } catch (const std::exception&) {
            return 60;
        }
    }
    // A secondary rate limit may come without headers: a 403 whose message says so.
    if (response.status == 429 || response.body.find("rate limit") != std::string::npos) {
        return 60;
    }
    return std::nullopt;
}

GitHubForge::GitHubForge(ForgeConfig config) : m_config(std::move(config)), m_api(github_api_url(m_config)) {
    if (m_config.app) {
        m_app = std::make_unique<GitHubApp>(*m_config.app, m_api, m_config.request_timeout);
    }
}

const std::string& GitHubForge::name() const { return m_config.name; }

rules::Result<std::string> GitHubForge::token_for(const std::string& repo) {
    if (m_app) {
        return m_app->token(repo);
    }
    return m_config.token;
}

rules::Result<GitHubForge::Page> GitHubForge::request(
    const std::string& repo, const std::string& method, const std::string& url, const std::string& body) {
    auto token = token_for(repo);
    if (!token) {
        return token.error();
    }
    HttpRequest http;
    http.method = method;
    http.url = url;
    http.body = body;
    http.timeout_seconds = m_config.request_timeout;
    http.headers = {{"Accept", "application/vnd.github+json"}, {"X-GitHub-Api-Version", "2022-11-28"}};
    if (!token->empty()) {
        http.headers.emplace_back("Authorization", "Bearer " + *token);
    }
    if (!body.empty()) {
        http.headers.emplace_back("Content-Type", "application/json");
    }
    const bool get = method == "GET";
    if (get) {
        std::lock_guard lock(m_mutex);
        if (const auto it = m_remembered.find(url); it != m_remembered.end()) {
            http.headers.emplace_back("If-None-Match", it->second.etag);
        }
    }
    // Content-creating requests: one at a time in the process, spaced out.
    std::unique_lock<std::mutex> post_lock;
    if (!get) {
        post_lock = std::unique_lock(g_post_mutex);
        std::this_thread::sleep_until(g_last_post + k_post_gap);
    }
    const auto what = method + " " + path_of(url);
    for (int attempt = 0;; ++attempt) {
        auto response = http_request(http);
        if (!get) {
            g_last_post = Clock::now();
        }
        if (!response) {
            return response.error();
        }
        if (response->status == 304 && get) {
            std::lock_guard lock(m_mutex);
            if (const auto it = m_remembered.find(url); it != m_remembered.end()) {
                return it->second.page;
            }
            return rules::Error{rules::ErrorKind::transient, what + ": 304 for an answer not remembered"};
        }
        if (const auto wait = github_rate_limit_wait(*response, now_seconds())) {
            if (attempt == 0 && *wait <= k_short_wait_seconds) {
                spdlog::info("{}: {}: rate limited; retrying in {} s", m_config.name, redact(what), *wait);
                std::this_thread::sleep_for(std::chrono::seconds(*wait));
                continue;
            }
            return rules::Error{rules::ErrorKind::rate_limited,
                redact(what) + ": rate limited (HTTP " + std::to_string(response->status) + "), retry in " +
                    std::to_string(*wait) + " s",
                *wait};
        }
        if (response->status == 401 && m_app && attempt == 0) {
            // The App's token was revoked (the App reinstalled, its permissions changed):
            // a new one, once, before the credentials count as refused.
            m_app->forget(repo);
            auto renewed = token_for(repo);
            if (!renewed) {
                return renewed.error();
            }
            for (auto& [name, value] : http.headers) {
                if (name == "Authorization") {
                    value = "Bearer " + *renewed;
                }
            }
            continue;
        }
        if (response->status < 200 || response->status >= 300) {
            return http_status_error(*response, what);
        }
        Page page;
        try {
            page.body = response->body.empty() ? json() : json::parse(response->body);
        } catch (const json::exception&) {
            return rules::Error{rules::ErrorKind::transient, redact(what) + ": the answer is not JSON"};
        }
        page.next = next_link(response->header("link"));
        if (const auto etag = response->header("etag"); get && !etag.empty()) {
            std::lock_guard lock(m_mutex);
            if (m_remembered.size() >= k_max_remembered) {
                m_remembered.clear();
            }
            m_remembered[url] = {etag, page};
        }
        return page;
    }
}

rules::Result<json> GitHubForge::get_all(const std::string& repo, const std::string& url) {
    auto all = json::array();
    for (auto next = url; !next.empty();) {
        auto page = request(repo, "GET", next);
        if (!page) {
            return page.error();
        }
        if (!page->body.is_array()) {
            return rules::Error{rules::ErrorKind::transient, "GET " + path_of(next) + ": not a list"};
        }
        all.insert(all.end(), page->body.begin(), page->body.end());
        next = page->next;
    }
    return all;
}

namespace {

// The git URL of REPO.
std::string git_url(const ForgeConfig& config, const std::string& repo) {
    return trim_slash(config.url) + "/" + repo + ".git";
}

ChangeInfo change_of(const ForgeConfig& config, const std::string& repo, const json& pull) {
    ChangeInfo info;
    const auto number = json_text(pull, "number");
    const auto head = pull.value("head", json::object());
    const auto base = pull.value("base", json::object());
    info.id = repo + "#" + number;
    info.head_sha = json_text(head, "sha");
    info.patchset = info.head_sha;
    info.project = repo;
    info.head_ref = "refs/pull/" + number + "/head";
    info.base_ref = "refs/heads/" + json_text(base, "ref");
    info.merge_base = true;
    info.updated = parse_github_time(json_text(pull, "updated_at"));
    info.fetch_url = git_url(config, repo);
    return info;
}

}  // namespace

rules::Result<std::vector<ChangeInfo>> GitHubForge::list_changes(std::int64_t since) {
    std::vector<ChangeInfo> changes;
    for (const auto& repo : m_config.projects) {
        // Most recently updated first: stop at the first one older than SINCE.
        auto next = m_api + "/repos/" + repo + "/pulls?state=open&sort=updated&direction=desc&per_page=100";
        while (!next.empty()) {
            auto page = request(repo, "GET", next);
            if (!page) {
                return page.error();
            }
            next = page->next;
            for (const auto& pull : page->body) {
                auto info = change_of(m_config, repo, pull);
                if (info.updated < since) {
                    next.clear();
                    break;
                }
                changes.push_back(std::move(info));
            }
        }
    }
    return changes;
}

rules::Result<ChangeInfo> GitHubForge::get_change(const std::string& change) {
    const auto pull = parse_change_id(change);
    if (!pull) {
        return rules::Error{
            rules::ErrorKind::not_found, m_config.name + ": " + change + " is not owner/repo#N"};
    }
    auto page = request(pull->repo, "GET", m_api + "/repos/" + pull->repo + "/pulls/" + pull->number);
    if (!page) {
        return page.error();
    }
    auto info = change_of(m_config, pull->repo, page->body);
    if (m_app) {
        // An App's repositories are fetched with its installation token.
        auto token = m_app->token(pull->repo);
        if (!token) {
            return token.error();
        }
        info.fetch_username = "x-access-token";
        info.fetch_password = *token;
    }
    return info;
}

rules::Result<std::vector<ForgeComment>> GitHubForge::review_comments(const ChangeInfo& change) {
    const auto pull = parse_change_id(change.id);
    if (!pull) {
        return rules::Error{
            rules::ErrorKind::not_found, m_config.name + ": " + change.id + " is not owner/repo#N"};
    }
    auto list = get_all(
        pull->repo, m_api + "/repos/" + pull->repo + "/pulls/" + pull->number + "/comments?per_page=100");
    if (!list) {
        return list.error();
    }
    std::vector<ForgeComment> comments;
    for (const auto& c : *list) {
        ForgeComment comment;
        comment.id = "rc-" + json_text(c, "id");
        comment.author = login_of(c);
        comment.path = json_text(c, "path");
        for (const char* key : {"line", "original_line"}) {
            if (comment.line == 0 && c.contains(key) && c[key].is_number_integer()) {
                comment.line = c[key].get<int>();
            }
        }
        comment.body = json_text(c, "body");
        comment.patchset = json_text(c, "commit_id");
        const auto parent = json_text(c, "in_reply_to_id");
        comment.parent_id = parent.empty() ? "" : "rc-" + parent;
        comment.kind = CommentKind::inline_comment;
        comments.push_back(std::move(comment));
    }
    return comments;
}

rules::Result<std::vector<ForgeComment>> GitHubForge::list_comments(const ChangeInfo& change) {
    auto comments = review_comments(change);
    if (!comments) {
        return comments.error();
    }
    const auto pull = parse_change_id(change.id);  // valid: review_comments() checked it
    const auto base = m_api + "/repos/" + pull->repo;
    auto reviews = get_all(pull->repo, base + "/pulls/" + pull->number + "/reviews?per_page=100");
    if (!reviews) {
        return reviews.error();
    }
    for (const auto& r : *reviews) {
        if (json_text(r, "body").empty()) {
            continue;  // an approval or a review made only of line comments
        }
        comments->push_back({"rv-" + json_text(r, "id"), login_of(r), "", 0, json_text(r, "body"),
            json_text(r, "commit_id"), "", CommentKind::review});
    }
    auto issue_comments = get_all(pull->repo, base + "/issues/" + pull->number + "/comments?per_page=100");
    if (!issue_comments) {
        return issue_comments.error();
    }
    for (const auto& c : *issue_comments) {
        comments->push_back({"ic-" + json_text(c, "id"), login_of(c), "", 0, json_text(c, "body"),
            change.patchset, "", CommentKind::conversation});
    }
    return comments;
}

rules::Result<std::string> GitHubForge::post_reply(
    const ChangeInfo& change, const ForgeComment& comment, const std::string& body) {
    const auto pull = parse_change_id(change.id);
    if (!pull) {
        return rules::Error{
            rules::ErrorKind::not_found, m_config.name + ": " + change.id + " is not owner/repo#N"};
    }
    const auto base = m_api + "/repos/" + pull->repo;
    if (comment.kind == CommentKind::inline_comment) {
        // Replies go to the thread's top comment: follow in_reply_to up.
        auto thread = review_comments(change);
        if (!thread) {
            return thread.error();
        }
        std::string top = comment.id;
        for (int depth = 0; depth < k_max_thread_depth; ++depth) {
            const auto it = std::find_if(
                thread->begin(), thread->end(), [&](const ForgeComment& c) { return c.id == top; });
            const auto parent =
                it != thread->end() ? it->parent_id : (top == comment.id ? comment.parent_id : "");
            if (parent.empty()) {
                break;
            }
            top = parent;
        }
        const auto url = base + "/pulls/" + pull->number + "/comments/" + top.substr(3) + "/replies";
        auto posted = request(pull->repo, "POST", url, json{{"body", body}}.dump());
        if (!posted) {
            return posted.error();
        }
        return "rc-" + json_text(posted->body, "id");
    }
    const auto text = quote_comment(comment.body) + "\n" + body;
    auto posted = request(
        pull->repo, "POST", base + "/issues/" + pull->number + "/comments", json{{"body", text}}.dump());
    if (!posted) {
        return posted.error();
    }
    return "ic-" + json_text(posted->body, "id");
}

rules::Result<bool> GitHubForge::find_marker(const ChangeInfo& change, const std::string& marker) {
    auto comments = list_comments(change);
    if (!comments) {
        return comments.error();
    }
    return std::any_of(comments->begin(), comments->end(),
        [&](const ForgeComment& c) { return c.body.find(marker) != std::string::npos; });
}

rules::Result<std::vector<ForgeEvent>> GitHubForge::parse_webhook(
    const std::map<std::string, std::string>& headers, const std::string& body) {
    const auto header = [&](const char* name) {
        const auto it = headers.find(name);
        return it == headers.end() ? std::string() : it->second;
    };
    json payload;
    try {
        payload = json::parse(body);
    } catch (const json::exception&) {
        return bad_input("the webhook body is not valid JSON");
    }
    if (!payload.is_object()) {
        return bad_input("the webhook body is not a JSON object");
    }
    const auto event = header("x-github-event");
    const auto action = json_text(payload, "action");
    const auto repo = json_text(payload.value("repository", json::object()), "full_name");
    const auto pull_request = payload.value("pull_request", json::object());
    const auto head_sha = json_text(pull_request.value("head", json::object()), "sha");
    std::vector<ForgeEvent> events;
    if (repo.empty() ||
        (!m_config.projects.empty() &&
            std::find(m_config.projects.begin(), m_config.projects.end(), repo) == m_config.projects.end())) {
        return events;  // a ping without a repository, or a repository not watched
    }
    const auto add = [&](const std::string& number, const std::string& patchset) {
        if (!number.empty()) {
            events.push_back({repo + "#" + number, patchset, header("x-github-delivery")});
        }
    };
    const bool written = action == "created" || action == "edited" || action == "submitted";
    if ((event == "pull_request_review_comment" || event == "pull_request_review") && written) {
        add(json_text(pull_request, "number"), head_sha);
    } else if (event == "issue_comment" && written) {
        const auto issue = payload.value("issue", json::object());
        if (issue.contains("pull_request")) {
            add(json_text(issue, "number"), "");
        }
    } else if (event == "pull_request" && action == "synchronize" && m_config.recheck_on_push) {
        add(json_text(pull_request, "number"), head_sha);
    }
    return events;
}

}  // namespace bot
