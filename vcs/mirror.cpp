// The mirror cache: one bare repository per remote, fetched into with explicit refspecs.
//
// A fetch takes the mirror's lock (a mutex for the threads of this process, then flock
// for other processes), removes temporary directories that dead fetches left, and then
// tries at most twice: open the mirror (or create it in <mirror>.tmp-* and rename it
// into place), fetch, and read back the fetched commits and their parents' trees. A
// failure that says the mirror itself is damaged (an unreadable repository, odb, zlib
// or pack errors) moves the mirror aside and starts the second try from nothing; every
// other failure is returned as it is, with the mirror untouched.
#include "vcs/mirror.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <system_error>

#include "vcs/handles.h"

namespace vcs {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

using RemoteHandle = Handle<git_remote, git_remote_free>;
using RefspecHandle = Handle<git_refspec, git_refspec_free>;

// One requested refspec, taken apart.
struct Refspec {
    std::string spec;  // as given to libgit2: "+src:dst"
    std::string src;
    std::string dst;
    bool exact = false;  // names one ref (no glob), so it must exist on the remote
};

// A Gerrit patch-set ref (refs/changes/NN/CHANGE/PS with a numeric PS): never rewritten.
bool immutable_ref(const std::string& ref) {
    constexpr std::string_view prefix = "refs/changes/";
    if (!ref.starts_with(prefix)) {
        return false;
    }
    int parts = 0;
    size_t pos = prefix.size();
    while (pos <= ref.size()) {
        const auto slash = std::min(ref.find('/', pos), ref.size());
        const auto part = std::string_view(ref).substr(pos, slash - pos);
        if (part.empty() || part.find_first_not_of("0123456789") != std::string_view::npos) {
            return false;
        }
        ++parts;
        pos = slash + 1;
    }
    return parts == 3;
}

rules::Result<std::vector<Refspec>> parse_refspecs(const std::vector<std::string>& refs) {
    if (refs.empty()) {
        return rules::Error{rules::ErrorKind::bad_input, "no refs to fetch"};
    }
    std::vector<Refspec> out;
    for (const auto& ref : refs) {
        std::string spec = ref;
        if (ref.find(':') == std::string::npos) {
            const std::string name = ref.starts_with("refs/") ? ref : "refs/heads/" + ref;
            spec = "+" + name + ":" + name;
        }
        git_refspec* raw = nullptr;
        if (git_refspec_parse(&raw, spec.c_str(), 1) != 0) {
            return git_failure(rules::ErrorKind::bad_input, "malformed ref or refspec '" + ref + "'");
        }
        RefspecHandle parsed(raw);
        Refspec item{spec, git_refspec_src(parsed.get()), git_refspec_dst(parsed.get()), false};
        item.exact =
            item.src.find('*') == std::string::npos && item.src.starts_with("refs/") && !item.dst.empty();
        if (item.dst.empty()) {
            return rules::Error{
                rules::ErrorKind::bad_input, "refspec '" + ref + "' stores nothing: name a destination"};
        }
        out.push_back(std::move(item));
    }
    return out;
}

std::string join_sources(const std::vector<Refspec>& refspecs) {
    std::string out;
    for (const auto& refspec : refspecs) {
        out += (out.empty() ? "" : ", ") + refspec.src;
    }
    return out;
}

// ---- locking ----------------------------------------------------------------------

std::mutex& thread_lock_for(const std::string& path) {
    static std::mutex map_mutex;
    static std::map<std::string, std::unique_ptr<std::mutex>> locks;
    const std::lock_guard guard(map_mutex);
    auto& slot = locks[path];
    if (!slot) {
        slot = std::make_unique<std::mutex>();
    }
    return *slot;
}

// Holds a mirror against every other fetch: threads of this process by a mutex, other
// processes by flock on <mirror>.lock (released by the kernel if the process dies).
class MirrorLock {
public:
    static rules::Result<MirrorLock> acquire(const std::string& mirror) {
        std::unique_lock thread_lock(thread_lock_for(mirror));
        const std::string lock_path = mirror + ".lock";
        const int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd < 0) {
            const int error = errno;
            return rules::Error{error == ENOSPC ? rules::ErrorKind::transient : rules::ErrorKind::permanent,
                "cannot open the lock " + lock_path + ": " + std::strerror(error)};
        }
        while (::flock(fd, LOCK_EX) != 0) {
            if (errno != EINTR) {
                const int error = errno;
                ::close(fd);
                return rules::Error{
                    rules::ErrorKind::transient, "cannot lock " + lock_path + ": " + std::strerror(error)};
            }
        }
        return MirrorLock(std::move(thread_lock), fd);
    }
    MirrorLock(MirrorLock&& other) noexcept
        : m_thread_lock(std::move(other.m_thread_lock)), m_fd(std::exchange(other.m_fd, -1)) {}
    MirrorLock& operator=(MirrorLock&&) = delete;
    MirrorLock(const MirrorLock&) = delete;
    MirrorLock& operator=(const MirrorLock&) = delete;
    ~MirrorLock() {
        if (m_fd >= 0) {
            ::close(m_fd);  // releases the flock before the mutex
        }
    }

private:
    MirrorLock(std::unique_lock<std::mutex> thread_lock, int fd)
        : m_thread_lock(std::move(thread_lock)), m_fd(fd) {}
    std::unique_lock<std::mutex> m_thread_lock;
    int m_fd;
};

// ---- the directory ------------------------------------------------------------------

std::string temporary_path(const std::string& mirror, const char* what) {
    static std::atomic<unsigned> counter{0};
    return mirror + ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++) + what;
}

void log_line(const FetchOptions& options, const std::string& line) {
    if (options.log) {
        options.log(line);
    }
}

// Removes what fetches that died left behind: <mirror>.tmp-*. Only called with the
// lock held, so none of them belongs to a live fetch.
void remove_stale_temporaries(const std::string& mirror, const FetchOptions& options) {
    const fs::path path(mirror);
    const std::string prefix = path.filename().string() + ".tmp-";
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(path.parent_path(), error)) {
        if (entry.path().filename().string().starts_with(prefix)) {
            std::error_code ignored;
            fs::remove_all(entry.path(), ignored);
            log_line(options, "mirror cache: removed the leftover " + entry.path().string());
        }
    }
}

// Moves a damaged mirror out of the way (atomically), then deletes it.
rules::Result<bool> discard_mirror(const std::string& mirror) {
    const std::string aside = temporary_path(mirror, "-broken");
    std::error_code error;
    fs::rename(mirror, aside, error);
    if (error) {
        return rules::Error{rules::ErrorKind::permanent,
            "cannot move the broken mirror " + mirror + " aside: " + error.message()};
    }
    fs::remove_all(aside, error);
    return true;
}

bool disk_full(const std::string& message) {
    return message.find(std::strerror(ENOSPC)) != std::string::npos;
}

// ---- one try ----------------------------------------------------------------------

// A failure of one try; CORRUPT says the mirror is damaged and may be created again.
struct TryFailure {
    rules::Error error;
    bool corrupt = false;
};

template <typename T>
struct TryResult {
    std::optional<T> value;
    TryFailure failure;
    bool ok() const { return value.has_value(); }
};

// What the libgit2 callbacks of one fetch share.
struct Transfer {
    const RemoteAuth* auth = nullptr;
    const FetchOptions* options = nullptr;
    std::optional<Clock::time_point> deadline;
    bool timed_out = false;
    bool auth_refused = false;
    std::string auth_reason;
    int userpass_attempts = 0;
    int ssh_attempts = 0;
    bool tty = false;
    bool printed = false;
    Clock::time_point last_print{};
};

int refuse_credentials(Transfer& transfer, const std::string& reason) {
    transfer.auth_refused = true;
    transfer.auth_reason = reason;
    git_error_set_str(GIT_ERROR_NET, reason.c_str());
    return GIT_EAUTH;
}

// libgit2 asks again after the server refused what it got: one try per kind, then stop.
int credentials_callback(git_credential** out, const char* /*url*/, const char* username_from_url,
    unsigned int allowed, void* payload) {
    auto& transfer = *static_cast<Transfer*>(payload);
    const RemoteAuth& auth = *transfer.auth;
    const std::string user = username_from_url != nullptr && *username_from_url != '\0' ? username_from_url
                             : !auth.username.empty()                                   ? auth.username
                                                                                        : "git";
    if ((allowed & GIT_CREDENTIAL_SSH_KEY) != 0) {
        if (++transfer.ssh_attempts > 1) {
            return refuse_credentials(transfer, "the server refused the SSH key of user " + user);
        }
        if (auth.ssh_key_path.empty()) {
            return git_credential_ssh_key_from_agent(out, user.c_str());
        }
        const std::string public_key = auth.ssh_key_path + ".pub";
        std::error_code ignored;
        const bool has_public = fs::exists(public_key, ignored);
        return git_credential_ssh_key_new(out, user.c_str(), has_public ? public_key.c_str() : nullptr,
            auth.ssh_key_path.c_str(),
            auth.ssh_key_passphrase.empty() ? nullptr : auth.ssh_key_passphrase.c_str());
    }
    if ((allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT) != 0) {
        if (auth.username.empty() && auth.password.empty()) {
            return refuse_credentials(transfer, "the server asks for credentials and none are configured");
        }
        if (++transfer.userpass_attempts > 1) {
            return refuse_credentials(
                transfer, "the server refused the credentials of user " + auth.username);
        }
        return git_credential_userpass_plaintext_new(out, auth.username.c_str(), auth.password.c_str());
    }
    if ((allowed & GIT_CREDENTIAL_USERNAME) != 0) {
        return git_credential_username_new(out, user.c_str());
    }
    return refuse_credentials(transfer, "the server asks for a kind of credentials claimcheck does not have");
}

bool past_deadline(Transfer& transfer) {
    if (transfer.deadline && Clock::now() > *transfer.deadline) {
        transfer.timed_out = true;
        return true;
    }
    return false;
}

int transfer_progress_callback(const git_indexer_progress* stats, void* payload) {
    auto& transfer = *static_cast<Transfer*>(payload);
    if (past_deadline(transfer)) {
        git_error_set_str(GIT_ERROR_NET, "transfer time-out");
        return -1;
    }
    const auto now = Clock::now();
    const bool done = stats->total_objects > 0 && stats->indexed_deltas == stats->total_deltas &&
                      stats->received_objects == stats->total_objects;
    if (transfer.tty && (done || now - transfer.last_print > std::chrono::milliseconds(200))) {
        transfer.last_print = now;
        transfer.printed = true;
        const unsigned total = std::max(stats->total_objects, 1U);
        if (stats->received_objects < stats->total_objects) {
            std::fprintf(stderr, "\rReceiving objects: %3u%% (%u/%u), %zu KiB",
                100 * stats->received_objects / total, stats->received_objects, stats->total_objects,
                stats->received_bytes / 1024);
        } else {
            const unsigned deltas = std::max(stats->total_deltas, 1U);
            std::fprintf(stderr, "\rResolving deltas: %3u%% (%u/%u)               ",
                100 * stats->indexed_deltas / deltas, stats->indexed_deltas, stats->total_deltas);
        }
    }
    return 0;
}

int sideband_callback(const char* /*text*/, int /*length*/, void* payload) {
    auto& transfer = *static_cast<Transfer*>(payload);
    if (past_deadline(transfer)) {
        git_error_set_str(GIT_ERROR_NET, "transfer time-out");
        return -1;
    }
    return 0;
}

// The failure of git_remote_fetch (RC) as a typed error; reads git_error_last() first.
TryFailure classify_fetch_failure(
    int rc, const Transfer& transfer, const NetworkLimits& limits, const std::string& what) {
    const git_error* last = git_error_last();
    const int klass = last != nullptr ? last->klass : GIT_ERROR_NONE;
    const std::string reason = last_git_error();
    const auto has = [&reason](const char* text) { return reason.find(text) != std::string::npos; };
    if (transfer.timed_out) {
        const int limit = transfer.options->transfer_timeout_ms;
        return {{rules::ErrorKind::transient, what + ": timed out after " + std::to_string(limit) + " ms"}};
    }
    if (limits.timed_out() || limits.unreachable()) {
        return {{rules::ErrorKind::transient, what + ": " + reason}};
    }
    if (disk_full(reason)) {
        return {{rules::ErrorKind::transient, what + ": disk full in the mirror cache: " + reason}};
    }
    if (transfer.auth_refused) {
        return {{rules::ErrorKind::auth, what + ": " + transfer.auth_reason}};
    }
    if (rc == GIT_EAUTH || has("status code: 401") || has("status code: 403") || has("authentication") ||
        has("Authentication")) {
        return {{rules::ErrorKind::auth, what + ": credentials refused: " + reason}};
    }
    if (rc == GIT_ECERTIFICATE) {
        return {{rules::ErrorKind::permanent, what + ": the server's certificate was rejected: " + reason}};
    }
    if (rc == GIT_ENOTFOUND || has("status code: 404") || has("not found") ||
        has("does not appear to be a git repository") || has("not exported")) {
        return {{rules::ErrorKind::not_found, what + ": no such repository or ref: " + reason}};
    }
    if (klass == GIT_ERROR_ODB || klass == GIT_ERROR_ZLIB || klass == GIT_ERROR_INDEXER || has("corrupt") ||
        has("truncated") || has("packfile") || has("bad pack") || has("invalid object")) {
        return {{rules::ErrorKind::permanent, what + ": corrupt repository data: " + reason}, true};
    }
    return {{rules::ErrorKind::transient, what + ": " + reason}};
}

// Fetches REFSPECS into REPO and checks that each exact source was advertised.
TryResult<FetchResult> fetch_into(git_repository* repo, const RemoteUrl& url,
    const std::vector<Refspec>& refspecs, const RemoteAuth& auth, const FetchOptions& options) {
    const std::string remote_name = redact_url(url.without_secrets());
    const std::string what = "fetch of " + join_sources(refspecs) + " from " + remote_name;
    git_remote* raw_remote = nullptr;
    // Anonymous: nothing about the remote is written into the mirror's config. No
    // url.*.insteadOf rewriting either (libgit2 1.5 also leaks memory doing it).
    git_remote_create_options create_options;
    git_remote_create_options_init(&create_options, GIT_REMOTE_CREATE_OPTIONS_VERSION);
    create_options.repository = repo;
    create_options.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF | GIT_REMOTE_CREATE_SKIP_DEFAULT_FETCHSPEC;
    if (git_remote_create_with_opts(&raw_remote, url.without_secrets().c_str(), &create_options) != 0) {
        return {std::nullopt, {git_failure(rules::ErrorKind::bad_input, what)}};
    }
    RemoteHandle remote(raw_remote);

    Transfer transfer;
    transfer.auth = &auth;
    transfer.options = &options;
    if (options.transfer_timeout_ms > 0) {
        transfer.deadline = Clock::now() + std::chrono::milliseconds(options.transfer_timeout_ms);
    }
    transfer.tty = options.progress_on_tty && ::isatty(STDERR_FILENO) == 1;

    git_fetch_options fetch_options;
    git_fetch_options_init(&fetch_options, GIT_FETCH_OPTIONS_VERSION);
    fetch_options.callbacks.credentials = credentials_callback;
    fetch_options.callbacks.transfer_progress = transfer_progress_callback;
    fetch_options.callbacks.sideband_progress = sideband_callback;
    fetch_options.callbacks.payload = &transfer;
    fetch_options.prune = GIT_FETCH_NO_PRUNE;
    fetch_options.update_fetchhead = 0;
    fetch_options.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;

    std::vector<char*> specs;
    specs.reserve(refspecs.size());
    for (const auto& refspec : refspecs) {
        specs.push_back(const_cast<char*>(refspec.spec.c_str()));  // libgit2 only reads them
    }
    const git_strarray spec_array{specs.data(), specs.size()};
    const NetworkLimits limits(options.connect_timeout_ms, options.stall_timeout_ms, transfer.deadline);
    const int rc = git_remote_fetch(remote.get(), &spec_array, &fetch_options, nullptr);
    if (transfer.printed) {
        std::fputc('\n', stderr);
    }
    if (rc != 0) {
        return {std::nullopt, classify_fetch_failure(rc, transfer, limits, what)};
    }

    const git_remote_head** heads = nullptr;
    size_t head_count = 0;
    std::set<std::string> advertised;
    if (git_remote_ls(&heads, &head_count, remote.get()) == 0) {
        for (size_t i = 0; i < head_count; ++i) {
            advertised.insert(heads[i]->name);
        }
    }
    for (const auto& refspec : refspecs) {
        if (refspec.exact && !advertised.contains(refspec.src)) {
            return {std::nullopt,
                {{rules::ErrorKind::not_found, "ref " + refspec.src + " does not exist on " + remote_name}}};
        }
    }
    FetchResult result;
    result.network = true;
    if (const git_indexer_progress* stats = git_remote_stats(remote.get())) {
        result.received_objects = stats->received_objects;
        result.received_bytes = stats->received_bytes;
    }
    return {result, {}};
}

// Reads what a job reads first: each fetched commit, its tree, its first parent and
// that parent's tree. A failure here means the mirror is damaged.
std::optional<TryFailure> check_fetched(git_repository* repo, const std::vector<Refspec>& refspecs) {
    for (const auto& refspec : refspecs) {
        if (!refspec.exact) {
            continue;
        }
        // By hand, not git_revparse_single: libgit2 1.5 leaks a reference when that fails.
        git_oid target{};
        git_object* raw = nullptr;
        if (git_reference_name_to_id(&target, repo, refspec.dst.c_str()) != 0 ||
            git_object_lookup(&raw, repo, &target, GIT_OBJECT_ANY) != 0) {
            return TryFailure{git_failure(rules::ErrorKind::permanent, "cannot read " + refspec.dst), true};
        }
        ObjectHandle object(raw);
        git_object* raw_peeled = nullptr;
        if (git_object_peel(&raw_peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
            return TryFailure{git_failure(rules::ErrorKind::permanent, "cannot read " + refspec.dst), true};
        }
        ObjectHandle peeled(raw_peeled);
        git_commit* raw_commit = nullptr;
        if (git_commit_lookup(&raw_commit, repo, git_object_id(peeled.get())) != 0) {
            return TryFailure{git_failure(rules::ErrorKind::permanent, "cannot read " + refspec.dst), true};
        }
        CommitHandle commit(raw_commit);
        git_tree* raw_tree = nullptr;
        if (git_commit_tree(&raw_tree, commit.get()) != 0) {
            return TryFailure{
                git_failure(rules::ErrorKind::permanent, "cannot read the tree of " + refspec.dst), true};
        }
        TreeHandle tree(raw_tree);
        if (git_commit_parentcount(commit.get()) == 0) {
            continue;
        }
        git_commit* raw_parent = nullptr;
        git_tree* raw_parent_tree = nullptr;
        if (git_commit_parent(&raw_parent, commit.get(), 0) != 0) {
            return TryFailure{
                git_failure(rules::ErrorKind::permanent, "cannot read the parent of " + refspec.dst), true};
        }
        CommitHandle parent(raw_parent);
        if (git_commit_tree(&raw_parent_tree, parent.get()) != 0) {
            return TryFailure{
                git_failure(rules::ErrorKind::permanent, "cannot read the parent tree of " + refspec.dst),
                true};
        }
        TreeHandle parent_tree(raw_parent_tree);
    }
    return std::nullopt;
}

// True when every refspec names an immutable ref the mirror already has.
bool all_present(git_repository* repo, const std::vector<Refspec>& refspecs) {
    for (const auto& refspec : refspecs) {
        git_oid oid;
        if (!refspec.exact || refspec.src != refspec.dst || !immutable_ref(refspec.src) ||
            git_reference_name_to_id(&oid, repo, refspec.dst.c_str()) != 0) {
            return false;
        }
    }
    return true;
}

TryResult<FetchResult> fetch_and_check(git_repository* repo, const RemoteUrl& url,
    const std::vector<Refspec>& refspecs, const RemoteAuth& auth, const FetchOptions& options) {
    TryResult<FetchResult> fetched;
    if (all_present(repo, refspecs)) {
        fetched.value = FetchResult{};
    } else {
        fetched = fetch_into(repo, url, refspecs, auth, options);
        if (!fetched.ok()) {
            return fetched;
        }
    }
    if (auto damaged = check_fetched(repo, refspecs)) {
        return {std::nullopt, *damaged};
    }
    return fetched;
}

// Creates the mirror: init and fetch in a temporary directory, then rename into place.
TryResult<FetchResult> create_mirror(const std::string& mirror, const RemoteUrl& url,
    const std::vector<Refspec>& refspecs, const RemoteAuth& auth, const FetchOptions& options) {
    const std::string temporary = temporary_path(mirror, "");
    struct Cleanup {
        std::string path;
        ~Cleanup() {
            std::error_code ignored;
            fs::remove_all(path, ignored);
        }
    } cleanup{temporary};
    git_repository* raw = nullptr;
    if (git_repository_init(&raw, temporary.c_str(), 1) != 0) {
        const std::string reason = last_git_error();
        const auto kind = disk_full(reason) ? rules::ErrorKind::transient : rules::ErrorKind::permanent;
        return {std::nullopt, {{kind, "cannot create the mirror " + mirror + ": " + reason}}};
    }
    RepositoryHandle repo(raw);
    auto fetched = fetch_and_check(repo.get(), url, refspecs, auth, options);
    if (!fetched.ok()) {
        return fetched;
    }
    repo.reset();
    std::error_code error;
    fs::rename(temporary, mirror, error);
    if (error) {
        return {std::nullopt, {{rules::ErrorKind::transient,
                                  "cannot move the new mirror into " + mirror + ": " + error.message()}}};
    }
    return fetched;
}

TryResult<FetchResult> update_mirror(const std::string& mirror, const RemoteUrl& url,
    const std::vector<Refspec>& refspecs, const RemoteAuth& auth, const FetchOptions& options) {
    git_repository* raw = nullptr;
    if (git_repository_open_ext(
            &raw, mirror.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE, nullptr) != 0) {
        return {std::nullopt,
            {git_failure(rules::ErrorKind::permanent, "cannot open the mirror " + mirror), true}};
    }
    RepositoryHandle repo(raw);
    return fetch_and_check(repo.get(), url, refspecs, auth, options);
}

std::string short_hash(const std::string& text) {
    uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bits: stable across builds
    for (const unsigned char c : text) {
        hash = (hash ^ c) * 1099511628211ULL;
    }
    char buffer[17];
    std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(hash));
    return std::string(buffer, 12);
}

// "host-path" with every run of other characters than [A-Za-z0-9._] made one "-".
std::string sanitized_name(const std::string& normalized) {
    const auto separator = normalized.find("://");
    const std::string rest = separator == std::string::npos ? normalized : normalized.substr(separator + 3);
    std::string out;
    for (const char c : rest) {
        const bool plain = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_';
        if (plain) {
            out += c;
        } else if (!out.empty() && out.back() != '-') {
            out += '-';
        }
    }
    while (!out.empty() && (out.back() == '-' || out.back() == '.')) {
        out.pop_back();
    }
    while (!out.empty() && out.front() == '.') {
        out.erase(0, 1);
    }
    if (out.size() > 80) {
        out.resize(80);
    }
    return out.empty() ? "remote" : out;
}

}  // namespace

MirrorCache::MirrorCache(std::string cache_dir) : m_cache_dir(std::move(cache_dir)) {}

std::string MirrorCache::mirror_path(const std::string& url) const {
    const std::string normalized = normalize_url(url);
    return (fs::path(m_cache_dir) / (sanitized_name(normalized) + "-" + short_hash(normalized) + ".git"))
        .string();
}

rules::Result<FetchResult> MirrorCache::fetch(const std::string& url, const std::vector<std::string>& refs,
    const RemoteAuth& auth, const FetchOptions& options) {
    ensure_libgit2();
    install_tcp_stream();
    auto parsed_url = parse_remote_url(url);
    if (!parsed_url) {
        return parsed_url.error();
    }
    RemoteAuth effective_auth = auth;  // credentials in the URL count when none are configured
    if (effective_auth.username.empty() && effective_auth.password.empty() && !parsed_url->password.empty()) {
        effective_auth.username = parsed_url->user;
        effective_auth.password = parsed_url->password;
    }
    auto refspecs = parse_refspecs(refs);
    if (!refspecs) {
        return refspecs.error();
    }
    std::error_code error;
    fs::create_directories(m_cache_dir, error);
    if (error) {
        const auto kind = error.value() == ENOSPC ? rules::ErrorKind::transient : rules::ErrorKind::permanent;
        return rules::Error{kind, "cannot create the mirror cache " + m_cache_dir + ": " + error.message()};
    }
    const std::string mirror = mirror_path(url);
    auto lock = MirrorLock::acquire(mirror);
    if (!lock) {
        return lock.error();
    }
    remove_stale_temporaries(mirror, options);

    bool recreated = false;
    for (int attempt = 0;; ++attempt) {
        const bool exists = fs::exists(mirror, error);
        auto result = exists ? update_mirror(mirror, *parsed_url, *refspecs, effective_auth, options)
                             : create_mirror(mirror, *parsed_url, *refspecs, effective_auth, options);
        if (result.ok()) {
            result.value->path = mirror;
            result.value->recreated = recreated;
            return *result.value;
        }
        if (!result.failure.corrupt || attempt > 0) {
            return result.failure.error;
        }
        log_line(options, "mirror cache: " + mirror + " of " + redact_url(url) +
                              " is damaged; creating it again (" + result.failure.error.message + ")");
        if (exists) {
            if (auto discarded = discard_mirror(mirror); !discarded) {
                return discarded.error();
            }
        }
        recreated = true;
    }
}

rules::Result<std::string> change_base(
    const std::string& repo_path, const std::string& head, ChangeKind kind, const std::string& target) {
    ensure_libgit2();
    git_repository* raw = nullptr;
    if (int rc = git_repository_open_ext(&raw, repo_path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc != 0) {
        const auto error_kind =
            rc == GIT_ENOTFOUND ? rules::ErrorKind::not_found : rules::ErrorKind::permanent;
        return git_failure(error_kind, "no git repository at " + repo_path);
    }
    RepositoryHandle repo(raw);
    const auto commit_id = [&repo](const std::string& rev) -> rules::Result<git_oid> {
        git_object* object = nullptr;
        const std::string spec = rev + "^{commit}";
        if (git_revparse_single(&object, repo.get(), spec.c_str()) != 0) {
            return git_failure(rules::ErrorKind::not_found, "'" + rev + "' names no commit");
        }
        const ObjectHandle owned(object);
        return *git_object_id(owned.get());
    };
    auto head_id = commit_id(head);
    if (!head_id) {
        return head_id.error();
    }
    git_oid base{};
    if (kind == ChangeKind::gerrit) {
        git_commit* raw_commit = nullptr;
        if (git_commit_lookup(&raw_commit, repo.get(), &*head_id) != 0) {
            return git_failure(rules::ErrorKind::permanent, "cannot read " + head);
        }
        const CommitHandle commit(raw_commit);
        if (git_commit_parentcount(commit.get()) == 0) {
            return rules::Error{rules::ErrorKind::not_found, head + " has no parent"};
        }
        base = *git_commit_parent_id(commit.get(), 0);
    } else {
        if (target.empty()) {
            return rules::Error{rules::ErrorKind::bad_input, "a GitHub change needs its target branch"};
        }
        auto target_id = commit_id(target);
        if (!target_id) {
            return target_id.error();
        }
        if (int rc = git_merge_base(&base, repo.get(), &*head_id, &*target_id); rc != 0) {
            const auto error_kind =
                rc == GIT_ENOTFOUND ? rules::ErrorKind::not_found : rules::ErrorKind::permanent;
            return git_failure(error_kind, "no merge base of " + head + " and " + target);
        }
    }
    char hex[GIT_OID_HEXSZ + 1] = {};
    git_oid_tostr(hex, sizeof(hex), &base);
    return std::string(hex);
}

}  // namespace vcs
