// The daemon's configuration: a YAML file, documented key by key in config.example.yaml.
// Secrets are written as ${ENV_VAR} and expanded from the environment at load time.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bot {

// `file` is the fake forge of the tests (bot/forge_dryrun.h: FileForge).
enum class ForgeType { gerrit, github, file };

struct GitHubAppConfig {
    std::string id;
    std::string private_key_path;
    std::string installation_id;  // empty: looked up per repository
};

struct ForgeConfig {
    std::string name;  // unique; names the webhook route /hooks/<name> and the jobs' forge
    ForgeType type = ForgeType::gerrit;
    std::string url;      // web/git URL of the forge; for `file`, the path of its JSON file
    std::string api_url;  // REST base when it differs from url (GitHub Enterprise)
    std::string username;
    std::string password;
    std::string token;
    std::optional<GitHubAppConfig> app;
    std::string webhook_secret;  // empty: the webhook route refuses every request
    // Addresses (IPv4 or IPv6, each with an optional /prefix) webhooks may come from;
    // empty: any. Gerrit's webhooks plugin signs nothing, so this is its second lock.
    std::vector<std::string> allowed_sources;
    std::string notify;                 // Gerrit's notify setting for replies; empty: the adapter's default
    std::vector<std::string> projects;  // Gerrit projects or GitHub "owner/repo"s watched
    std::string bot_account;            // the bot's own account: its comments are never checked
    bool recheck_on_push = false;       // GitHub: a push to a pull request re-checks its threads
    int request_timeout = 30;           // seconds for one REST request
    std::string replies_file;           // `file` only: where posted replies are appended (JSON lines)
};

enum class StateKind { sqlite, postgres };

struct StateConfig {
    StateKind kind = StateKind::sqlite;
    std::string sqlite_path = "./claimcheck.db";
    std::string postgres_url;
};

struct LogConfig {
    std::string format = "text";  // text or json (one object per line)
    std::string level = "info";   // trace, debug, info, warn, error
};

struct Config {
    StateConfig state;
    std::string cache_dir = "./cache";
    std::string listen = "127.0.0.1:8080";
    std::vector<ForgeConfig> forges;
    // Authors whose comments are checked. Empty: everyone but each forge's bot_account;
    // {"*"}: everyone (the bot's own comments are still never answered).
    std::vector<std::string> check_authors;
    std::int64_t poll_interval = 60;            // seconds
    std::int64_t sweep_interval = 3600;         // seconds
    std::int64_t sweep_window = 7 * 24 * 3600;  // seconds
    int workers = 4;
    int max_queue = 10000;                      // jobs waiting; more are refused
    int max_attempts = 5;                       // a job failing this often is parked as failed
    std::int64_t max_body_bytes = 1024 * 1024;  // webhook bodies larger than this get 413
    LogConfig log;

    // The forge called NAME, or null.
    const ForgeConfig* forge(std::string_view name) const;
};

// The value of an environment variable, or empty when it is not set.
using EnvLookup = std::function<std::optional<std::string>(const std::string&)>;
std::optional<std::string> process_env(const std::string& name);

struct ParsedConfig {
    std::optional<Config> config;     // set when there is no error
    std::vector<std::string> errors;  // "FILE:LINE: KEY: what is wrong", in file order
};

// Parses the YAML in TEXT; NAME (the file name) starts every error. Every error is
// reported, not only the first: unknown keys, wrong types, missing required keys, bad
// values and ${VAR}s that ENV does not know.
ParsedConfig parse_config(std::string_view text, const std::string& name, const EnvLookup& env = process_env);

// parse_config() of the file at PATH; an unreadable file is one error.
ParsedConfig load_config(const std::string& path, const EnvLookup& env = process_env);

// Seconds in TEXT: an integer ("90") or one with a unit ("90s", "15m", "2h", "7d").
std::optional<std::int64_t> parse_duration(std::string_view text);

// Whether a comment by AUTHOR on FORGE is to be checked under CONFIG's check_authors.
// The bot's own account is never checked.
bool should_check_author(const Config& config, const ForgeConfig& forge, const std::string& author);

}  // namespace bot
