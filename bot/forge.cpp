#include "bot/forge.h"

#include <nlohmann/json.hpp>

#include "bot/forge_dryrun.h"
#include "bot/forge_gerrit.h"
#include "bot/forge_github.h"
#include "bot/json_text.h"

namespace bot {

namespace {

using nlohmann::json;

rules::Error bad_input(std::string message) { return {rules::ErrorKind::bad_input, std::move(message)}; }

}  // namespace

// The generic webhook payload: {"change": ID, "patchset": PS?, "delivery": ID?}.
rules::Result<std::vector<ForgeEvent>> Forge::parse_webhook(
    const std::map<std::string, std::string>& headers, const std::string& body) {
    json payload;
    try {
        payload = json::parse(body);
    } catch (const json::exception&) {
        return bad_input("the webhook body is not valid JSON");
    }
    if (!payload.is_object() || !payload.contains("change")) {
        return bad_input("the webhook body has no \"change\"");
    }
    ForgeEvent event{
        json_text(payload, "change"), json_text(payload, "patchset"), json_text(payload, "delivery")};
    if (const auto it = headers.find("x-claimcheck-delivery");
        it != headers.end() && event.delivery.empty()) {
        event.delivery = it->second;
    }
    return std::vector<ForgeEvent>{event};
}

rules::Result<std::unique_ptr<Forge>> make_forge(const ForgeConfig& config) {
    switch (config.type) {
    case ForgeType::file: return std::unique_ptr<Forge>(std::make_unique<FileForge>(config));
    case ForgeType::gerrit: return std::unique_ptr<Forge>(std::make_unique<GerritForge>(config));
    case ForgeType::github: return std::unique_ptr<Forge>(std::make_unique<GitHubForge>(config));
    }
    return rules::Error{rules::ErrorKind::permanent, "forge " + config.name + ": unknown type"};
}

}  // namespace bot
