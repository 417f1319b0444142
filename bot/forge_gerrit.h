// The Gerrit adapter: changes, change messages and inline comments over Gerrit's REST
// API, replies posted as reviews. See forge_gerrit.cpp for the Gerrit facts behind it.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "bot/forge.h"
#include "bot/http.h"

namespace bot {

// A Gerrit timestamp ("2013-02-01 09:59:32.126000000", always UTC) in seconds since the
// epoch, or nullopt when TEXT is not one.
std::optional<std::int64_t> parse_gerrit_time(const std::string& text);

// SECONDS since the epoch as Gerrit's query operators want it: "2013-02-01 09:59:32".
std::string format_gerrit_time(std::int64_t seconds);

// BODY without Gerrit's anti-XSSI prefix ")]}'" and the line break after it; BODY as it
// is when it has none.
std::string strip_xssi_prefix(const std::string& body);

// A change message's text without the header Gerrit writes above the reviewer's words:
// "Patch Set N: <votes>" and "(N comments)" lines and the blank lines after them.
std::string strip_message_header(const std::string& message);

class GerritForge final : public Forge {
public:
    explicit GerritForge(ForgeConfig config);

    const std::string& name() const override;
    rules::Result<std::vector<ChangeInfo>> list_changes(std::int64_t since) override;
    rules::Result<ChangeInfo> get_change(const std::string& change) override;
    rules::Result<std::vector<ForgeComment>> list_comments(const ChangeInfo& change) override;
    rules::Result<std::string> post_reply(
        const ChangeInfo& change, const ForgeComment& comment, const std::string& body) override;
    rules::Result<bool> find_marker(const ChangeInfo& change, const std::string& marker) override;
    // Reads the webhooks plugin's events (the stream-events JSON): comment-added and
    // patchset-created give one event each, other types none.
    rules::Result<std::vector<ForgeEvent>> parse_webhook(
        const std::map<std::string, std::string>& headers, const std::string& body) override;

private:
    // The JSON answer of METHOD PATH (under /a/ when there are credentials), prefix
    // stripped, or the typed error: statuses by http_status_error(), an answer that is
    // not JSON as transient (a proxy's error page, a truncated body: worth a retry).
    rules::Result<nlohmann::json> call(
        const std::string& method, const std::string& path, const std::string& body = "");
    // Messages and inline comments of CHANGE as Gerrit sends them.
    rules::Result<nlohmann::json> raw_messages(const std::string& change);
    rules::Result<nlohmann::json> raw_comments(const std::string& change);
    // Gerrit's ChangeInfo (with CURRENT_REVISION and CURRENT_COMMIT) as ours.
    ChangeInfo change_info(const nlohmann::json& info) const;
    bool authenticated() const { return !m_config.username.empty() && !m_password.empty(); }

    ForgeConfig m_config;
    std::string m_base;  // url without trailing "/"
    std::string m_password;
};

}  // namespace bot
