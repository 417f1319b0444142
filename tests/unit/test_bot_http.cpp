// The REST client against a real HTTP server on loopback (cpp-httplib, started per test).
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

#include "bot/http.h"

namespace {

// A server on a free loopback port, serving until destroyed.
class Server {
public:
    Server() {
        m_port = server.bind_to_any_port("127.0.0.1");
        m_thread = std::thread([this] { server.listen_after_bind(); });
        while (!server.is_running()) {
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
    }
    ~Server() {
        server.stop();
        m_thread.join();
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    std::string url(const std::string& path) const {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }

    httplib::Server server;

private:
    int m_port = 0;
    std::thread m_thread;
};

}  // namespace

TEST_CASE("a request carries method, headers, body and basic auth; the answer its headers", "[bot][http]") {
    Server s;
    std::string seen_auth, seen_body, seen_type;
    s.server.Post("/a/changes/1/review", [&](const httplib::Request& req, httplib::Response& res) {
        seen_auth = req.get_header_value("Authorization");
        seen_body = req.body;
        seen_type = req.get_header_value("Content-Type");
        res.set_header("X-RateLimit-Remaining", "41");
        res.set_content(")]}'\n{}", "application/json");
    });
    bot::HttpRequest request;
    request.method = "POST";
    request.url = s.url("/a/changes/1/review");
    request.headers = {{"Content-Type", "application/json"}};
    request.body = R"({"message":"hi"})";
    request.username = "bot";
    request.password = "pw";
    const auto response = bot::http_request(request);
    REQUIRE(response);
    CHECK(response->status == 200);
    CHECK(response->body == ")]}'\n{}");
    CHECK(response->header("x-ratelimit-remaining") == "41");
    CHECK(response->header("content-type") == "application/json");
    CHECK(seen_auth == "Basic Ym90OnB3");  // base64("bot:pw")
    CHECK(seen_body == R"({"message":"hi"})");
    CHECK(seen_type == "application/json");
}

TEST_CASE("statuses become typed errors", "[bot][http]") {
    Server s;
    s.server.Get(R"(/status/(\d+))", [](const httplib::Request& req, httplib::Response& res) {
        res.status = std::stoi(req.matches[1]);
        res.set_header("Retry-After", "7");
        res.set_content("nope\nmore", "text/plain");
    });
    const auto error_for = [&](int status) {
        bot::HttpRequest request;
        request.url = s.url("/status/" + std::to_string(status));
        auto response = bot::http_request(request);
        REQUIRE(response);
        REQUIRE(response->status == status);
        return bot::http_status_error(*response, "GET /status");
    };
    CHECK(error_for(401).kind == rules::ErrorKind::auth);
    CHECK(error_for(403).kind == rules::ErrorKind::auth);
    CHECK(error_for(404).kind == rules::ErrorKind::not_found);
    CHECK(error_for(409).kind == rules::ErrorKind::conflict);
    CHECK(error_for(422).kind == rules::ErrorKind::bad_input);
    const auto limited = error_for(429);
    CHECK(limited.kind == rules::ErrorKind::rate_limited);
    CHECK(limited.retry_after == 7);
    CHECK(error_for(503).kind == rules::ErrorKind::transient);
    CHECK(error_for(500).message == "GET /status: HTTP 500: nope more");
}

TEST_CASE("transport failures are transient and name the redacted URL", "[bot][http]") {
    int port = 0;
    {
        Server s;  // a port that was free a moment ago and has no server now
        port = std::stoi(s.url("").substr(s.url("").rfind(':') + 1));
    }
    bot::HttpRequest request;
    request.url = "http://user:hunter2@127.0.0.1:" + std::to_string(port) + "/a/changes/";
    const auto refused = bot::http_request(request);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().kind == rules::ErrorKind::transient);
    CHECK(refused.error().message.find("hunter2") == std::string::npos);
    CHECK(refused.error().message.find("/a/changes/") != std::string::npos);

    Server slow;
    slow.server.Get("/slow", [](const httplib::Request&, httplib::Response& res) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2500));
        res.set_content("late", "text/plain");
    });
    bot::HttpRequest timed;
    timed.url = slow.url("/slow");
    timed.timeout_seconds = 1;
    const auto late = bot::http_request(timed);
    REQUIRE_FALSE(late);
    CHECK(late.error().kind == rules::ErrorKind::transient);
    CHECK(late.error().message.find("timed out after 1 s") != std::string::npos);
}

TEST_CASE("Retry-After in seconds or as a date", "[bot][http]") {
    CHECK(bot::parse_retry_after("120", 0) == 120);
    CHECK(bot::parse_retry_after(" 5 ", 0) == 5);
    CHECK(bot::parse_retry_after("", 0) == 0);
    CHECK(bot::parse_retry_after("soon", 0) == 0);
    // A day at most, however long a broken server asks for.
    CHECK(bot::parse_retry_after("100000", 0) == 86400);
    CHECK(bot::parse_retry_after("99999999999999", 0) == 86400);
    // Wed, 21 Oct 2015 07:28:00 GMT is 1445412480.
    CHECK(bot::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 - 30) == 30);
    CHECK(bot::parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1445412480 + 30) == 0);
}
