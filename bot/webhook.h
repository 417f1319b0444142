// The daemon's HTTP server: /healthz, /readyz, /metrics and one webhook route per forge,
// /hooks/<forge name>. A webhook is authenticated before its body is parsed (401 and
// nothing queued otherwise), its size capped (413), and each event it carries queues a
// job (202); a redelivery (same delivery id) queues nothing.
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "bot/config.h"
#include "bot/forge.h"
#include "bot/metrics.h"
#include "bot/state.h"

namespace httplib {
class Server;
}

namespace bot {

// Whether a webhook request for FORGE carries its secret: for GitHub, BODY's
// X-Hub-Signature-256 (HMAC-SHA256 with the secret); otherwise the X-Claimcheck-Secret
// header or the `secret` query parameter (QUERY_SECRET). Constant time; a forge without
// a secret accepts nothing. HEADERS are lower-cased.
bool authenticate_webhook(const ForgeConfig& forge, const std::map<std::string, std::string>& headers,
    const std::string& query_secret, const std::string& body);

// Whether a webhook for FORGE may come from REMOTE_ADDRESS: any, unless the forge lists
// its allowed_sources.
bool source_allowed(const ForgeConfig& forge, const std::string& remote_address);

// Hex HMAC-SHA256 of BODY with KEY, as in GitHub's "sha256=<hex>".
std::string hmac_sha256_hex(const std::string& key, const std::string& body);

class WebhookServer {
public:
    // FORGES by name; ON_QUEUED is called after each job queued (to wake the workers).
    WebhookServer(const Config& config, std::map<std::string, Forge*> forges, StateStore& store,
        Metrics& metrics, std::function<void()> on_queued);
    ~WebhookServer();
    WebhookServer(const WebhookServer&) = delete;
    WebhookServer& operator=(const WebhookServer&) = delete;

    // Binds to Config::listen (port 0: any free port); false when it cannot.
    bool bind();
    int port() const { return m_port; }
    // Serves until stop(); call from its own thread.
    void run();
    void stop();
    bool running() const;
    // Readiness: false once stopping.
    void set_ready(bool ready) { m_ready = ready; }

private:
    void routes();

    const Config& m_config;
    std::map<std::string, Forge*> m_forges;
    StateStore& m_store;
    Metrics& m_metrics;
    std::function<void()> m_on_queued;
    std::unique_ptr<httplib::Server> m_server;
    std::atomic<bool> m_ready = true;
    int m_port = 0;
};

}  // namespace bot
