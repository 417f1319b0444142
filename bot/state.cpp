#include "bot/state.h"

#include <algorithm>

#include "rules/engine.h"

namespace bot {

namespace {

bool is_number(const std::string& text) {
    return !text.empty() && text.size() < 19 && text.find_first_not_of("0123456789") == std::string::npos;
}

}  // namespace

std::string newer_patchset(const std::string& waiting, const std::string& incoming) {
    if (waiting.empty() || incoming.empty()) {
        return "";
    }
    if (is_number(waiting) && is_number(incoming)) {
        return std::stoll(waiting) > std::stoll(incoming) ? waiting : incoming;
    }
    return incoming;
}

std::string reply_key(const std::string& forge, const std::string& change, const std::string& patchset,
    const std::string& comment_id) {
    return forge + "|" + change + "|" + patchset + "|" + comment_id + "|" + rules::k_rules_version;
}

int backoff_seconds(int attempts) {
    const int shift = std::clamp(attempts - 1, 0, 7);
    return std::min(30 << shift, 3600);
}

rules::Result<std::unique_ptr<StateStore>> open_state_store(
    const StateConfig& config, int max_queue, int max_attempts) {
    if (config.kind == StateKind::postgres) {
        return open_postgres_store(config.postgres_url, max_queue, max_attempts);
    }
    return open_sqlite_store(config.sqlite_path, max_queue, max_attempts);
}

}  // namespace bot
