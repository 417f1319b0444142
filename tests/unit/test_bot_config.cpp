#include <catch2/catch.hpp>
#include <fstream>
#include <map>

#include "bot/config.h"

using bot::parse_config;

namespace {

const std::map<std::string, std::string> k_env = {{"GERRIT_PASSWORD", "s3cret"}, {"HOOK", "hook-secret"}};

std::optional<std::string> test_env(const std::string& name) {
    const auto it = k_env.find(name);
    return it == k_env.end() ? std::nullopt : std::optional(it->second);
}

bot::ParsedConfig parse(const std::string& text) { return parse_config(text, "c.yaml", test_env); }

// The only error of TEXT.
std::string error_of(const std::string& text) {
    const auto parsed = parse(text);
    REQUIRE_FALSE(parsed.config.has_value());
    REQUIRE(parsed.errors.size() == 1);
    return parsed.errors[0];
}

const char* const k_full = R"(state:
  postgres: postgres://claimcheck@db/claimcheck
cache_dir: /var/cache/claimcheck
listen: 0.0.0.0:9000
forges:
  - name: opendev
    type: gerrit
    url: https://review.opendev.org
    username: claimcheck-bot
    password: ${GERRIT_PASSWORD}
    webhook_secret: "${HOOK}"
    notify: OWNER
    bot_account: claimcheck-bot
    projects: [openstack/nova]
    allowed_sources: [10.0.0.0/8, "::1"]
    request_timeout: 1m
  - name: gh
    type: github
    url: https://github.com
    api_url: https://api.github.com
    app: {id: "123", private_key_path: /etc/claimcheck/app.pem, installation_id: "42"}
    recheck_on_push: true
    repos: [octo/hello]
check_authors: [llm-reviewer, other-bot]
poll_interval: 30s
sweep_interval: 2h
sweep_window: 7d
workers: 8
log: {format: json, level: debug}
)";

}  // namespace

TEST_CASE("a full configuration", "[bot][config]") {
    const auto parsed = parse(k_full);
    INFO((parsed.errors.empty() ? "" : parsed.errors[0]));
    REQUIRE(parsed.config.has_value());
    const auto& config = *parsed.config;
    CHECK(config.state.kind == bot::StateKind::postgres);
    CHECK(config.state.postgres_url == "postgres://claimcheck@db/claimcheck");
    CHECK(config.cache_dir == "/var/cache/claimcheck");
    CHECK(config.listen == "0.0.0.0:9000");
    REQUIRE(config.forges.size() == 2);
    const auto& gerrit = config.forges[0];
    CHECK(gerrit.type == bot::ForgeType::gerrit);
    CHECK(gerrit.password == "s3cret");
    CHECK(gerrit.webhook_secret == "hook-secret");
    CHECK(gerrit.projects == std::vector<std::string>{"openstack/nova"});
    CHECK(gerrit.allowed_sources == std::vector<std::string>{"10.0.0.0/8", "::1"});
    CHECK(gerrit.request_timeout == 60);
    CHECK_FALSE(gerrit.recheck_on_push);
    const auto& github = config.forges[1];
    CHECK(github.type == bot::ForgeType::github);
    REQUIRE(github.app.has_value());
    CHECK(github.app->id == "123");
    CHECK(github.app->installation_id == "42");
    CHECK(github.recheck_on_push);
    CHECK(github.request_timeout == 30);
    CHECK(github.projects == std::vector<std::string>{"octo/hello"});
    CHECK(config.check_authors == std::vector<std::string>{"llm-reviewer", "other-bot"});
    CHECK(config.poll_interval == 30);
    CHECK(config.sweep_interval == 7200);
    CHECK(config.sweep_window == 7 * 86400);
    CHECK(config.workers == 8);
    CHECK(config.log.format == "json");
    CHECK(config.forge("gh") == &config.forges[1]);
    CHECK(config.forge("nope") == nullptr);
}

TEST_CASE("defaults: sqlite state, everyone but the bot is checked", "[bot][config]") {
    const auto parsed = parse("forges:\n  - {name: g, type: gerrit, url: https://x, bot_account: bot}\n");
    REQUIRE(parsed.config.has_value());
    const auto& config = *parsed.config;
    CHECK(config.state.kind == bot::StateKind::sqlite);
    CHECK(config.state.sqlite_path == "./claimcheck.db");
    CHECK(config.log.format == "text");
    CHECK(bot::should_check_author(config, config.forges[0], "llm"));
    CHECK_FALSE(bot::should_check_author(config, config.forges[0], "bot"));
}

TEST_CASE("check_authors: a list or \"*\"", "[bot][config]") {
    const auto listed =
        parse("check_authors: [llm]\nforges: [{name: g, type: gerrit, url: u, bot_account: b}]\n");
    REQUIRE(listed.config.has_value());
    CHECK(bot::should_check_author(*listed.config, listed.config->forges[0], "llm"));
    CHECK_FALSE(bot::should_check_author(*listed.config, listed.config->forges[0], "human"));
    const auto all =
        parse("check_authors: \"*\"\nforges: [{name: g, type: gerrit, url: u, bot_account: b}]\n");
    REQUIRE(all.config.has_value());
    CHECK(bot::should_check_author(*all.config, all.config->forges[0], "human"));
    CHECK_FALSE(bot::should_check_author(*all.config, all.config->forges[0], "b"));
}

TEST_CASE("an unknown key is named with its line", "[bot][config]") {
    CHECK(error_of("forges: []\nworkers: 2\nwrokers: 3\n") == "c.yaml:3: wrokers: unknown key");
    CHECK(error_of("forges:\n  - name: g\n    type: gerrit\n    url: u\n    tokn: x\n") ==
          "c.yaml:5: forges[0].tokn: unknown key");
}

TEST_CASE("a wrong type is named with its line", "[bot][config]") {
    CHECK(error_of("forges: []\nworkers: many\n") == "c.yaml:2: workers: expected an integer");
    CHECK(error_of("forges: {name: g}\n") == "c.yaml:1: forges: expected a list of forges");
    CHECK(error_of("forges: []\nlog:\n  format: xml\n") ==
          "c.yaml:3: log.format: expected one of text, json, not 'xml'");
    CHECK(error_of("forges: []\nsweep_window: soon\n") ==
          "c.yaml:2: sweep_window: expected a positive duration (seconds, or 30s, 15m, 2h, 7d)");
    CHECK(error_of("forges: [{name: g, type: svn, url: u}]\n") ==
          "c.yaml:1: forges[0].type: expected one of gerrit, github, file, not 'svn'");
    CHECK(error_of("forges: [{name: [a], type: gerrit, url: u}]\n") ==
          "c.yaml:1: forges[0].name: expected a string");
}

TEST_CASE("a missing required key is named with its parent's line", "[bot][config]") {
    CHECK(error_of("workers: 2\n") == "c.yaml:1: forges: missing required key");
    CHECK(error_of("forges:\n  - name: g\n    url: u\n") == "c.yaml:2: forges[0].type: missing required key");
}

TEST_CASE("a missing environment variable is named with its key", "[bot][config]") {
    CHECK(error_of("forges:\n  - name: g\n    type: gerrit\n    url: u\n    token: ${NOPE}\n") ==
          "c.yaml:5: forges[0].token: environment variable NOPE is not set");
}

TEST_CASE("every error is reported, and bad YAML too", "[bot][config]") {
    const auto parsed = parse("forges: []\nworkers: x\nbogus: 1\n");
    CHECK(parsed.errors.size() == 2);
    const auto bad = parse("forges: [\n");
    REQUIRE(bad.errors.size() == 1);
    CHECK(bad.errors[0].find("not valid YAML") != std::string::npos);
    CHECK(bot::load_config("/nonexistent/claimcheck.yaml").errors.size() == 1);
}

TEST_CASE("durations", "[bot][config]") {
    CHECK(bot::parse_duration("90") == 90);
    CHECK(bot::parse_duration("90s") == 90);
    CHECK(bot::parse_duration("15m") == 900);
    CHECK(bot::parse_duration("7d") == 7 * 86400);
    CHECK_FALSE(bot::parse_duration("7w").has_value());
    CHECK_FALSE(bot::parse_duration("").has_value());
    CHECK_FALSE(bot::parse_duration("d").has_value());
}

TEST_CASE("config.example.yaml is valid", "[bot][config]") {
    const auto parsed = bot::load_config(std::string(CLAIMCHECK_SOURCE_DIR) + "/config.example.yaml",
        [](const std::string&) { return std::optional<std::string>("x"); });
    INFO((parsed.errors.empty() ? "" : parsed.errors[0]));
    CHECK(parsed.config.has_value());
}

TEST_CASE("allowed_sources, recheck_on_push and request_timeout are checked", "[bot][config]") {
    const std::string forge = "forges:\n  - {name: g, type: gerrit, url: https://x, ";
    CHECK(error_of(forge + "allowed_sources: [review.example.org]}\n") ==
          "c.yaml:2: forges[0].allowed_sources: 'review.example.org' is not an IP address or range (like "
          "10.0.0.0/8 or ::1)");
    CHECK(error_of(forge + "allowed_sources: [10.0.0.0/40]}\n").find("'10.0.0.0/40' is not") !=
          std::string::npos);
    CHECK(error_of(forge + "recheck_on_push: sometimes}\n") ==
          "c.yaml:2: forges[0].recheck_on_push: expected true or false");
    CHECK(error_of(forge + "request_timeout: 0}\n").find("forges[0].request_timeout: expected a positive") !=
          std::string::npos);
}
