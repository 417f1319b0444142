#include "fake/gerrit/fake_gerrit.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <functional>
#include <iomanip>
#include <regex>
#include <sstream>

extern char** environ;

namespace fake {

namespace {

using nlohmann::json;

constexpr const char* k_prefix = ")]}'\n";

std::int64_t now() {
    return std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// Gerrit answers JSON with its anti-XSSI prefix, pretty-printed unless the client asks
// for application/json.
void send_json(const httplib::Request& req, httplib::Response& res, const json& value) {
    const bool compact = req.get_header_value("Accept").find("application/json") != std::string::npos;
    res.set_content(k_prefix + value.dump(compact ? -1 : 2) + "\n", "application/json; charset=UTF-8");
}

// Gerrit's errors are plain text.
void send_error(httplib::Response& res, int status, const std::string& text) {
    res.status = status;
    res.set_content(text + "\n", "text/plain; charset=UTF-8");
}

std::string base64(const std::string& text) {
    static const char* k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (size_t i = 0; i < text.size(); i += 3) {
        const auto byte = [&](size_t k) {
            return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u;
        };
        const unsigned value = (byte(i) << 16) | (byte(i + 1) << 8) | byte(i + 2);
        out += k_alphabet[(value >> 18) & 63];
        out += k_alphabet[(value >> 12) & 63];
        out += i + 1 < text.size() ? k_alphabet[(value >> 6) & 63] : '=';
        out += i + 2 < text.size() ? k_alphabet[value & 63] : '=';
    }
    return out;
}

// The terms of a Gerrit query: whitespace-separated, double quotes grouping.
std::vector<std::string> query_terms(const std::string& query) {
    std::vector<std::string> terms;
    std::string term;
    bool quoted = false;
    for (const char c : query) {
        if (c == '"') {
            quoted = !quoted;
        } else if ((c == ' ' || c == '+') && !quoted) {
            if (!term.empty()) {
                terms.push_back(term);
            }
            term.clear();
        } else {
            term += c;
        }
    }
    if (!term.empty()) {
        terms.push_back(term);
    }
    return terms;
}

std::optional<std::int64_t> parse_time(const std::string& text) {
    std::tm tm{};
    std::istringstream in(text);
    in >> std::get_time(&tm, "%Y-%m-%d %H:%M:%S");
    if (in.fail()) {
        return std::nullopt;
    }
    return static_cast<std::int64_t>(timegm(&tm));
}

bool has_option(const httplib::Request& req, const std::string& option) {
    const auto count = req.get_param_value_count("o");
    for (size_t i = 0; i < count; ++i) {
        if (req.get_param_value("o", i) == option) {
            return true;
        }
    }
    return false;
}

// The headers and body of a CGI program's output.
void send_cgi_output(const std::string& output, httplib::Response& res) {
    auto end = output.find("\r\n\r\n");
    size_t body_start = end + 4;
    if (end == std::string::npos) {
        end = output.find("\n\n");
        body_start = end + 2;
    }
    if (end == std::string::npos) {
        send_error(res, 502, "git http-backend: no CGI header");
        return;
    }
    std::istringstream head(output.substr(0, end));
    std::string line;
    std::string content_type = "application/octet-stream";
    res.status = 200;
    while (std::getline(head, line)) {
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos) {
            continue;
        }
        const auto name = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        value.erase(0, value.find_first_not_of(' '));
        if (name == "Status") {
            res.status = std::atoi(value.c_str());
        } else if (name == "Content-Type") {
            content_type = value;
        } else {
            res.set_header(name.c_str(), value);
        }
    }
    res.set_content(output.substr(body_start), content_type.c_str());
}

// Runs `git http-backend` with ENV, BODY on its stdin; its stdout, or nullopt.
std::optional<std::string> run_http_backend(const std::vector<std::string>& env, const std::string& body) {
    char input_path[] = "/tmp/fake-gerrit-XXXXXX";
    const int input = mkostemp(input_path, O_CLOEXEC);
    if (input < 0) {
        return std::nullopt;
    }
    unlink(input_path);
    const bool written = write(input, body.data(), body.size()) == static_cast<ssize_t>(body.size());
    lseek(input, 0, SEEK_SET);
    int out[2];
    if (!written || pipe2(out, O_CLOEXEC) != 0) {
        close(input);
        return std::nullopt;
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, input, 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> envp;
    for (const auto& entry : env) {
        envp.push_back(const_cast<char*>(entry.c_str()));
    }
    envp.push_back(nullptr);
    char git[] = "git";
    char backend[] = "http-backend";
    char* argv[] = {git, backend, nullptr};
    pid_t pid = 0;
    const int rc = posix_spawnp(&pid, "git", &actions, nullptr, argv, envp.data());
    posix_spawn_file_actions_destroy(&actions);
    close(input);
    close(out[1]);
    std::string output;
    if (rc == 0) {
        char buffer[65536];
        ssize_t n = 0;
        while ((n = read(out[0], buffer, sizeof buffer)) > 0) {
            output.append(buffer, static_cast<size_t>(n));
        }
        int status = 0;
        waitpid(pid, &status, 0);
    }
    close(out[0]);
    if (rc != 0) {
        return std::nullopt;
    }
    return output;
}

}  // namespace

std::string gerrit_timestamp(std::int64_t seconds) {
    const auto time = static_cast<std::time_t>(seconds);
    std::tm tm{};
    gmtime_r(&time, &tm);
    char out[40];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M:%S.000000000", &tm);
    return out;
}

std::string fixture_body(const std::string& raw) {
    std::istringstream in(raw);
    std::string line;
    std::string body;
    bool in_body = false;
    while (std::getline(in, line)) {
        if (line.starts_with("  ")) {
            line.erase(0, 2);
        }
        if (!in_body) {
            in_body = line.empty();
            continue;
        }
        body += line + "\n";
    }
    return body;
}

FakeGerrit::FakeGerrit(GerritOptions options) : m_options(std::move(options)) { routes(); }

FakeGerrit::~FakeGerrit() { stop(); }

int FakeGerrit::start(const std::string& host, int port) {
    if (port == 0) {
        m_port = m_server.bind_to_any_port(host.c_str());
    } else {
        m_port = m_server.bind_to_port(host.c_str(), port) ? port : -1;
    }
    if (m_port <= 0) {
        return -1;
    }
    m_thread = std::thread([this] { m_server.listen_after_bind(); });
    while (!m_server.is_running()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return m_port;
}

void FakeGerrit::stop() {
    m_server.stop();
    if (m_thread.joinable()) {
        m_thread.join();
    }
}

std::string FakeGerrit::url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

void FakeGerrit::add_change(GerritChange change) {
    std::lock_guard lock(m_mutex);
    change.created = change.created ? change.created : now();
    change.updated = change.updated ? change.updated : change.created;
    m_changes.push_back(std::move(change));
}

std::string FakeGerrit::next_id() { return "fake" + std::to_string(++m_ids); }

std::string FakeGerrit::add_message(int change, GerritMessage message) {
    std::lock_guard lock(m_mutex);
    auto* found = find(std::to_string(change));
    if (!found) {
        return "";
    }
    message.id = message.id.empty() ? next_id() : message.id;
    message.date = message.date ? message.date : now();
    found->updated = std::max(found->updated, message.date);
    found->messages.push_back(message);
    return message.id;
}

std::string FakeGerrit::add_comment(int change, GerritComment comment) {
    std::lock_guard lock(m_mutex);
    auto* found = find(std::to_string(change));
    if (!found) {
        return "";
    }
    comment.id = comment.id.empty() ? next_id() : comment.id;
    comment.updated = comment.updated ? comment.updated : now();
    found->updated = std::max(found->updated, comment.updated);
    found->comments.push_back(comment);
    return comment.id;
}

void FakeGerrit::add_fault(Fault fault) {
    std::lock_guard lock(m_mutex);
    m_faults.push_back(std::move(fault));
}

void FakeGerrit::clear_faults() {
    std::lock_guard lock(m_mutex);
    m_faults.clear();
}

std::vector<ReceivedReview> FakeGerrit::reviews() const {
    std::lock_guard lock(m_mutex);
    return m_reviews;
}

std::optional<GerritChange> FakeGerrit::change(int number) const {
    std::lock_guard lock(m_mutex);
    for (const auto& change : m_changes) {
        if (change.number == number) {
            return change;
        }
    }
    return std::nullopt;
}

void FakeGerrit::load_seed(const json& seed) {
    for (const auto& entry : seed.value("changes", json::array())) {
        GerritChange change;
        change.number = entry.at("number").get<int>();
        change.project = entry.at("project").get<std::string>();
        change.branch = entry.value("branch", change.branch);
        change.subject = entry.value("subject", change.subject);
        change.owner = entry.value("owner", change.owner);
        change.revisions = entry.at("revisions").get<std::vector<std::string>>();
        change.parent = entry.value("parent", "");
        add_change(change);
        for (const auto& m : entry.value("messages", json::array())) {
            add_message(change.number,
                {m.value("id", ""), m.at("author").get<std::string>(), m.at("message").get<std::string>(),
                    m.value("patch_set", 1), m.value("tag", ""), 0});
        }
        for (const auto& c : entry.value("comments", json::array())) {
            add_comment(change.number,
                {c.value("id", ""), c.at("path").get<std::string>(), c.value("line", 0),
                    c.value("in_reply_to", ""), c.at("message").get<std::string>(), c.value("patch_set", 1),
                    c.at("author").get<std::string>(), c.value("tag", ""), c.value("unresolved", true), 0});
        }
    }
}

GerritChange* FakeGerrit::find(const std::string& id) {
    // "12345" or "project~12345"
    const auto tilde = id.rfind('~');
    const auto number = tilde == std::string::npos ? id : id.substr(tilde + 1);
    for (auto& change : m_changes) {
        if (std::to_string(change.number) == number) {
            return &change;
        }
    }
    return nullptr;
}

json FakeGerrit::account_json(const std::string& username) const {
    // A stable account id per user name, as Gerrit's are per account.
    const auto id = 1000000 + static_cast<int>(std::hash<std::string>{}(username) % 100000);
    return {{"_account_id", id}, {"name", username}, {"email", username + "@example.com"},
        {"username", username}};
}

bool FakeGerrit::authorized(const httplib::Request& req, httplib::Response& res, std::string& user) const {
    const auto expected = "Basic " + base64(m_options.username + ":" + m_options.password);
    if (req.get_header_value("Authorization") == expected) {
        user = m_options.username;
        return true;
    }
    res.set_header("WWW-Authenticate", "Basic realm=\"Gerrit Code Review\"");
    send_error(res, 401, "Unauthorized");
    return false;
}

bool FakeGerrit::inject_fault(const httplib::Request& req, httplib::Response& res) {
    Fault fault;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_faults.begin();
        for (; it != m_faults.end(); ++it) {
            if ((it->method.empty() || it->method == req.method) &&
                std::regex_match(req.path, std::regex(it->path))) {
                break;
            }
        }
        if (it == m_faults.end()) {
            return false;
        }
        fault = *it;
        if (it->count > 0 && --it->count == 0) {
            m_faults.erase(it);
        }
    }
    if (fault.delay_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(fault.delay_ms));
    }
    if (fault.status > 0) {
        if (fault.retry_after > 0) {
            res.set_header("Retry-After", std::to_string(fault.retry_after));
        }
        send_error(res, fault.status, "fault injected: HTTP " + std::to_string(fault.status));
        return true;
    }
    if (!fault.body.empty()) {
        res.set_content(fault.body, "application/json; charset=UTF-8");
        return true;
    }
    return false;  // only a delay: the normal answer follows
}

void FakeGerrit::routes() {
    // Every REST and git request: a fault, else authentication under /a/, else the route.
    const auto guarded = [this](auto handler) {
        return [this, handler](const httplib::Request& req, httplib::Response& res) {
            if (inject_fault(req, res)) {
                return;
            }
            std::string user;
            if (req.path.starts_with("/a/") && !authorized(req, res, user)) {
                return;
            }
            handler(req, res, user);
        };
    };
    // Clients keep connections alive; a short timeout lets stop() return soon.
    m_server.set_keep_alive_timeout(1);
    m_server.Get(R"(/(a/)?changes/)",
        guarded([this](const auto& req, auto& res, const auto&) { query_changes(req, res); }));
    m_server.Get(R"(/(a/)?changes/([^/]+))",
        guarded([this](const auto& req, auto& res, const auto&) { get_change(req, res); }));
    m_server.Get(R"(/(a/)?changes/([^/]+)/messages)",
        guarded([this](const auto& req, auto& res, const auto&) { list_messages(req, res); }));
    m_server.Get(R"(/(a/)?changes/([^/]+)/comments)",
        guarded([this](const auto& req, auto& res, const auto&) { list_comments(req, res); }));
    m_server.Post(R"(/(a/)?changes/([^/]+)/revisions/([^/]+)/review)",
        guarded([this](const auto& req, auto& res, const auto& user) { post_review(req, res, user); }));
    const auto git =
        guarded([this](const auto& req, auto& res, const auto& user) { serve_git(req, res, user); });
    const auto* git_paths = R"(/(a/)?(.+)/(info/refs|git-upload-pack|HEAD|objects/.+))";
    m_server.Get(git_paths, git);
    m_server.Post(git_paths, git);

    m_server.Post("/control/messages", [this](const httplib::Request& req, httplib::Response& res) {
        const auto input = json::parse(req.body, nullptr, false);
        const auto id =
            input.is_object()
                ? add_message(input.value("change", 0),
                      {input.value("id", ""), input.value("author", "reviewer"), input.value("message", ""),
                          input.value("patch_set", 1), input.value("tag", ""), 0})
                : "";
        if (id.empty()) {
            send_error(res, 400, "expected {\"change\": NUMBER, ...} of a known change");
            return;
        }
        res.set_content(json{{"id", id}}.dump(), "application/json");
    });
    m_server.Post("/control/comments", [this](const httplib::Request& req, httplib::Response& res) {
        const auto input = json::parse(req.body, nullptr, false);
        const auto id = input.is_object()
                            ? add_comment(input.value("change", 0),
                                  {input.value("id", ""), input.value("path", ""), input.value("line", 0),
                                      input.value("in_reply_to", ""), input.value("message", ""),
                                      input.value("patch_set", 1), input.value("author", "reviewer"),
                                      input.value("tag", ""), true, 0})
                            : "";
        if (id.empty()) {
            send_error(res, 400, "expected {\"change\": NUMBER, ...} of a known change");
            return;
        }
        res.set_content(json{{"id", id}}.dump(), "application/json");
    });
    m_server.Post("/control/fail", [this](const httplib::Request& req, httplib::Response& res) {
        const auto input = json::parse(req.body, nullptr, false);
        if (!input.is_object() || !input.contains("path")) {
            send_error(res, 400, "expected {\"path\": REGEX, ...}");
            return;
        }
        Fault fault{input.value("path", ""), input.value("method", ""), input.value("status", 0),
            input.value("count", 1), input.value("body", ""), input.value("retry_after", 0),
            input.value("delay_ms", 0)};
        if (input.contains("body_file")) {
            std::ifstream in(input.value("body_file", ""));
            std::stringstream raw;
            raw << in.rdbuf();
            fault.body = fixture_body(raw.str());
        }
        add_fault(std::move(fault));
        res.set_content("{}", "application/json");
    });
    m_server.Delete("/control/fail", [this](const httplib::Request&, httplib::Response& res) {
        clear_faults();
        res.set_content("{}", "application/json");
    });
    m_server.Get("/control/reviews", [this](const httplib::Request&, httplib::Response& res) {
        json out = json::array();
        for (const auto& review : reviews()) {
            out.push_back({{"change", review.change}, {"revision", review.revision}, {"user", review.user},
                {"input", review.input}});
        }
        res.set_content(out.dump(), "application/json");
    });
}

json FakeGerrit::change_json(const GerritChange& change, const httplib::Request& req) const {
    const auto change_id =
        "I" + std::string(40 - std::to_string(change.number).size(), '0') + std::to_string(change.number);
    json info = {{"id", change.project + "~" + change.branch + "~" + change_id}, {"project", change.project},
        {"branch", change.branch}, {"change_id", change_id}, {"subject", change.subject},
        {"status", change.status}, {"created", gerrit_timestamp(change.created)},
        {"updated", gerrit_timestamp(change.updated)}, {"mergeable", true}, {"_number", change.number},
        {"owner", account_json(change.owner)},
        {"current_revision_number", static_cast<int>(change.revisions.size())}};
    if (has_option(req, "CURRENT_REVISION") && !change.revisions.empty()) {
        const auto patch_set = static_cast<int>(change.revisions.size());
        const auto ref = "refs/changes/" + std::string(change.number % 100 < 10 ? "0" : "") +
                         std::to_string(change.number % 100) + "/" + std::to_string(change.number) + "/" +
                         std::to_string(patch_set);
        json revision = {{"kind", "REWORK"}, {"_number", patch_set}, {"ref", ref},
            {"fetch", {{"http", {{"url", url() + "/" + change.project}, {"ref", ref}}}}}};
        if (has_option(req, "CURRENT_COMMIT")) {
            revision["commit"] = {
                {"parents", json::array({{{"commit", change.parent}, {"subject", "parent"}}})},
                {"subject", change.subject},
                {"message", change.subject + "\n\nChange-Id: " + change_id + "\n"}};
        }
        info["current_revision"] = change.revisions.back();
        info["revisions"] = {{change.revisions.back(), revision}};
    }
    return info;
}

void FakeGerrit::query_changes(const httplib::Request& req, httplib::Response& res) {
    std::optional<std::string> project;
    std::optional<std::int64_t> after;
    bool open_only = false;
    for (const auto& term : query_terms(req.get_param_value("q"))) {
        if (term.starts_with("project:")) {
            project = term.substr(8);
        } else if (term == "status:open") {
            open_only = true;
        } else if (term.starts_with("after:")) {
            after = parse_time(term.substr(6));
            if (!after) {
                send_error(res, 400, "Bad Request: invalid date: " + term.substr(6));
                return;
            }
        } else {
            send_error(res, 400, "Bad Request: unsupported query term " + term);
            return;
        }
    }
    const auto limit = req.has_param("n") ? std::stoi(req.get_param_value("n")) : 500;
    const auto start = req.has_param("S") ? std::stoi(req.get_param_value("S")) : 0;
    std::lock_guard lock(m_mutex);
    std::vector<const GerritChange*> matches;
    for (const auto& change : m_changes) {
        if ((!project || change.project == *project) && (!open_only || change.status == "NEW") &&
            (!after || change.updated >= *after)) {
            matches.push_back(&change);
        }
    }
    // Most recently updated first, as Gerrit sorts.
    std::stable_sort(
        matches.begin(), matches.end(), [](auto* a, auto* b) { return a->updated > b->updated; });
    json out = json::array();
    for (int i = start; i < static_cast<int>(matches.size()) && i < start + limit; ++i) {
        out.push_back(change_json(*matches[static_cast<size_t>(i)], req));
    }
    if (!out.empty() && start + limit < static_cast<int>(matches.size())) {
        out.back()["_more_changes"] = true;
    }
    send_json(req, res, out);
}

void FakeGerrit::get_change(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(m_mutex);
    const auto* change = find(req.matches[2]);
    if (!change) {
        send_error(res, 404, "Not found: " + std::string(req.matches[2]));
        return;
    }
    send_json(req, res, change_json(*change, req));
}

void FakeGerrit::list_messages(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(m_mutex);
    const auto* change = find(req.matches[2]);
    if (!change) {
        send_error(res, 404, "Not found: " + std::string(req.matches[2]));
        return;
    }
    json out = json::array();
    for (const auto& message : change->messages) {
        json item = {{"id", message.id}, {"author", account_json(message.author)},
            {"date", gerrit_timestamp(message.date)}, {"message", message.message},
            {"_revision_number", message.patch_set}};
        if (!message.tag.empty()) {
            item["tag"] = message.tag;
        }
        out.push_back(item);
    }
    send_json(req, res, out);
}

void FakeGerrit::list_comments(const httplib::Request& req, httplib::Response& res) {
    std::lock_guard lock(m_mutex);
    const auto* change = find(req.matches[2]);
    if (!change) {
        send_error(res, 404, "Not found: " + std::string(req.matches[2]));
        return;
    }
    json out = json::object();
    for (const auto& comment : change->comments) {
        json item = {{"patch_set", comment.patch_set}, {"id", comment.id}, {"message", comment.message},
            {"updated", gerrit_timestamp(comment.updated)}, {"author", account_json(comment.author)},
            {"unresolved", comment.unresolved}};
        if (comment.line > 0) {
            item["line"] = comment.line;
        }
        if (!comment.in_reply_to.empty()) {
            item["in_reply_to"] = comment.in_reply_to;
        }
        if (!comment.tag.empty()) {
            item["tag"] = comment.tag;
        }
        out[comment.path].push_back(item);
    }
    send_json(req, res, out);
}

void FakeGerrit::post_review(const httplib::Request& req, httplib::Response& res, const std::string& user) {
    if (user.empty()) {
        send_error(res, 403, "Authentication required");
        return;
    }
    const auto input = json::parse(req.body, nullptr, false);
    if (!input.is_object()) {
        send_error(res, 400, "Bad Request: Invalid JSON");
        return;
    }
    std::lock_guard lock(m_mutex);
    auto* change = find(req.matches[2]);
    if (!change) {
        send_error(res, 404, "Not found: " + std::string(req.matches[2]));
        return;
    }
    const std::string revision = req.matches[3];
    int patch_set = 0;
    for (size_t i = 0; i < change->revisions.size(); ++i) {
        if (revision == change->revisions[i] || revision == std::to_string(i + 1) ||
            (revision == "current" && i + 1 == change->revisions.size())) {
            patch_set = static_cast<int>(i + 1);
        }
    }
    if (patch_set == 0) {
        send_error(res, 404, "Not found: " + revision);
        return;
    }
    m_reviews.push_back({change->number, revision, user, input});
    const auto tag = input.value("tag", "");
    const auto time = now();
    std::vector<GerritComment> added;
    const auto comments = input.value("comments", json::object());
    for (const auto& [path, list] : comments.items()) {
        for (const auto& c : list) {
            GerritComment comment{"", path, c.value("line", 0), c.value("in_reply_to", ""),
                c.value("message", ""), patch_set, user, tag, c.value("unresolved", false), time};
            if (!comment.in_reply_to.empty()) {
                const auto parent = std::find_if(change->comments.begin(), change->comments.end(),
                    [&](const GerritComment& other) { return other.id == comment.in_reply_to; });
                // Gerrit: a reply must be on its parent's patch set.
                if (parent == change->comments.end() || parent->patch_set != patch_set) {
                    send_error(res, 400, "Bad Request: invalid in_reply_to " + comment.in_reply_to);
                    return;
                }
            }
            const bool duplicate =
                input.value("omit_duplicate_comments", false) &&
                std::any_of(change->comments.begin(), change->comments.end(), [&](const auto& o) {
                    return o.path == path && o.line == comment.line && o.message == comment.message &&
                           o.patch_set == patch_set;
                });
            if (!duplicate) {
                added.push_back(std::move(comment));
            }
        }
    }
    const auto text = input.value("message", "");
    if (!text.empty() || !added.empty()) {
        std::string message = "Patch Set " + std::to_string(patch_set) + ":";
        if (!added.empty()) {
            message +=
                "\n\n(" + std::to_string(added.size()) + (added.size() == 1 ? " comment)" : " comments)");
        }
        if (!text.empty()) {
            message += "\n\n" + text;
        }
        change->messages.push_back({next_id(), user, message, patch_set, tag, time});
    }
    for (auto& comment : added) {
        comment.id = next_id();
        change->comments.push_back(std::move(comment));
    }
    change->updated = time;
    send_json(req, res, json::object());
}

void FakeGerrit::serve_git(const httplib::Request& req, httplib::Response& res, const std::string& user) {
    if (m_options.git_root.empty()) {
        send_error(res, 404, "Not found");
        return;
    }
    const auto path_info = req.path.starts_with("/a/") ? req.path.substr(2) : req.path;
    std::string query;
    for (const auto& [name, value] : req.params) {
        query += (query.empty() ? "" : "&") + name + "=" + value;
    }
    std::vector<std::string> env = {"GIT_PROJECT_ROOT=" + m_options.git_root, "GIT_HTTP_EXPORT_ALL=1",
        "PATH_INFO=" + path_info, "QUERY_STRING=" + query, "REQUEST_METHOD=" + req.method,
        "CONTENT_TYPE=" + req.get_header_value("Content-Type"),
        "CONTENT_LENGTH=" + std::to_string(req.body.size()), "REMOTE_USER=" + user,
        "REMOTE_ADDR=" + req.remote_addr, "GATEWAY_INTERFACE=CGI/1.1"};
    if (const auto* path = std::getenv("PATH")) {
        env.push_back(std::string("PATH=") + path);
    }
    if (req.has_header("Content-Encoding")) {
        env.push_back("HTTP_CONTENT_ENCODING=" + req.get_header_value("Content-Encoding"));
    }
    if (req.has_header("Git-Protocol")) {
        env.push_back("GIT_PROTOCOL=" + req.get_header_value("Git-Protocol"));
    }
    const auto output = run_http_backend(env, req.body);
    if (!output) {
        send_error(res, 500, "cannot run git http-backend");
        return;
    }
    send_cgi_output(*output, res);
}

}  // namespace fake
