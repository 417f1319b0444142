// The GitHub adapter against the fake GitHub (tests/fake/github), in process: pagination,
// conditional requests, the reply routes, rate limits and errors, the spacing of posts,
// the App's JWT and installation tokens; and webhooks: GitHub's published HMAC test
// vector and the example payloads of ../shared/fixtures/github.
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/forge_github.h"
#include "bot/github_app.h"
#include "bot/reply.h"
#include "bot/webhook.h"
#include "fake/github/fake_github.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string k_repo = "octo/demo";
const std::string k_head = "1111111111111111111111111111111111111111";

fs::path fixtures() { return fs::path(CLAIMCHECK_SOURCE_DIR) / ".." / "shared" / "fixtures" / "github"; }

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

bot::ForgeConfig config_for(const fake_github::FakeGitHub& fake) {
    bot::ForgeConfig config;
    config.name = "gh";
    config.type = bot::ForgeType::github;
    config.url = "http://git.invalid";
    config.api_url = fake.url();
    config.token = "test-token";
    config.projects = {k_repo};
    config.bot_account = "claimcheck-bot";
    config.request_timeout = 10;
    return config;
}

// A fake with one open pull request, octo/demo#7, and an adapter talking to it.
struct Setup {
    explicit Setup(fake_github::Options options = {}) : fake(std::move(options)) {
        REQUIRE(fake.start() > 0);
        fake.add_pull({{"repo", k_repo}, {"number", 7}, {"head_sha", k_head}, {"base_ref", "main"},
            {"updated_at", "2026-01-02T03:04:05Z"}});
        config = config_for(fake);
    }
    bot::ChangeInfo change() {
        bot::GitHubForge forge(config);
        auto info = forge.get_change(k_repo + "#7");
        REQUIRE(info.ok());
        return *info;
    }
    json comment(const std::string& kind, const std::string& body, json extra = json::object()) {
        extra.update({{"repo", k_repo}, {"number", 7}, {"kind", kind}, {"body", body}});
        return fake.add_comment(extra);
    }
    fake_github::FakeGitHub fake;
    bot::ForgeConfig config;
};

std::string id_of(const json& comment) { return std::to_string(comment["id"].get<long long>()); }

int count_requests(const fake_github::FakeGitHub& fake, const std::string& method, int status) {
    int count = 0;
    for (const auto& entry : fake.requests()) {
        count += entry.method == method && entry.status == status ? 1 : 0;
    }
    return count;
}

// A new RSA key: its private PEM and public PEM.
std::pair<std::string, std::string> make_key() {
    std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(EVP_RSA_gen(2048), EVP_PKEY_free);
    REQUIRE(key);
    const auto pem = [&](bool is_private) {
        std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new(BIO_s_mem()), BIO_free);
        REQUIRE((is_private ? PEM_write_bio_PrivateKey(
                                  bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr)
                            : PEM_write_bio_PUBKEY(bio.get(), key.get())) == 1);
        char* data = nullptr;
        const auto size = BIO_get_mem_data(bio.get(), &data);
        return std::string(data, static_cast<std::size_t>(size));
    };
    return {pem(true), pem(false)};
}

}  // namespace

TEST_CASE("GitHub: ChangeInfo of a pull request", "[github]") {
    Setup setup;
    const auto change = setup.change();
    CHECK(change.id == "octo/demo#7");
    CHECK(change.patchset == k_head);
    CHECK(change.head_sha == k_head);
    CHECK(change.head_ref == "refs/pull/7/head");
    CHECK(change.base_ref == "refs/heads/main");
    CHECK(change.base_sha.empty());
    CHECK(change.merge_base);
    CHECK(change.project == k_repo);
    CHECK(change.updated == 1767323045);
    CHECK(change.fetch_url == "http://git.invalid/octo/demo.git");
    bot::GitHubForge forge(setup.config);
    CHECK(forge.get_change("octo/demo#99").error().kind == rules::ErrorKind::not_found);
    CHECK(forge.get_change("nonsense").error().kind == rules::ErrorKind::not_found);
}

TEST_CASE("GitHub: the API URL of github.com and of GitHub Enterprise", "[github]") {
    bot::ForgeConfig config;
    config.url = "https://github.com/";
    CHECK(bot::github_api_url(config) == "https://api.github.com");
    config.url = "https://ghe.example.org";
    CHECK(bot::github_api_url(config) == "https://ghe.example.org/api/v3");
    config.api_url = "https://api.ghe.example.org/";
    CHECK(bot::github_api_url(config) == "https://api.ghe.example.org");
}

TEST_CASE("GitHub: list_changes follows Link pages and stops at SINCE", "[github]") {
    Setup setup;
    for (int n = 100; n < 230; ++n) {
        setup.fake.add_pull({{"repo", k_repo}, {"number", n}, {"head_sha", k_head}, {"base_ref", "main"},
            {"updated_at", n < 110 ? "2020-01-01T00:00:00Z" : "2026-02-01T00:00:00Z"}});
    }
    bot::GitHubForge forge(setup.config);
    auto all = forge.list_changes(0);
    REQUIRE(all.ok());
    CHECK(all->size() == 131);
    bool second_page = false;
    for (const auto& entry : setup.fake.requests()) {
        second_page = second_page || entry.target.find("page=2") != std::string::npos;
    }
    CHECK(second_page);
    auto recent = forge.list_changes(1767225600);  // 2026-01-01
    REQUIRE(recent.ok());
    CHECK(recent->size() == 121);
}

TEST_CASE("GitHub: a repeated GET is conditional, and its 304 costs no rate limit", "[github]") {
    Setup setup;
    bot::GitHubForge forge(setup.config);
    REQUIRE(forge.list_changes(0).ok());
    const auto before = setup.fake.rate_remaining("test-token");
    auto again = forge.list_changes(0);
    REQUIRE(again.ok());
    CHECK(again->size() == 1);
    const auto log = setup.fake.requests();
    REQUIRE(log.size() == 2);
    CHECK(!log.back().if_none_match.empty());
    CHECK(log.back().status == 304);
    CHECK(setup.fake.rate_remaining("test-token") == before);
}

TEST_CASE("GitHub: the three kinds of comment, paginated", "[github]") {
    Setup setup;
    const auto top = setup.comment(
        "review_comment", "`f` takes four arguments.", {{"user", "llm"}, {"path", "a.py"}, {"line", 3}});
    for (int i = 0; i < 120; ++i) {
        setup.comment("review_comment", "reply " + std::to_string(i),
            {{"user", "llm"}, {"path", "a.py"}, {"line", 3}, {"in_reply_to_id", top["id"]}});
    }
    setup.comment("review_comment", "outdated", {{"path", "a.py"}, {"commit_id", "2222"}});
    setup.comment("review", "Overall fine.");
    setup.comment("review", "");  // an approval without a body: not a comment
    setup.comment("issue_comment", "`g` is never used.", {{"user", "someone"}});
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    auto comments = forge.list_comments(change);
    REQUIRE(comments.ok());
    REQUIRE(comments->size() == 124);
    const auto& first = comments->front();
    CHECK(first.id == "rc-" + id_of(top));
    CHECK(first.kind == bot::CommentKind::inline_comment);
    CHECK(first.author == "llm");
    CHECK(first.path == "a.py");
    CHECK(first.line == 3);
    CHECK(first.patchset == k_head);
    CHECK(first.parent_id.empty());
    CHECK((*comments)[1].parent_id == first.id);
    CHECK((*comments)[121].patchset == "2222");
    CHECK((*comments)[122].id.rfind("rv-", 0) == 0);
    CHECK((*comments)[122].kind == bot::CommentKind::review);
    CHECK((*comments)[123].id.rfind("ic-", 0) == 0);
    CHECK((*comments)[123].kind == bot::CommentKind::conversation);
    CHECK((*comments)[123].patchset == change.patchset);
}

TEST_CASE("GitHub: a reply to a review comment goes to its thread's top comment", "[github]") {
    Setup setup;
    const auto top = setup.comment("review_comment", "looks odd", {{"path", "a.py"}, {"line", 3}});
    const auto reply = setup.comment("review_comment", "`f` takes four arguments.",
        {{"path", "a.py"}, {"line", 3}, {"in_reply_to_id", top["id"]}});
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    auto comments = forge.list_comments(change);
    REQUIRE(comments.ok());
    const auto marker = bot::reply_marker((*comments)[1].id);
    CHECK(!*forge.find_marker(change, marker));
    auto posted = forge.post_reply(change, (*comments)[1], "It takes three.\n" + marker);
    REQUIRE(posted.ok());
    const auto stored = setup.fake.comments(k_repo, 7)["review_comments"];
    REQUIRE(stored.size() == 3);
    CHECK(*posted == "rc-" + id_of(stored[2]));
    CHECK(stored[2]["in_reply_to_id"] == top["id"]);
    CHECK(stored[2]["user"]["login"] == "claimcheck-bot");
    CHECK(*forge.find_marker(change, marker));
}

TEST_CASE("GitHub: a review body or conversation comment gets a quoting conversation comment", "[github]") {
    Setup setup;
    setup.comment("review", "`f` takes four arguments.\nSecond line.");
    setup.comment("issue_comment", "`g` is never used.");
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    auto comments = forge.list_comments(change);
    REQUIRE(comments.ok());
    REQUIRE(comments->size() == 2);
    for (const auto& comment : *comments) {
        auto posted = forge.post_reply(change, comment, "Not so.\n" + bot::reply_marker(comment.id));
        REQUIRE(posted.ok());
        CHECK(posted->rfind("ic-", 0) == 0);
    }
    const auto stored = setup.fake.comments(k_repo, 7)["issue_comments"];
    REQUIRE(stored.size() == 3);
    CHECK(stored[1]["body"].get<std::string>().rfind(
              "> `f` takes four arguments.\n> Second line.\n\nNot so.", 0) == 0);
    CHECK(stored[2]["body"].get<std::string>().rfind("> `g` is never used.\n", 0) == 0);
}

TEST_CASE("GitHub: a short rate limit is waited out and the reply posted once", "[github]") {
    Setup setup;
    setup.comment("issue_comment", "`g` is never used.");
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    const auto comment = forge.list_comments(change)->front();
    SECTION("429 with retry-after") {
        setup.fake.fail({{"method", "POST"}, {"path", "/comments$"}, {"status", 429}, {"retry_after", 1}});
    }
    SECTION("403 with x-ratelimit-remaining 0 and x-ratelimit-reset") {
        setup.fake.fail(
            {{"method", "POST"}, {"path", "/comments$"}, {"status", 403}, {"remaining", 0}, {"reset_in", 1}});
    }
    auto posted = forge.post_reply(change, comment, "Not so.");
    REQUIRE(posted.ok());
    CHECK(setup.fake.comments(k_repo, 7)["issue_comments"].size() == 2);
    CHECK(count_requests(setup.fake, "POST", 201) == 1);
}

TEST_CASE("GitHub: a long rate limit goes back to the queue with its wait", "[github]") {
    Setup setup;
    setup.comment("issue_comment", "`g` is never used.");
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    const auto comment = forge.list_comments(change)->front();
    setup.fake.fail({{"method", "POST"}, {"path", "/comments$"}, {"status", 429}, {"retry_after", 120}});
    auto posted = forge.post_reply(change, comment, "Not so.");
    REQUIRE(!posted.ok());
    CHECK(posted.error().kind == rules::ErrorKind::rate_limited);
    CHECK(posted.error().retry_after == 120);
    setup.fake.fail(
        {{"method", "GET"}, {"path", "/pulls/7$"}, {"status", 403}, {"remaining", 0}, {"reset_in", 600}});
    auto change_again = forge.get_change(change.id);
    REQUIRE(!change_again.ok());
    CHECK(change_again.error().kind == rules::ErrorKind::rate_limited);
    CHECK(change_again.error().retry_after >= 590);
    CHECK(setup.fake.comments(k_repo, 7)["issue_comments"].size() == 1);
}

TEST_CASE("GitHub: a bad token is auth, a refused post bad_input with GitHub's message", "[github]") {
    Setup setup;
    setup.comment("issue_comment", "`g` is never used.");
    auto config = setup.config;
    config.token = "wrong";
    bot::GitHubForge wrong(config);
    CHECK(wrong.get_change(k_repo + "#7").error().kind == rules::ErrorKind::auth);
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    const auto comment = forge.list_comments(change)->front();
    setup.fake.fail({{"method", "POST"}, {"path", "/comments$"}, {"status", 422}});
    auto posted = forge.post_reply(change, comment, "Not so.");
    REQUIRE(!posted.ok());
    CHECK(posted.error().kind == rules::ErrorKind::bad_input);
    CHECK(posted.error().message.find("Validation Failed") != std::string::npos);
    setup.fake.fail({{"method", "POST"}, {"path", "/comments$"}, {"status", 403},
        {"message", "Resource not accessible by integration"}});
    CHECK(forge.post_reply(change, comment, "Not so.").error().kind == rules::ErrorKind::auth);
}

TEST_CASE("GitHub: content-creating requests are spaced at least 0.75 s apart", "[github]") {
    Setup setup;
    setup.comment("issue_comment", "`g` is never used.");
    bot::GitHubForge forge(setup.config);
    const auto change = setup.change();
    const auto comment = forge.list_comments(change)->front();
    for (int i = 0; i < 3; ++i) {
        REQUIRE(forge.post_reply(change, comment, "Not so " + std::to_string(i)).ok());
    }
    std::vector<double> times;
    for (const auto& entry : setup.fake.requests()) {
        if (entry.method == "POST") {
            times.push_back(entry.time);
        }
    }
    REQUIRE(times.size() == 3);
    for (std::size_t i = 1; i < times.size(); ++i) {
        CHECK(times[i] - times[i - 1] >= 0.7);
    }
}

TEST_CASE("GitHub: the App's JWT is verified and its installation token cached", "[github]") {
    test_support::TempDir dir("claimcheck-github");
    const auto [private_pem, public_pem] = make_key();
    std::ofstream(dir.file("app.pem")) << private_pem;
    fake_github::Options options;
    options.app_id = "12345";
    options.app_public_key = public_pem;
    SECTION("a token lasting an hour is reused") {
        Setup setup(options);
        setup.config.token.clear();
        setup.config.app = bot::GitHubAppConfig{"12345", dir.file("app.pem"), ""};
        bot::GitHubForge forge(setup.config);
        auto change = forge.get_change(k_repo + "#7");
        REQUIRE(change.ok());
        REQUIRE(forge.list_changes(0).ok());
        CHECK(setup.fake.tokens_issued() == 1);
        // git fetches with the installation token, as user x-access-token.
        CHECK(change->fetch_username == "x-access-token");
        CHECK(change->fetch_password.rfind("ghs_fake1", 0) == 0);
        CHECK(change->fetch_url == "http://git.invalid/octo/demo.git");
    }
    SECTION("a token close to expiry is renewed") {
        options.token_lifetime = 200;  // less than the five minutes' margin
        Setup setup(options);
        setup.config.token.clear();
        setup.config.app = bot::GitHubAppConfig{"12345", dir.file("app.pem"), "4242"};
        bot::GitHubForge forge(setup.config);
        REQUIRE(forge.list_changes(0).ok());
        REQUIRE(forge.list_changes(0).ok());
        CHECK(setup.fake.tokens_issued() == 2);
    }
    SECTION("a revoked token is replaced once, not taken for refused credentials") {
        Setup setup(options);
        setup.config.token.clear();
        setup.config.app = bot::GitHubAppConfig{"12345", dir.file("app.pem"), ""};
        bot::GitHubForge forge(setup.config);
        REQUIRE(forge.get_change(k_repo + "#7").ok());
        setup.fake.fail({{"method", "GET"}, {"path", "/pulls/7$"}, {"status", 401}});
        auto again = forge.get_change(k_repo + "#7");
        REQUIRE(again.ok());
        CHECK(setup.fake.tokens_issued() == 2);
        // Refused twice in a row: the credentials are refused.
        setup.fake.fail({{"method", "GET"}, {"path", "/pulls/7$"}, {"status", 401}, {"count", 2}});
        CHECK(forge.get_change(k_repo + "#7").error().kind == rules::ErrorKind::auth);
    }
    SECTION("a rate limit on the token exchange is a rate limit, not refused credentials") {
        Setup setup(options);
        setup.config.token.clear();
        setup.config.app = bot::GitHubAppConfig{"12345", dir.file("app.pem"), "4242"};
        bot::GitHubForge forge(setup.config);
        setup.fake.fail({{"method", "POST"}, {"path", "/access_tokens$"}, {"status", 403}, {"remaining", 0},
            {"reset_in", 600}});
        const auto limited = forge.list_changes(0);
        REQUIRE_FALSE(limited.ok());
        CHECK(limited.error().kind == rules::ErrorKind::rate_limited);
        CHECK(limited.error().retry_after >= 590);
    }
    SECTION("another key is refused") {
        options.app_public_key = make_key().second;
        Setup setup(options);
        setup.config.token.clear();
        setup.config.app = bot::GitHubAppConfig{"12345", dir.file("app.pem"), ""};
        bot::GitHubForge forge(setup.config);
        CHECK(forge.get_change(k_repo + "#7").error().kind == rules::ErrorKind::auth);
        CHECK(setup.fake.tokens_issued() == 0);
    }
}

TEST_CASE("GitHub: base64url and the JWT's shape", "[github]") {
    CHECK(bot::base64url("Hello, World!") == "SGVsbG8sIFdvcmxkIQ");
    CHECK(bot::base64url_decode("SGVsbG8sIFdvcmxkIQ") == std::optional<std::string>("Hello, World!"));
    CHECK(!bot::base64url_decode("not base64!"));
    const auto jwt = bot::make_app_jwt(make_key().first, "12345", 1000000);
    REQUIRE(jwt.ok());
    const auto claims = json::parse(
        *bot::base64url_decode(jwt->substr(jwt->find('.') + 1, jwt->rfind('.') - jwt->find('.') - 1)));
    CHECK(claims == json{{"iat", 999940}, {"exp", 1000540}, {"iss", "12345"}});
    CHECK(bot::make_app_jwt("not a key", "1", 0).error().kind == rules::ErrorKind::auth);
}

TEST_CASE("GitHub: the published HMAC test vector, and bad or missing signatures", "[github]") {
    const auto path = fixtures() / "hmac" / "github-docs-test-vector.json";
    if (!fs::exists(path)) {
        WARN("no fixtures at " << path.string() << ": skipped");
        return;
    }
    const auto vector = json::parse(read_file(path));
    const auto secret = vector["secret"].get<std::string>();
    const auto payload = vector["payload"].get<std::string>();
    CHECK(bot::hmac_sha256_hex(secret, payload) == vector["signature_hex"].get<std::string>());
    bot::ForgeConfig forge;
    forge.type = bot::ForgeType::github;
    forge.webhook_secret = secret;
    const auto signature = vector["x_hub_signature_256"].get<std::string>();
    CHECK(bot::authenticate_webhook(forge, {{"x-hub-signature-256", signature}}, "", payload));
    CHECK(!bot::authenticate_webhook(forge, {{"x-hub-signature-256", signature}}, "", payload + " "));
    auto wrong = signature;
    wrong.back() = wrong.back() == '0' ? '1' : '0';
    CHECK(!bot::authenticate_webhook(forge, {{"x-hub-signature-256", wrong}}, "", payload));
    CHECK(!bot::authenticate_webhook(forge, {}, "", payload));
    CHECK(!bot::authenticate_webhook(forge, {{"x-claimcheck-secret", secret}}, secret, payload));
}

TEST_CASE("GitHub: webhook payloads become events", "[github]") {
    const auto dir = fixtures() / "webhooks";
    if (!fs::exists(dir)) {
        WARN("no fixtures at " << dir.string() << ": skipped");
        return;
    }
    bot::ForgeConfig config;
    config.name = "gh";
    config.type = bot::ForgeType::github;
    config.url = "https://github.com";
    bot::GitHubForge forge(config);
    const auto events = [&](const std::string& event, const std::string& file) {
        auto parsed = forge.parse_webhook(
            {{"x-github-event", event}, {"x-github-delivery", "d-1"}}, read_file(dir / file));
        REQUIRE(parsed.ok());
        return *parsed;
    };
    const auto head = "ec26c3e57ca3a959ca5aad62de7213c562f8c821";
    for (const auto& [event, file] : std::vector<std::pair<std::string, std::string>>{
             {"pull_request_review_comment", "pull_request_review_comment.created.ex0.json"},
             {"pull_request_review_comment", "pull_request_review_comment.created.ex1.json"},
             {"pull_request_review_comment", "pull_request_review_comment.edited.ex4.json"},
             {"pull_request_review", "pull_request_review.submitted.ex2.json"}}) {
        const auto found = events(event, file);
        INFO(file);
        REQUIRE(found.size() == 1);
        CHECK(found[0].change.rfind("Codertocat/Hello-World#", 0) == 0);
        CHECK(found[0].delivery == "d-1");
    }
    CHECK(events("pull_request_review", "pull_request_review.submitted.ex2.json")[0].patchset == head);
    CHECK(events("ping", "ping.event.ex0.json").empty());
    CHECK(events("pull_request", "pull_request.opened.ex12.json").empty());
    CHECK(events("pull_request_review_thread", "pull_request_review_thread.unresolved.ex2.json").empty());
    CHECK(events("pull_request", "pull_request.synchronize.ex22.json").empty());
    // An issue comment counts only on a pull request.
    CHECK(events("issue_comment", "issue_comment.created.ex3.json").empty());
    auto on_pull = json::parse(read_file(dir / "issue_comment.created.ex3.json"));
    on_pull["issue"]["pull_request"] = {
        {"url", "https://api.github.com/repos/Codertocat/Hello-World/pulls/1"}};
    auto parsed = forge.parse_webhook({{"x-github-event", "issue_comment"}}, on_pull.dump());
    REQUIRE(parsed.ok());
    REQUIRE(parsed->size() == 1);
    CHECK((*parsed)[0].change == "Codertocat/Hello-World#1");
    CHECK((*parsed)[0].patchset.empty());
    CHECK(forge.parse_webhook({{"x-github-event", "issue_comment"}}, "not json").error().kind ==
          rules::ErrorKind::bad_input);
    // A push re-checks only when the config asks; a repository not watched is ignored.
    config.recheck_on_push = true;
    bot::GitHubForge rechecking(config);
    auto pushed = rechecking.parse_webhook(
        {{"x-github-event", "pull_request"}}, read_file(dir / "pull_request.synchronize.ex22.json"));
    REQUIRE(pushed.ok());
    REQUIRE(pushed->size() == 1);
    CHECK((*pushed)[0].patchset == head);
    config.projects = {"someone/else"};
    bot::GitHubForge elsewhere(config);
    CHECK(elsewhere
              .parse_webhook({{"x-github-event", "pull_request_review"}},
                  read_file(dir / "pull_request_review.submitted.ex2.json"))
              ->empty());
}
