// Remote URLs for the mirror cache: parsing, the normalised form a mirror is keyed by,
// redaction for messages, and the Gerrit and GitHub ref names.
#include <algorithm>
#include <cctype>
#include <string_view>

#include "vcs/mirror.h"

namespace vcs {

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

bool known_scheme(const std::string& scheme) {
    return scheme == "http" || scheme == "https" || scheme == "ssh" || scheme == "git" || scheme == "file";
}

// "user@host:path" with no "/" before the ":" (git's rule for scp-like syntax).
bool scp_like(std::string_view url) {
    const auto colon = url.find(':');
    if (colon == std::string_view::npos || colon == 0) {
        return false;
    }
    return url.substr(0, colon).find('/') == std::string_view::npos;
}

// Splits "[user[:password]@]host[:port]" into OUT; false when it is malformed.
bool parse_authority(std::string_view authority, RemoteUrl& out) {
    if (const auto at = authority.rfind('@'); at != std::string_view::npos) {
        const auto userinfo = authority.substr(0, at);
        authority.remove_prefix(at + 1);
        const auto colon = userinfo.find(':');
        out.user = std::string(userinfo.substr(0, colon));
        if (colon != std::string_view::npos) {
            out.password = std::string(userinfo.substr(colon + 1));
        }
    }
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {  // [IPv6]:port
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        host = authority.substr(1, close - 1);
        const auto rest = authority.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') {
                return false;
            }
            port = rest.substr(1);
        }
    } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
        host = authority.substr(0, colon);
        port = authority.substr(colon + 1);
    }
    if (host.empty()) {
        return false;
    }
    out.host = lower(host);
    if (!port.empty()) {
        if (port.size() > 5 ||
            !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            return false;
        }
        out.port = std::stoi(std::string(port));
        if (out.port <= 0 || out.port > 65535) {
            return false;
        }
    }
    return true;
}

// PATH trimmed of trailing "/" and one trailing ".git".
std::string trim_path(std::string path) {
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    if (path.ends_with(".git")) {
        path.resize(path.size() - 4);
    }
    while (path.size() > 1 && path.back() == '/') {
        path.pop_back();
    }
    return path;
}

std::string host_port(const RemoteUrl& url) {
    std::string host = url.host.find(':') != std::string::npos ? "[" + url.host + "]" : url.host;
    return url.port != 0 ? host + ":" + std::to_string(url.port) : host;
}

}  // namespace

int RemoteUrl::effective_port() const {
    if (port != 0) {
        return port;
    }
    if (scheme == "http") {
        return 80;
    }
    if (scheme == "https") {
        return 443;
    }
    if (scheme == "ssh") {
        return 22;
    }
    if (scheme == "git") {
        return 9418;
    }
    return 0;
}

std::string RemoteUrl::without_secrets() const {
    if (scheme == "file") {
        return path;
    }
    const bool keep_user = !user.empty() && scheme == "ssh";
    if (!path.starts_with('/')) {  // scp-like: the path is relative to the login directory
        return (keep_user ? user + "@" : "") + host + ":" + path;
    }
    return scheme + "://" + (keep_user ? user + "@" : "") + host_port(*this) + path;
}

rules::Result<RemoteUrl> parse_remote_url(const std::string& url) {
    RemoteUrl out;
    if (url.empty()) {
        return rules::Error{rules::ErrorKind::bad_input, "empty remote URL"};
    }
    const auto separator = url.find("://");
    if (separator == std::string::npos) {
        if (url.starts_with('/') || url.starts_with('.') || !scp_like(url)) {
            out.scheme = "file";
            out.path = url;
            return out;
        }
        // scp-like: [user@]host:path
        const auto colon = url.find(':');
        out.scheme = "ssh";
        if (!parse_authority(std::string_view(url).substr(0, colon), out) || out.port != 0) {
            return rules::Error{rules::ErrorKind::bad_input, "malformed remote URL " + redact_url(url)};
        }
        out.path = url.substr(colon + 1);
        return out;
    }
    out.scheme = lower(std::string_view(url).substr(0, separator));
    if (out.scheme == "git+ssh" || out.scheme == "ssh+git") {
        out.scheme = "ssh";
    }
    if (!known_scheme(out.scheme)) {
        return rules::Error{
            rules::ErrorKind::bad_input, "unsupported scheme '" + out.scheme + "' in " + redact_url(url)};
    }
    const auto rest = std::string_view(url).substr(separator + 3);
    const auto slash = rest.find('/');
    const auto authority = rest.substr(0, slash);
    out.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
    if (out.scheme == "file") {
        if (!authority.empty() && authority != "localhost") {
            return rules::Error{rules::ErrorKind::bad_input, "file URL with a host: " + redact_url(url)};
        }
        return out;
    }
    if (!parse_authority(authority, out)) {
        return rules::Error{rules::ErrorKind::bad_input, "malformed remote URL " + redact_url(url)};
    }
    return out;
}

std::string normalize_url(const std::string& url) {
    auto parsed = parse_remote_url(url);
    if (!parsed) {
        return url;
    }
    if (parsed->scheme == "file") {
        return "file://" + trim_path(parsed->path);
    }
    std::string path = parsed->path;
    if (!path.starts_with('/')) {
        path.insert(0, "/");  // scp-like paths are relative to the login directory
    }
    RemoteUrl defaults;
    defaults.scheme = parsed->scheme;
    if (parsed->port == defaults.effective_port()) {
        parsed->port = 0;  // an explicit default port names the same remote
    }
    return parsed->scheme + "://" + host_port(*parsed) + trim_path(path);
}

std::string redact_url(const std::string& url) {
    std::string out = url;
    // userinfo: "scheme://user:pw@host" -> "scheme://***@host"
    if (const auto separator = out.find("://"); separator != std::string::npos) {
        const auto start = separator + 3;
        const auto end = out.find_first_of("/?#", start);
        const auto at = out.rfind('@', end == std::string::npos ? std::string::npos : end);
        if (at != std::string::npos && at >= start) {
            out.replace(start, at - start, "***");
        }
    }
    // secret-looking query parameters: "token=...", "access_token=...", "password=..."
    if (const auto query = out.find('?'); query != std::string::npos) {
        size_t pos = query + 1;
        while (pos < out.size()) {
            const auto amp = out.find('&', pos);
            const auto end = amp == std::string::npos ? out.size() : amp;
            const auto equals = out.find('=', pos);
            if (equals != std::string::npos && equals < end) {
                const auto name = lower(std::string_view(out).substr(pos, equals - pos));
                if (name.find("token") != std::string::npos || name.find("pass") != std::string::npos ||
                    name.find("secret") != std::string::npos || name == "key" || name == "sig") {
                    out.replace(equals + 1, end - equals - 1, "***");
                }
            }
            const auto next = out.find('&', pos);
            if (next == std::string::npos) {
                break;
            }
            pos = next + 1;
        }
    }
    return out;
}

std::string gerrit_change_ref(int change, int patchset) {
    const int shard = change % 100;
    return "refs/changes/" + std::string(shard < 10 ? "0" : "") + std::to_string(shard) + "/" +
           std::to_string(change) + "/" + std::to_string(patchset);
}

std::string github_pull_ref(int number) { return "refs/pull/" + std::to_string(number) + "/head"; }

}  // namespace vcs
