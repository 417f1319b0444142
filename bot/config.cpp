#include "bot/config.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>

#include "bot/address.h"

namespace bot {

namespace {

// Walks the YAML tree, collecting every error with the key's dotted path and line.
class Reader {
public:
    Reader(std::string name, const EnvLookup& env) : m_name(std::move(name)), m_env(env) {}

    std::vector<std::string>& errors() { return m_errors; }

    void error(const YAML::Node& node, const std::string& key, const std::string& what) {
        const auto mark = node.Mark();
        const std::string line = mark.line >= 0 ? ":" + std::to_string(mark.line + 1) : "";
        m_errors.push_back(m_name + line + ": " + (key.empty() ? "(top level)" : key) + ": " + what);
    }

    // Reports the keys of MAP that are not in ALLOWED; false when MAP is no mapping.
    bool check_map(
        const YAML::Node& map, const std::string& key, const std::vector<std::string_view>& allowed) {
        if (!map.IsMap()) {
            error(map, key, "expected a mapping");
            return false;
        }
        for (const auto& entry : map) {
            const auto name = entry.first.Scalar();
            if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
                error(entry.first, join(key, name), "unknown key");
            }
        }
        return true;
    }

    // The scalar NODE as a string, with ${VAR}s expanded.
    std::optional<std::string> string(const YAML::Node& node, const std::string& key) {
        if (!node.IsScalar()) {
            error(node, key, "expected a string");
            return std::nullopt;
        }
        return expand(node, key, node.Scalar());
    }

    std::optional<std::int64_t> integer(const YAML::Node& node, const std::string& key, std::int64_t min) {
        const auto text = node.IsScalar() ? std::optional(node.Scalar()) : std::nullopt;
        std::int64_t value = 0;
        if (!text || !parse_int(*text, value)) {
            error(node, key, "expected an integer");
            return std::nullopt;
        }
        if (value < min) {
            error(node, key, "must be at least " + std::to_string(min));
            return std::nullopt;
        }
        return value;
    }

    std::optional<std::int64_t> duration(const YAML::Node& node, const std::string& key) {
        const auto value = node.IsScalar() ? parse_duration(node.Scalar()) : std::nullopt;
        if (!value || *value <= 0) {
            error(node, key, "expected a positive duration (seconds, or 30s, 15m, 2h, 7d)");
            return std::nullopt;
        }
        return value;
    }

    std::optional<bool> boolean(const YAML::Node& node, const std::string& key) {
        const auto text = node.IsScalar() ? node.Scalar() : "";
        if (text == "true" || text == "yes") {
            return true;
        }
        if (text == "false" || text == "no") {
            return false;
        }
        error(node, key, "expected true or false");
        return std::nullopt;
    }

    std::optional<std::string> one_of(
        const YAML::Node& node, const std::string& key, const std::vector<std::string>& allowed) {
        auto value = string(node, key);
        if (value && std::find(allowed.begin(), allowed.end(), *value) == allowed.end()) {
            std::string list;
            for (const auto& a : allowed) {
                list += (list.empty() ? "" : ", ") + a;
            }
            error(node, key, "expected one of " + list + ", not '" + *value + "'");
            return std::nullopt;
        }
        return value;
    }

    std::vector<std::string> string_list(const YAML::Node& node, const std::string& key) {
        std::vector<std::string> out;
        if (!node.IsSequence()) {
            error(node, key, "expected a list of strings");
            return out;
        }
        for (size_t i = 0; i < node.size(); ++i) {
            if (auto value = string(node[i], key + "[" + std::to_string(i) + "]")) {
                out.push_back(std::move(*value));
            }
        }
        return out;
    }

    static std::string join(const std::string& key, const std::string& child) {
        return key.empty() ? child : key + "." + child;
    }

private:
    static bool parse_int(const std::string& text, std::int64_t& value) {
        if (text.empty() || text.size() > 18) {
            return false;
        }
        size_t i = text[0] == '-' ? 1 : 0;
        if (i == text.size()) {
            return false;
        }
        value = 0;
        for (; i < text.size(); ++i) {
            if (text[i] < '0' || text[i] > '9') {
                return false;
            }
            value = value * 10 + (text[i] - '0');
        }
        if (text[0] == '-') {
            value = -value;
        }
        return true;
    }

    std::optional<std::string> expand(
        const YAML::Node& node, const std::string& key, const std::string& text) {
        std::string out;
        size_t pos = 0;
        bool ok = true;
        while (pos < text.size()) {
            const auto open = text.find("${", pos);
            const auto close = open == std::string::npos ? std::string::npos : text.find('}', open);
            if (close == std::string::npos) {
                out += text.substr(pos);
                break;
            }
            out += text.substr(pos, open - pos);
            const auto var = text.substr(open + 2, close - open - 2);
            if (auto value = m_env(var)) {
                out += *value;
            } else {
                error(node, key, "environment variable " + var + " is not set");
                ok = false;
            }
            pos = close + 1;
        }
        return ok ? std::optional(out) : std::nullopt;
    }

    std::string m_name;
    const EnvLookup& m_env;
    std::vector<std::string> m_errors;
};

std::optional<ForgeType> forge_type(const std::string& text) {
    if (text == "gerrit") {
        return ForgeType::gerrit;
    }
    if (text == "github") {
        return ForgeType::github;
    }
    if (text == "file") {
        return ForgeType::file;
    }
    return std::nullopt;
}

void read_state(Reader& r, const YAML::Node& node, StateConfig& state) {
    if (!r.check_map(node, "state", {"sqlite", "postgres"})) {
        return;
    }
    if (node["sqlite"] && node["postgres"]) {
        r.error(node, "state", "set either sqlite or postgres, not both");
    }
    if (node["postgres"]) {
        state.kind = StateKind::postgres;
        state.postgres_url = r.string(node["postgres"], "state.postgres").value_or("");
    } else if (node["sqlite"]) {
        state.sqlite_path = r.string(node["sqlite"], "state.sqlite").value_or(state.sqlite_path);
    }
}

void read_log(Reader& r, const YAML::Node& node, LogConfig& log) {
    if (!r.check_map(node, "log", {"format", "level"})) {
        return;
    }
    if (node["format"]) {
        log.format = r.one_of(node["format"], "log.format", {"text", "json"}).value_or(log.format);
    }
    if (node["level"]) {
        log.level = r.one_of(node["level"], "log.level", {"trace", "debug", "info", "warn", "error"})
                        .value_or(log.level);
    }
}

ForgeConfig read_forge(Reader& r, const YAML::Node& node, const std::string& key) {
    ForgeConfig forge;
    if (!r.check_map(node, key,
            {"name", "type", "url", "api_url", "username", "password", "token", "app", "webhook_secret",
                "notify", "projects", "repos", "bot_account", "replies_file", "allowed_sources",
                "recheck_on_push", "request_timeout"})) {
        return forge;
    }
    const auto field = [&](const char* name, std::string& out) {
        if (node[name]) {
            out = r.string(node[name], Reader::join(key, name)).value_or("");
        }
    };
    for (const char* required : {"name", "type", "url"}) {
        if (!node[required]) {
            r.error(node, Reader::join(key, required), "missing required key");
        }
    }
    field("name", forge.name);
    if (node["type"]) {
        const auto type = r.one_of(node["type"], key + ".type", {"gerrit", "github", "file"});
        forge.type = type ? *forge_type(*type) : ForgeType::gerrit;
    }
    field("url", forge.url);
    field("api_url", forge.api_url);
    field("username", forge.username);
    field("password", forge.password);
    field("token", forge.token);
    field("webhook_secret", forge.webhook_secret);
    field("notify", forge.notify);
    field("bot_account", forge.bot_account);
    field("replies_file", forge.replies_file);
    if (node["app"]) {
        const auto app = node["app"];
        const auto app_key = key + ".app";
        if (r.check_map(app, app_key, {"id", "private_key_path", "installation_id"})) {
            GitHubAppConfig config;
            for (const char* required : {"id", "private_key_path"}) {
                if (!app[required]) {
                    r.error(app, Reader::join(app_key, required), "missing required key");
                }
            }
            if (app["id"]) {
                config.id = r.string(app["id"], app_key + ".id").value_or("");
            }
            if (app["private_key_path"]) {
                config.private_key_path =
                    r.string(app["private_key_path"], app_key + ".private_key_path").value_or("");
            }
            if (app["installation_id"]) {
                config.installation_id =
                    r.string(app["installation_id"], app_key + ".installation_id").value_or("");
            }
            forge.app = config;
        }
    }
    if (node["allowed_sources"]) {
        const auto list_key = Reader::join(key, "allowed_sources");
        forge.allowed_sources = r.string_list(node["allowed_sources"], list_key);
        for (const auto& source : forge.allowed_sources) {
            if (!parse_address_range(source)) {
                r.error(node["allowed_sources"], list_key,
                    "'" + source + "' is not an IP address or range (like 10.0.0.0/8 or ::1)");
            }
        }
    }
    if (node["recheck_on_push"]) {
        forge.recheck_on_push =
            r.boolean(node["recheck_on_push"], Reader::join(key, "recheck_on_push")).value_or(false);
    }
    if (node["request_timeout"]) {
        forge.request_timeout = static_cast<int>(
            r.duration(node["request_timeout"], Reader::join(key, "request_timeout")).value_or(30));
    }
    if (node["projects"] && node["repos"]) {
        r.error(node, key, "set either projects or repos, not both");
    }
    for (const char* list : {"projects", "repos"}) {
        if (node[list]) {
            forge.projects = r.string_list(node[list], Reader::join(key, list));
        }
    }
    if (forge.type == ForgeType::file && forge.replies_file.empty() && node["type"]) {
        r.error(node, Reader::join(key, "replies_file"), "missing required key (type file)");
    }
    return forge;
}

void read_forges(Reader& r, const YAML::Node& node, std::vector<ForgeConfig>& forges) {
    if (!node.IsSequence()) {
        r.error(node, "forges", "expected a list of forges");
        return;
    }
    std::set<std::string> names;
    for (size_t i = 0; i < node.size(); ++i) {
        const auto key = "forges[" + std::to_string(i) + "]";
        auto forge = read_forge(r, node[i], key);
        if (!forge.name.empty() && !names.insert(forge.name).second) {
            r.error(node[i]["name"], key + ".name", "duplicate forge name '" + forge.name + "'");
        }
        forges.push_back(std::move(forge));
    }
}

void read_config(Reader& r, const YAML::Node& root, Config& config) {
    if (root.IsNull()) {
        r.error(root, "forges", "missing required key (the file is empty)");
        return;
    }
    if (!r.check_map(root, "",
            {"state", "cache_dir", "listen", "forges", "check_authors", "poll_interval", "sweep_interval",
                "sweep_window", "workers", "max_queue", "max_attempts", "max_body_bytes", "log"})) {
        return;
    }
    if (root["state"]) {
        read_state(r, root["state"], config.state);
    }
    if (root["cache_dir"]) {
        config.cache_dir = r.string(root["cache_dir"], "cache_dir").value_or(config.cache_dir);
    }
    if (root["listen"]) {
        config.listen = r.string(root["listen"], "listen").value_or(config.listen);
        if (config.listen.rfind(':') == std::string::npos) {
            r.error(root["listen"], "listen", "expected HOST:PORT");
        }
    }
    if (root["forges"]) {
        read_forges(r, root["forges"], config.forges);
    } else {
        r.error(root, "forges", "missing required key");
    }
    if (const auto authors = root["check_authors"]) {
        if (authors.IsScalar()) {
            if (authors.Scalar() == "*") {
                config.check_authors = {"*"};
            } else {
                r.error(authors, "check_authors", "expected a list of accounts or \"*\"");
            }
        } else {
            config.check_authors = r.string_list(authors, "check_authors");
        }
    }
    const auto set_duration = [&](const char* key, std::int64_t& out) {
        if (root[key]) {
            out = r.duration(root[key], key).value_or(out);
        }
    };
    set_duration("poll_interval", config.poll_interval);
    set_duration("sweep_interval", config.sweep_interval);
    set_duration("sweep_window", config.sweep_window);
    const auto set_int = [&](const char* key, auto& out, std::int64_t min) {
        if (root[key]) {
            if (auto value = r.integer(root[key], key, min)) {
                out = static_cast<std::remove_reference_t<decltype(out)>>(*value);
            }
        }
    };
    set_int("workers", config.workers, 1);
    set_int("max_queue", config.max_queue, 1);
    set_int("max_attempts", config.max_attempts, 1);
    set_int("max_body_bytes", config.max_body_bytes, 1024);
    if (root["log"]) {
        read_log(r, root["log"], config.log);
    }
}

}  // namespace

const ForgeConfig* Config::forge(std::string_view name) const {
    for (const auto& f : forges) {
        if (f.name == name) {
            return &f;
        }
    }
    return nullptr;
}

std::optional<std::string> process_env(const std::string& name) {
    const char* value = std::getenv(name.c_str());
    return value ? std::optional<std::string>(value) : std::nullopt;
}

ParsedConfig parse_config(std::string_view text, const std::string& name, const EnvLookup& env) {
    ParsedConfig parsed;
    Reader reader(name, env);
    Config config;
    try {
        read_config(reader, YAML::Load(std::string(text)), config);
    } catch (const YAML::Exception& e) {
        const std::string line = e.mark.line >= 0 ? ":" + std::to_string(e.mark.line + 1) : "";
        reader.errors().push_back(name + line + ": not valid YAML: " + e.msg);
    }
    parsed.errors = std::move(reader.errors());
    if (parsed.errors.empty()) {
        parsed.config = std::move(config);
    }
    return parsed;
}

ParsedConfig load_config(const std::string& path, const EnvLookup& env) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        ParsedConfig parsed;
        parsed.errors.push_back(path + ": cannot read the file");
        return parsed;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return parse_config(text.str(), path, env);
}

std::optional<std::int64_t> parse_duration(std::string_view text) {
    if (text.empty()) {
        return std::nullopt;
    }
    std::int64_t unit = 1;
    switch (text.back()) {
    case 's': unit = 1; break;
    case 'm': unit = 60; break;
    case 'h': unit = 3600; break;
    case 'd': unit = 86400; break;
    default: break;
    }
    if (text.back() < '0' || text.back() > '9') {
        if (unit == 1 && text.back() != 's') {
            return std::nullopt;
        }
        text.remove_suffix(1);
    }
    if (text.empty() || text.size() > 12) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    return value * unit;
}

bool should_check_author(const Config& config, const ForgeConfig& forge, const std::string& author) {
    if (!forge.bot_account.empty() && author == forge.bot_account) {
        return false;
    }
    if (config.check_authors.empty() || std::find(config.check_authors.begin(), config.check_authors.end(),
                                            "*") != config.check_authors.end()) {
        return true;
    }
    return std::find(config.check_authors.begin(), config.check_authors.end(), author) !=
           config.check_authors.end();
}

}  // namespace bot
