#include "bot/webhook.h"

#include <httplib.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>

#include "bot/address.h"
#include "bot/redact.h"

namespace bot {

namespace {

bool equal_constant_time(const std::string& a, const std::string& b) {
    return a.size() == b.size() && CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string lower(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string header(const std::map<std::string, std::string>& headers, const std::string& name) {
    const auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
}

}  // namespace

std::string hmac_sha256_hex(const std::string& key, const std::string& body) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
        reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest, &length);
    static constexpr char k_hex[] = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += k_hex[digest[i] >> 4];
        hex += k_hex[digest[i] & 0xF];
    }
    return hex;
}

bool authenticate_webhook(const ForgeConfig& forge, const std::map<std::string, std::string>& headers,
    const std::string& query_secret, const std::string& body) {
    if (forge.webhook_secret.empty()) {
        return false;
    }
    if (forge.type == ForgeType::github) {
        const auto signature = header(headers, "x-hub-signature-256");
        return !signature.empty() &&
               equal_constant_time(signature, "sha256=" + hmac_sha256_hex(forge.webhook_secret, body));
    }
    const auto given = header(headers, "x-claimcheck-secret");
    return equal_constant_time(given.empty() ? query_secret : given, forge.webhook_secret);
}

bool source_allowed(const ForgeConfig& forge, const std::string& remote_address) {
    return forge.allowed_sources.empty() || address_allowed(remote_address, forge.allowed_sources);
}

WebhookServer::WebhookServer(const Config& config, std::map<std::string, Forge*> forges, StateStore& store,
    Metrics& metrics, std::function<void()> on_queued)
    : m_config(config),
      m_forges(std::move(forges)),
      m_store(store),
      m_metrics(metrics),
      m_on_queued(std::move(on_queued)),
      m_server(std::make_unique<httplib::Server>()) {
    routes();
}

WebhookServer::~WebhookServer() = default;

bool WebhookServer::bind() {
    const auto colon = m_config.listen.rfind(':');
    auto host = m_config.listen.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    int port = 0;
    try {
        port = std::stoi(m_config.listen.substr(colon + 1));
    } catch (const std::exception&) {
        return false;
    }
    if (port == 0) {
        m_port = m_server->bind_to_any_port(host);
        return m_port > 0;
    }
    m_port = port;
    return m_server->bind_to_port(host, port);
}

void WebhookServer::run() { m_server->listen_after_bind(); }

bool WebhookServer::running() const { return m_server->is_running(); }

void WebhookServer::stop() {
    m_ready = false;
    m_server->stop();
}

void WebhookServer::routes() {
    m_server->set_payload_max_length(static_cast<size_t>(m_config.max_body_bytes));
    m_server->Get("/healthz",
        [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
    m_server->Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
        const bool ready = m_ready && m_store.counts().ok();
        res.status = ready ? 200 : 503;
        res.set_content(ready ? "ready\n" : "not ready\n", "text/plain");
    });
    m_server->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
        if (auto counts = m_store.counts()) {
            m_metrics.queue(*counts);
        }
        res.set_content(m_metrics.serialize(), "text/plain; version=0.0.4");
    });
    m_server->Post(
        R"(/hooks/([A-Za-z0-9_.-]+))", [this](const httplib::Request& req, httplib::Response& res) {
            const std::string name = req.matches[1];
            const auto reply = [&](int status, const std::string& text) {
                res.status = status;
                res.set_content(text + "\n", "text/plain");
                m_metrics.webhook(name, status);
            };
            const auto* forge_config = m_config.forge(name);
            const auto forge = m_forges.find(name);
            if (!forge_config || forge == m_forges.end()) {
                return reply(404, "no such forge");
            }
            if (!source_allowed(*forge_config, req.remote_addr)) {
                spdlog::warn("webhook {}: refused: {} is not in allowed_sources", name, req.remote_addr);
                return reply(403, "forbidden");
            }
            std::map<std::string, std::string> headers;
            for (const auto& [key, value] : req.headers) {
                headers[lower(key)] = value;
            }
            if (!authenticate_webhook(*forge_config, headers, req.get_param_value("secret"), req.body)) {
                spdlog::warn("webhook {}: refused: bad or missing secret (from {})", name, req.remote_addr);
                return reply(401, "unauthorized");
            }
            auto events = forge->second->parse_webhook(headers, req.body);
            if (!events) {
                spdlog::warn("webhook {}: {}", name, redact(events.error().message));
                return reply(400, events.error().message);
            }
            int queued = 0;
            for (const auto& event : *events) {
                if (!event.delivery.empty()) {
                    auto seen = m_store.seen_delivery(name + ":" + event.delivery);
                    if (!seen) {
                        return reply(503, "state store unavailable");
                    }
                    if (*seen) {
                        continue;
                    }
                }
                auto status = m_store.enqueue({0, name, event.change, event.patchset, "webhook", 0, ""});
                if (!status) {
                    spdlog::warn("webhook {}: change {}: {}", name, event.change, status.error().message);
                    return reply(503, status.error().message);
                }
                m_metrics.event("webhook");
                ++queued;
            }
            if (queued > 0 && m_on_queued) {
                m_on_queued();
            }
            reply(202, "queued " + std::to_string(queued));
        });
}

}  // namespace bot
