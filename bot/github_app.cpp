#include "bot/github_app.h"

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <ctime>
#include <fstream>
#include <iomanip>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/forge_github.h"
#include "bot/http.h"
#include "bot/json_text.h"

namespace bot {

namespace {

using nlohmann::json;

// RAII for OpenSSL handles: one deleter template, one alias per type.
template <auto Free>
struct OpenSslDeleter {
    template <typename T>
    void operator()(T* handle) const {
        Free(handle);
    }
};
using BioPtr = std::unique_ptr<BIO, OpenSslDeleter<BIO_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, OpenSslDeleter<EVP_PKEY_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, OpenSslDeleter<EVP_MD_CTX_free>>;

// Installation tokens are renewed this long before GitHub says they expire.
constexpr std::int64_t k_refresh_margin = 5 * 60;

constexpr std::string_view k_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

rules::Error auth_error(std::string message) { return {rules::ErrorKind::auth, std::move(message)}; }

std::int64_t now_seconds() { return static_cast<std::int64_t>(std::time(nullptr)); }

}  // namespace

std::string base64url(std::string_view data) {
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (const unsigned char c : data) {
        bits = (bits << 8) | c;
        count += 8;
        while (count >= 6) {
            count -= 6;
            out += k_alphabet[(bits >> count) & 0x3f];
        }
    }
    if (count > 0) {
        out += k_alphabet[(bits << (6 - count)) & 0x3f];
    }
    return out;
}

std::optional<std::string> base64url_decode(std::string_view text) {
    std::string out;
    std::uint32_t bits = 0;
    int count = 0;
    for (const char c : text) {
        const auto value = k_alphabet.find(c);
        if (value == std::string_view::npos) {
            return std::nullopt;
        }
        bits = (bits << 6) | static_cast<std::uint32_t>(value);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out += static_cast<char>((bits >> count) & 0xff);
        }
    }
    return out;
}

rules::Result<std::string> make_app_jwt(const std::string& pem, const std::string& app_id, std::int64_t now) {
    BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    PkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!key) {
        return auth_error("GitHub App: the private key is not a PEM private key");
    }
    const auto header = base64url(R"({"alg":"RS256","typ":"JWT"})");
    const auto claims = base64url(json{{"iat", now - 60}, {"exp", now + 540}, {"iss", app_id}}.dump());
    const auto input = header + "." + claims;
    MdCtxPtr context(EVP_MD_CTX_new());
    std::size_t size = 0;
    if (!context || EVP_DigestSignInit(context.get(), nullptr, EVP_sha256(), nullptr, key.get()) != 1 ||
        EVP_DigestSign(context.get(), nullptr, &size, reinterpret_cast<const unsigned char*>(input.data()),
            input.size()) != 1) {
        return auth_error("GitHub App: cannot sign with the private key (is it an RSA key?)");
    }
    std::string signature(size, '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
            reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
        return auth_error("GitHub App: signing the JWT failed");
    }
    signature.resize(size);
    return input + "." + base64url(signature);
}

std::int64_t parse_github_time(std::string_view text) {
    std::tm tm{};
    std::istringstream in{std::string(text)};
    in >> std::get_time(&tm, "%Y-%m-%dT%H:%M:%S");
    if (in.fail()) {
        return 0;
    }
    return static_cast<std::int64_t>(timegm(&tm));
}

GitHubApp::GitHubApp(GitHubAppConfig config, std::string api_url, int timeout)
    : m_config(std::move(config)), m_api_url(std::move(api_url)), m_timeout(timeout) {}

int GitHubApp::tokens_issued() const {
    std::lock_guard lock(m_mutex);
    return m_issued;
}

// Called with m_mutex held.
rules::Result<std::string> GitHubApp::jwt() {
    if (m_pem.empty()) {
        std::ifstream in(m_config.private_key_path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        if (!in || text.str().empty()) {
            return auth_error("GitHub App: cannot read the private key " + m_config.private_key_path);
        }
        m_pem = text.str();
    }
    return make_app_jwt(m_pem, m_config.id, now_seconds());
}

namespace {

// A request to GitHub's API as the App, with its JWT.
rules::Result<json> app_request(const std::string& method, const std::string& url, const std::string& jwt,
    int timeout, const std::string& what) {
    HttpRequest request;
    request.method = method;
    request.url = url;
    request.timeout_seconds = timeout;
    request.headers = {{"Authorization", "Bearer " + jwt}, {"Accept", "application/vnd.github+json"},
        {"X-GitHub-Api-Version", "2022-11-28"}};
    auto response = http_request(request);
    if (!response) {
        return response.error();
    }
    if (const auto wait = github_rate_limit_wait(*response, now_seconds())) {
        // Not refused credentials: GitHub's rate limit, which a 403 can be too.
        return rules::Error{rules::ErrorKind::rate_limited,
            what + ": rate limited (HTTP " + std::to_string(response->status) + "), retry in " +
                std::to_string(*wait) + " s",
            *wait};
    }
    if (response->status < 200 || response->status >= 300) {
        return http_status_error(*response, what);
    }
    try {
        return json::parse(response->body);
    } catch (const json::exception&) {
        return rules::Error{rules::ErrorKind::transient, what + ": the answer is not JSON"};
    }
}

}  // namespace

// Called with m_mutex held.
rules::Result<std::string> GitHubApp::installation_of(const std::string& repo, const std::string& jwt) {
    if (!m_config.installation_id.empty()) {
        return m_config.installation_id;
    }
    if (const auto it = m_installations.find(repo); it != m_installations.end()) {
        return it->second;
    }
    const auto what = "GET /repos/" + repo + "/installation";
    auto answer = app_request("GET", m_api_url + "/repos/" + repo + "/installation", jwt, m_timeout, what);
    if (!answer) {
        return answer.error();
    }
    if (!answer->contains("id")) {
        return rules::Error{rules::ErrorKind::transient, what + ": no installation id in the answer"};
    }
    const auto id = json_text(*answer, "id");
    m_installations[repo] = id;
    return id;
}

void GitHubApp::forget(const std::string& repo) {
    std::lock_guard lock(m_mutex);
    const auto known = m_installations.find(repo);
    const auto installation = !m_config.installation_id.empty()
                                  ? m_config.installation_id
                                  : (known != m_installations.end() ? known->second : "");
    m_tokens.erase(installation);
    if (known != m_installations.end()) {
        m_installations.erase(known);
    }
}

rules::Result<std::string> GitHubApp::token(const std::string& repo) {
    std::lock_guard lock(m_mutex);
    const auto fresh = [&](const std::string& installation) -> const Cached* {
        const auto it = m_tokens.find(installation);
        return it != m_tokens.end() && it->second.expires - k_refresh_margin > now_seconds() ? &it->second
                                                                                             : nullptr;
    };
    const auto known = m_installations.find(repo);
    const auto installation_known = !m_config.installation_id.empty()
                                        ? m_config.installation_id
                                        : (known != m_installations.end() ? known->second : "");
    if (const auto* cached = fresh(installation_known)) {
        return cached->token;
    }
    auto jwt_token = jwt();
    if (!jwt_token) {
        return jwt_token.error();
    }
    auto installation = installation_of(repo, *jwt_token);
    if (!installation) {
        return installation.error();
    }
    if (const auto* cached = fresh(*installation)) {
        return cached->token;
    }
    const auto path = "/app/installations/" + *installation + "/access_tokens";
    auto answer = app_request("POST", m_api_url + path, *jwt_token, m_timeout, "POST " + path);
    if (!answer) {
        return answer.error();
    }
    const auto token = answer->value("token", "");
    const auto expires = parse_github_time(answer->value("expires_at", ""));
    if (token.empty() || expires == 0) {
        return rules::Error{
            rules::ErrorKind::transient, "POST " + path + ": no token or expires_at in the answer"};
    }
    m_tokens[*installation] = {token, expires};
    ++m_issued;
    return token;
}

}  // namespace bot
