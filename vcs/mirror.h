// A cache of bare mirrors, one per remote, that fetches only the refs a job needs.
//
// A mirror lives at CACHE_DIR/<host-path>-<hash>.git, the hash taken over the normalised
// URL (no credentials, no trailing ".git" or "/"). The first fetch creates it in a
// temporary directory and renames it into place, so a crash never leaves a half-written
// mirror; later fetches are incremental (explicit refspecs, no tag following, no
// FETCH_HEAD). A lock per mirror holds across threads and processes (flock on
// <mirror>.lock). A mirror that cannot be opened or read is moved aside and created
// again, once per fetch, with a line to FetchOptions::log.
//
// Credentials come from RemoteAuth through libgit2's credential callback: the mirror
// stores no remote at all (fetches use an anonymous remote), and every message names
// the remote through redact_url().
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "rules/result.h"

namespace vcs {

struct RemoteAuth {
    std::string username;      // HTTP basic user; the SSH user when the URL names none
    std::string password;      // HTTP basic password or token
    std::string ssh_key_path;  // private key; empty: ask the SSH agent
    std::string ssh_key_passphrase;
};

struct FetchOptions {
    // A TCP connection to the remote's host must be made within this time (0: no limit).
    int connect_timeout_ms = 10'000;
    // The whole fetch must end within this time (0: no limit).
    int transfer_timeout_ms = 600'000;
    // The server may stay silent this long, at most (0: no limit).
    int stall_timeout_ms = 60'000;
    // Show "Receiving objects" progress on stderr when it is a terminal.
    bool progress_on_tty = false;
    // Receives one line per notable event (a mirror re-created, a stale temporary
    // directory removed); URLs in it are redacted. May be empty.
    std::function<void(const std::string&)> log;
};

struct FetchResult {
    std::string path;        // the bare mirror: vcs::Repository::open accepts it
    bool network = false;    // false when every ref was immutable and already present
    bool recreated = false;  // the mirror was broken and has been created again
    size_t received_objects = 0;
    size_t received_bytes = 0;
};

class MirrorCache {
public:
    // CACHE_DIR is created on first use.
    explicit MirrorCache(std::string cache_dir);

    // Fetches REFS from URL (http, https, ssh, git, or a local path) into the mirror of
    // URL and returns where it is. Each entry is a refspec ("+src:dst"), a full ref name
    // ("refs/changes/45/12345/1" fetches to the same name) or a branch name ("main" is
    // refs/heads/main). Gerrit patch-set refs already in the mirror are not fetched
    // again: they never change.
    // Fails with bad_input (URL or refspec malformed), transient (host unreachable,
    // time-out, disk full, server error), auth (credentials refused or missing),
    // not_found (the remote or a requested ref does not exist) or permanent (the pack
    // is corrupt even after the mirror was created again). Messages name the redacted
    // remote and the ref. The mirror is left as it was, or absent, after a failure.
    // Safe to call from several threads and processes at once.
    rules::Result<FetchResult> fetch(const std::string& url, const std::vector<std::string>& refs,
        const RemoteAuth& auth = {}, const FetchOptions& options = {});

    // Where the mirror of URL lives (whether or not it exists yet).
    std::string mirror_path(const std::string& url) const;

private:
    std::string m_cache_dir;
};

// The Gerrit ref of a patch set: gerrit_change_ref(12345, 1) == "refs/changes/45/12345/1"
// (the change number's last two digits, zero-padded).
std::string gerrit_change_ref(int change, int patchset);

// The head ref of a GitHub pull request: "refs/pull/N/head".
std::string github_pull_ref(int number);

enum class ChangeKind { gerrit, github };

// The commit a change is compared against, in the repository at REPO_PATH: for Gerrit
// the first parent of the patch set commit HEAD; for GitHub the merge base of HEAD and
// TARGET (the base branch's commit or ref, e.g. "refs/heads/main"). Fails with
// not_found when HEAD or TARGET names no commit, or HEAD has no parent / no merge base.
rules::Result<std::string> change_base(
    const std::string& repo_path, const std::string& head, ChangeKind kind, const std::string& target = {});

// A remote URL taken apart. Accepts scheme://[user[:password]@]host[:port]/path for
// http, https, ssh, git and file, scp-like user@host:path (ssh), and local paths (file).
struct RemoteUrl {
    std::string scheme;  // lower-case
    std::string user;
    std::string password;
    std::string host;  // lower-case; empty for file
    int port = 0;      // 0: the scheme's default
    std::string path;  // with its leading "/" for URLs; as written for scp-like and local

    // The port to connect to: PORT, else the scheme's default (0 for file).
    int effective_port() const;
    // The URL again without password (and without user for http and https): what
    // libgit2 is given, so credentials only travel through the credential callback.
    std::string without_secrets() const;
};

// Fails with bad_input for an empty URL, an unknown scheme or a malformed authority.
rules::Result<RemoteUrl> parse_remote_url(const std::string& url);

// The limits for the TCP connections libgit2 opens in this thread while this object
// lives (nested ones win). They hold once install_tcp_stream() has run; fetch() does
// both. Every connection also gets TCP_NODELAY.
class NetworkLimits {
public:
    NetworkLimits(int connect_timeout_ms, int stall_timeout_ms,
        std::optional<std::chrono::steady_clock::time_point> deadline);
    ~NetworkLimits();
    NetworkLimits(const NetworkLimits&) = delete;
    NetworkLimits& operator=(const NetworkLimits&) = delete;

    int connect_timeout_ms() const { return m_connect_timeout_ms; }
    int stall_timeout_ms() const { return m_stall_timeout_ms; }
    std::optional<std::chrono::steady_clock::time_point> deadline() const { return m_deadline; }
    // What went wrong on a connection, for the error's kind and message.
    bool timed_out() const { return m_timed_out; }
    bool unreachable() const { return m_unreachable; }
    void note_timeout() { m_timed_out = true; }
    void note_unreachable() { m_unreachable = true; }

private:
    int m_connect_timeout_ms;
    int m_stall_timeout_ms;
    std::optional<std::chrono::steady_clock::time_point> m_deadline;
    NetworkLimits* m_previous;
    bool m_timed_out = false;
    bool m_unreachable = false;
};

// Makes claimcheck's TCP stream libgit2's standard stream, process-wide (once): TCP
// connections get TCP_NODELAY and the limits of the thread's NetworkLimits.
void install_tcp_stream();

// URL with its userinfo and secret-looking query parameters masked, for messages.
std::string redact_url(const std::string& url);

// The URL a mirror is keyed by: scheme and host lower-cased, userinfo, trailing "/"
// and ".git" removed. Remotes that differ only in those share a mirror.
std::string normalize_url(const std::string& url);

}  // namespace vcs
