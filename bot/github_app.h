// A GitHub App's credentials: the App signs a short JWT (RS256, iss = App id, issued 60 s
// in the past against clock drift, expiring at most 10 minutes later) with its private
// key, and exchanges it at POST /app/installations/{id}/access_tokens for an
// installation token that lasts an hour. Tokens are cached per installation and renewed
// five minutes before they expire, so a request never starts with a token about to lapse.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "bot/config.h"
#include "rules/result.h"

namespace bot {

// URL-safe base64 without padding (RFC 7515, section 2), and back; nullopt for bad input.
std::string base64url(std::string_view data);
std::optional<std::string> base64url_decode(std::string_view text);

// The App's JWT at NOW (seconds since the epoch): iat NOW - 60, exp NOW + 540, signed
// with the PEM private key PEM. Fails with auth when the key cannot be read or used.
rules::Result<std::string> make_app_jwt(const std::string& pem, const std::string& app_id, std::int64_t now);

// Seconds since the epoch of a GitHub timestamp ("2011-01-26T19:01:12Z"); 0 when
// unreadable.
std::int64_t parse_github_time(std::string_view text);

class GitHubApp {
public:
    // API_URL is the REST base ("https://api.github.com"); TIMEOUT seconds per request.
    GitHubApp(GitHubAppConfig config, std::string api_url, int timeout);

    // An installation token good for at least five more minutes for REPO ("owner/name"):
    // the cached one, or a new one. The installation is the configured one, else looked
    // up with GET /repos/{repo}/installation. Fails with auth when GitHub refuses the
    // App, not_found when the App is not installed on REPO.
    rules::Result<std::string> token(const std::string& repo);

    // Drops what is cached for REPO (its installation and that installation's token):
    // GitHub refused the token, so the App was reinstalled or its token revoked.
    void forget(const std::string& repo);

    // Installation tokens issued to this process so far (for tests and logs).
    int tokens_issued() const;

private:
    struct Cached {
        std::string token;
        std::int64_t expires = 0;  // seconds since the epoch
    };

    rules::Result<std::string> jwt();
    rules::Result<std::string> installation_of(const std::string& repo, const std::string& jwt);

    GitHubAppConfig m_config;
    std::string m_api_url;
    int m_timeout;
    mutable std::mutex m_mutex;
    std::string m_pem;                                   // read once, on first use
    std::map<std::string, std::string> m_installations;  // repo -> installation id
    std::map<std::string, Cached> m_tokens;              // installation id -> token
    int m_issued = 0;
};

}  // namespace bot
