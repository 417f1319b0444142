#include "fake/github/fake_github.h"

#include <httplib.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <chrono>
#include <ctime>
#include <functional>
#include <regex>

#include "bot/github_app.h"

namespace fake_github {

namespace {

using nlohmann::json;

constexpr const char* k_docs = "https://docs.github.com/rest";

double now_exact() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

std::string iso_time(std::int64_t seconds) {
    const auto time = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&time, &tm);
    char text[32];
    std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &tm);
    return text;
}

json user(const std::string& login) {
    return {{"login", login}, {"id", std::hash<std::string>{}(login) % 100000}, {"type", "User"}};
}

json message(const std::string& text) { return {{"message", text}, {"documentation_url", k_docs}}; }

// A weak ETag over the answer's text, as GitHub sends.
std::string etag_of(const std::string& text) {
    return "W/\"" + std::to_string(std::hash<std::string>{}(text)) + "\"";
}

std::string bearer(const httplib::Request& request) {
    const auto value = request.get_header_value("Authorization");
    for (const std::string prefix : {"Bearer ", "token "}) {
        if (value.rfind(prefix, 0) == 0) {
            return value.substr(prefix.size());
        }
    }
    return "";
}

int int_param(const httplib::Request& request, const char* name, int fallback) {
    if (!request.has_param(name)) {
        return fallback;
    }
    try {
        return std::stoi(request.get_param_value(name));
    } catch (const std::exception&) {
        return fallback;
    }
}

}  // namespace

FakeGitHub::FakeGitHub(Options options)
    : m_options(std::move(options)),
      m_server(std::make_unique<httplib::Server>()),
      m_reset(now_seconds() + 3600) {
    const auto handler = [this](const httplib::Request& request, httplib::Response& response) {
        handle(request, response);
    };
    // Clients keep connections alive; a short timeout lets stop() return soon.
    m_server->set_keep_alive_timeout(1);
    m_server->Get(".*", handler);
    m_server->Post(".*", handler);
    m_server->Patch(".*", handler);
    m_server->Delete(".*", handler);
}

FakeGitHub::~FakeGitHub() { stop(); }

int FakeGitHub::start(int port) {
    m_port = port == 0 ? m_server->bind_to_any_port("127.0.0.1")
                       : (m_server->bind_to_port("127.0.0.1", port) ? port : -1);
    if (m_port < 0) {
        return -1;
    }
    m_thread = std::thread([this] { m_server->listen_after_bind(); });
    return m_port;
}

void FakeGitHub::stop() {
    if (m_thread.joinable()) {
        m_server->stop();
        m_thread.join();
    }
}

std::string FakeGitHub::url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

void FakeGitHub::add_pull(const json& pull) {
    std::lock_guard lock(m_mutex);
    add_pull_locked(pull);
}

void FakeGitHub::add_pull_locked(const json& input) {
    const auto repo = input.at("repo").get<std::string>();
    const auto number = input.at("number").get<int>();
    auto& pull = m_pulls[repo + "#" + std::to_string(number)];
    pull.data = {{"id", m_next_id++}, {"number", number}, {"state", input.value("state", "open")},
        {"title", input.value("title", "Pull request " + std::to_string(number))}, {"user", user("octocat")},
        {"head", {{"ref", input.value("head_ref", "topic")}, {"sha", input.at("head_sha")}}},
        {"base", {{"ref", input.value("base_ref", "main")}, {"sha", input.value("base_sha", "")}}},
        {"created_at", iso_time(now_seconds())},
        {"updated_at", input.value("updated_at", iso_time(now_seconds()))},
        {"html_url", "https://github.com/" + repo + "/pull/" + std::to_string(number)}};
}

FakeGitHub::Pull* FakeGitHub::pull(const std::string& repo, const std::string& number) {
    const auto it = m_pulls.find(repo + "#" + number);
    return it == m_pulls.end() ? nullptr : &it->second;
}

json FakeGitHub::add_comment(const json& comment) {
    std::lock_guard lock(m_mutex);
    return add_comment_locked(comment);
}

json FakeGitHub::add_comment_locked(const json& input) {
    auto* target = pull(input.at("repo").get<std::string>(), std::to_string(input.at("number").get<int>()));
    if (!target) {
        return nullptr;
    }
    const auto now = iso_time(now_seconds());
    const auto kind = input.value("kind", "issue_comment");
    const auto head = target->data["head"]["sha"];
    json comment = {{"id", m_next_id++}, {"user", user(input.value("user", "llm-reviewer"))},
        {"body", input.value("body", "")}, {"created_at", now}, {"updated_at", now}};
    target->data["updated_at"] = now;
    if (kind == "review_comment") {
        comment["path"] = input.value("path", "");
        comment["line"] = input.contains("line") ? input["line"] : json(nullptr);
        comment["original_line"] = comment["line"];
        comment["side"] = "RIGHT";
        comment["commit_id"] = input.value("commit_id", head);
        comment["original_commit_id"] = comment["commit_id"];
        comment["pull_request_review_id"] = m_next_id++;
        if (input.contains("in_reply_to_id")) {
            comment["in_reply_to_id"] = input["in_reply_to_id"];
        }
        target->review_comments.push_back(comment);
    } else if (kind == "review") {
        comment.erase("created_at");
        comment.erase("updated_at");
        comment["state"] = input.value("state", "COMMENTED");
        comment["commit_id"] = input.value("commit_id", head);
        comment["submitted_at"] = now;
        target->reviews.push_back(comment);
    } else {
        target->issue_comments.push_back(comment);
    }
    return comment;
}

void FakeGitHub::fail(const json& fault) {
    std::lock_guard lock(m_mutex);
    fail_locked(fault);
}

void FakeGitHub::fail_locked(const json& input) {
    Fault fault;
    fault.method = input.value("method", "");
    fault.path = input.value("path", ".*");
    fault.status = input.value("status", 500);
    fault.count = input.value("count", 1);
    fault.retry_after = input.value("retry_after", -1);
    fault.remaining = input.value("remaining", -1);
    fault.reset_in = input.value("reset_in", 60);
    fault.message = input.value("message", "");
    m_faults.push_back(fault);
}

std::vector<Logged> FakeGitHub::requests() const {
    std::lock_guard lock(m_mutex);
    return m_log;
}

json FakeGitHub::comments(const std::string& repo, int number) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_pulls.find(repo + "#" + std::to_string(number));
    if (it == m_pulls.end()) {
        return nullptr;
    }
    return {{"review_comments", it->second.review_comments}, {"reviews", it->second.reviews},
        {"issue_comments", it->second.issue_comments}};
}

int FakeGitHub::rate_remaining(const std::string& token) const {
    std::lock_guard lock(m_mutex);
    const auto it = m_used.find(token);
    return m_options.rate_limit - (it == m_used.end() ? 0 : it->second);
}

int FakeGitHub::tokens_issued() const {
    std::lock_guard lock(m_mutex);
    return m_issued;
}

bool FakeGitHub::verify_jwt(const std::string& jwt) const {
    if (m_options.app_public_key.empty()) {
        return false;
    }
    const auto first = jwt.find('.');
    const auto second = jwt.find('.', first == std::string::npos ? 0 : first + 1);
    if (first == std::string::npos || second == std::string::npos) {
        return false;
    }
    const auto header = bot::base64url_decode(jwt.substr(0, first));
    const auto claims = bot::base64url_decode(jwt.substr(first + 1, second - first - 1));
    const auto signature = bot::base64url_decode(jwt.substr(second + 1));
    if (!header || !claims || !signature) {
        return false;
    }
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(
        BIO_new_mem_buf(m_options.app_public_key.data(), static_cast<int>(m_options.app_public_key.size())),
        BIO_free);
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
        PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> context(EVP_MD_CTX_new(), EVP_MD_CTX_free);
    const auto input = jwt.substr(0, second);
    if (!key || !context ||
        EVP_DigestVerifyInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(signature->data()),
            signature->size(), reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        return false;
    }
    try {
        const auto head = json::parse(*header);
        const auto body = json::parse(*claims);
        const auto iat = body.at("iat").get<std::int64_t>();
        const auto exp = body.at("exp").get<std::int64_t>();
        const auto now = now_seconds();
        // GitHub: exp at most 10 minutes after iat; iat not in the future.
        return head.value("alg", "") == "RS256" && body.at("iss").get<std::string>() == m_options.app_id &&
               iat <= now + 1 && exp > now && exp - iat <= 600;
    } catch (const json::exception&) {
        return false;
    }
}

void FakeGitHub::handle(const httplib::Request& request, httplib::Response& response) {
    Answer answer;
    const auto credential = bearer(request);
    bool counted = false;
    {
        std::lock_guard lock(m_mutex);
        const auto target = request.target;
        // Faults first: they stand for GitHub refusing whatever the request was.
        for (auto& fault : m_faults) {
            if (fault.count == 0 || (!fault.method.empty() && fault.method != request.method) ||
                !std::regex_search(request.path, std::regex(fault.path))) {
                continue;
            }
            --fault.count;
            answer.status = fault.status;
            answer.body = message(!fault.message.empty() ? fault.message
                                  : fault.status == 422  ? "Validation Failed"
                                  : fault.status == 403 || fault.status == 429
                                      ? "API rate limit exceeded for user. (But here's the good news: "
                                        "Authenticated requests get a higher rate limit.)"
                                      : "Server Error");
            if (fault.status == 422) {
                answer.body["errors"] =
                    json::array({{{"resource", "IssueComment"}, {"code", "invalid"}, {"field", "body"}}});
            }
            if (fault.retry_after >= 0) {
                answer.headers.emplace_back("Retry-After", std::to_string(fault.retry_after));
            }
            if (fault.remaining >= 0) {
                answer.headers.emplace_back("X-RateLimit-Remaining", std::to_string(fault.remaining));
                answer.headers.emplace_back(
                    "X-RateLimit-Reset", std::to_string(now_seconds() + fault.reset_in));
            }
            break;
        }
        if (answer.status == 200 || answer.status == 0) {
            answer.status = 200;
            if (request.path.rfind("/_control/", 0) == 0) {
                answer = control(request);
            } else if (request.path.rfind("/app/", 0) == 0 ||
                       std::regex_match(request.path, std::regex("/repos/[^/]+/[^/]+/installation"))) {
                answer = app(request, credential);
            } else {
                const auto expiry = m_tokens.find(credential);
                const bool valid = (!credential.empty() && credential == m_options.token) ||
                                   (expiry != m_tokens.end() && expiry->second > now_seconds());
                if (!valid) {
                    answer = {401, message("Bad credentials"), {}, false};
                } else {
                    counted = true;
                    answer = api(request);
                }
            }
        }
        std::string text = answer.body.is_null() ? "" : answer.body.dump();
        if (answer.paginated) {
            // Link pagination: per_page (default 30, at most 100) and page (from 1).
            const auto per_page = std::clamp(int_param(request, "per_page", 30), 1, 100);
            const auto page = std::max(1, int_param(request, "page", 1));
            const auto total = static_cast<int>(answer.body.size());
            const auto last = std::max(1, (total + per_page - 1) / per_page);
            auto slice = json::array();
            for (int i = (page - 1) * per_page; i < std::min(total, page * per_page); ++i) {
                slice.push_back(answer.body[static_cast<std::size_t>(i)]);
            }
            text = slice.dump();
            std::string query;
            for (const auto& [name, value] : request.params) {
                if (name != "page" && name != "per_page") {
                    query += name + "=" + value + "&";
                }
            }
            const auto link = [&](int n, const char* rel) {
                return "<" + url() + request.path + "?" + query + "per_page=" + std::to_string(per_page) +
                       "&page=" + std::to_string(n) + ">; rel=\"" + rel + "\"";
            };
            std::string links;
            const auto add = [&](int n, const char* rel) {
                links += (links.empty() ? "" : ", ") + link(n, rel);
            };
            if (page > 1) {
                add(page - 1, "prev");
            }
            if (page < last) {
                add(page + 1, "next");
                add(last, "last");
            }
            if (page > 1) {
                add(1, "first");
            }
            if (!links.empty()) {
                answer.headers.emplace_back("Link", links);
            }
        }
        if (request.method == "GET" && answer.status == 200) {
            const auto etag = etag_of(text);
            answer.headers.emplace_back("ETag", etag);
            if (request.get_header_value("If-None-Match") == etag) {
                answer.status = 304;  // costs no rate limit
                text.clear();
                counted = false;
            }
        }
        if (counted) {
            ++m_used[credential];
        }
        if (!credential.empty()) {
            const auto used = m_used[credential];
            answer.headers.emplace_back("X-RateLimit-Limit", std::to_string(m_options.rate_limit));
            answer.headers.emplace_back("X-RateLimit-Used", std::to_string(used));
            answer.headers.emplace_back("X-RateLimit-Resource", "core");
            if (std::none_of(answer.headers.begin(), answer.headers.end(),
                    [](const auto& h) { return h.first == "X-RateLimit-Remaining"; })) {
                answer.headers.emplace_back(
                    "X-RateLimit-Remaining", std::to_string(m_options.rate_limit - used));
                answer.headers.emplace_back("X-RateLimit-Reset", std::to_string(m_reset));
            }
        }
        m_log.push_back(
            {request.method, target, answer.status, request.get_header_value("If-None-Match"), now_exact()});
        response.status = answer.status;
        for (const auto& [name, value] : answer.headers) {
            response.set_header(name, value);
        }
        if (answer.status != 304) {
            response.set_content(text, "application/json; charset=utf-8");
        }
    }
}

FakeGitHub::Answer FakeGitHub::control(const httplib::Request& request) {
    json input;
    if (request.method == "POST") {
        try {
            input = json::parse(request.body);
        } catch (const json::exception&) {
            return {400, message("Problems parsing JSON"), {}, false};
        }
    }
    if (request.method == "POST" && request.path == "/_control/pulls") {
        add_pull_locked(input);
        return {201, json::object(), {}, false};
    }
    if (request.method == "POST" && request.path == "/_control/comments") {
        auto comment = add_comment_locked(input);
        return comment.is_null() ? Answer{404, message("Not Found"), {}, false}
                                 : Answer{201, comment, {}, false};
    }
    if (request.method == "POST" && request.path == "/_control/fail") {
        fail_locked(input);
        return {201, json::object(), {}, false};
    }
    if (request.method == "GET" && request.path == "/_control/requests") {
        auto log = json::array();
        for (const auto& entry : m_log) {
            log.push_back({{"method", entry.method}, {"target", entry.target}, {"status", entry.status},
                {"if_none_match", entry.if_none_match}, {"time", entry.time}});
        }
        return {200, log, {}, false};
    }
    if (request.method == "GET" && request.path == "/_control/comments") {
        const auto* found = pull(request.get_param_value("repo"), request.get_param_value("number"));
        if (!found) {
            return {404, message("Not Found"), {}, false};
        }
        return {200,
            {{"review_comments", found->review_comments}, {"reviews", found->reviews},
                {"issue_comments", found->issue_comments}},
            {}, false};
    }
    return {404, message("Not Found"), {}, false};
}

FakeGitHub::Answer FakeGitHub::app(const httplib::Request& request, const std::string& credential) {
    if (!verify_jwt(credential)) {
        return {401, message("A JSON web token could not be decoded"), {}, false};
    }
    std::smatch match;
    if (request.method == "GET" &&
        std::regex_match(request.path, std::regex("/repos/[^/]+/[^/]+/installation"))) {
        return {
            200, {{"id", std::stoll(m_options.installation_id)}, {"app_id", m_options.app_id}}, {}, false};
    }
    if (request.method == "POST" &&
        std::regex_match(request.path, match, std::regex("/app/installations/([0-9]+)/access_tokens"))) {
        if (match[1].str() != m_options.installation_id) {
            return {404, message("Not Found"), {}, false};
        }
        const auto token = "ghs_fake" + std::to_string(++m_issued) + "x" + std::to_string(now_seconds());
        const auto expires = now_seconds() + m_options.token_lifetime;
        m_tokens[token] = expires;
        return {201,
            {{"token", token}, {"expires_at", iso_time(expires)},
                {"permissions", {{"pull_requests", "write"}, {"issues", "write"}}},
                {"repository_selection", "all"}},
            {}, false};
    }
    return {404, message("Not Found"), {}, false};
}

FakeGitHub::Answer FakeGitHub::api(const httplib::Request& request) {
    const auto not_found = Answer{404, message("Not Found"), {}, false};
    std::smatch m;
    const std::string path = request.path;
    const auto& method = request.method;
    if (method == "GET" && std::regex_match(path, m, std::regex("/repos/([^/]+/[^/]+)/pulls"))) {
        const auto repo = m[1].str();
        const auto state = request.has_param("state") ? request.get_param_value("state") : "open";
        std::vector<json> pulls;
        for (const auto& [key, entry] : m_pulls) {
            if (key.rfind(repo + "#", 0) == 0 && (state == "all" || entry.data["state"] == state)) {
                pulls.push_back(entry.data);
            }
        }
        std::stable_sort(pulls.begin(), pulls.end(), [](const json& a, const json& b) {
            return a["updated_at"].get<std::string>() > b["updated_at"].get<std::string>();
        });
        return {200, json(pulls), {}, true};
    }
    if (!std::regex_match(path, m, std::regex("/repos/([^/]+/[^/]+)/(pulls|issues)/([0-9]+)(/.*)?"))) {
        return not_found;
    }
    auto* target = pull(m[1].str(), m[3].str());
    const auto rest = m[4].str();
    if (!target) {
        return not_found;
    }
    if (method == "GET" && m[2] == "pulls" && rest.empty()) {
        return {200, target->data, {}, false};
    }
    if (method == "GET" && m[2] == "pulls" && rest == "/comments") {
        return {200, json(target->review_comments), {}, true};
    }
    if (method == "GET" && m[2] == "pulls" && rest == "/reviews") {
        return {200, json(target->reviews), {}, true};
    }
    if (method == "GET" && m[2] == "issues" && rest == "/comments") {
        return {200, json(target->issue_comments), {}, true};
    }
    json input;
    try {
        input = json::parse(request.body);
    } catch (const json::exception&) {
        return {400, message("Problems parsing JSON"), {}, false};
    }
    if (!input.is_object() || !input.contains("body") || !input["body"].is_string() ||
        input["body"].get<std::string>().empty()) {
        return {422,
            {{"message", "Validation Failed"},
                {"errors", json::array({{{"resource", "IssueComment"}, {"code", "missing_field"},
                               {"field", "body"}}})},
                {"documentation_url", k_docs}},
            {}, false};
    }
    const auto number = std::stoi(m[3].str());
    json comment = {
        {"repo", m[1].str()}, {"number", number}, {"user", m_options.bot_login}, {"body", input["body"]}};
    std::smatch reply;
    if (method == "POST" && m[2] == "pulls" &&
        std::regex_match(rest, reply, std::regex("/comments/([0-9]+)/replies"))) {
        const auto id = std::stoll(reply[1].str());
        const auto top = std::find_if(target->review_comments.begin(), target->review_comments.end(),
            [&](const json& c) { return c["id"].get<std::int64_t>() == id; });
        if (top == target->review_comments.end()) {
            return not_found;
        }
        if (top->contains("in_reply_to_id")) {
            return {422, message("Validation Failed: in_reply_to_id: replies to replies are not supported"),
                {}, false};
        }
        comment["kind"] = "review_comment";
        comment["path"] = (*top)["path"];
        comment["line"] = (*top)["line"];
        comment["commit_id"] = (*top)["commit_id"];
        comment["in_reply_to_id"] = id;
        return {201, add_comment_locked(comment), {}, false};
    }
    if (method == "POST" && m[2] == "issues" && rest == "/comments") {
        comment["kind"] = "issue_comment";
        return {201, add_comment_locked(comment), {}, false};
    }
    return not_found;
}

}  // namespace fake_github
