// vcs::MirrorCache: URL helpers without a network, then fetches from real servers on
// loopback that each test starts itself (tests/integration/mirror/serve.sh: lighttpd
// with git http-backend, and git daemon). A test whose server cannot start is skipped
// with a warning. The hidden "[.bench]" test is driven by scripts/bench-mirror.sh.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "vcs/git.h"
#include "vcs/mirror.h"

namespace {

namespace fs = std::filesystem;

std::string quote(const std::string& text) {
    std::string out = "'";
    for (const char c : text) {
        out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return out + "'";
}

// Runs a shell command and returns its stdout with the trailing newline removed.
std::string capture(const std::string& command) {
    std::string out;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    char buffer[4096];
    size_t n = 0;
    while ((n = std::fread(buffer, 1, sizeof(buffer), pipe)) > 0) {
        out.append(buffer, n);
    }
    REQUIRE(::pclose(pipe) == 0);
    while (!out.empty() && out.back() == '\n') {
        out.pop_back();
    }
    return out;
}

void run(const std::string& command) {
    INFO(command);
    REQUIRE(std::system(command.c_str()) == 0);
}

class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "claimcheck-mirror-XXXXXX").string();
        REQUIRE(::mkdtemp(pattern.data()) != nullptr);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        fs::remove_all(m_path, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// An upstream project, built with the git CLI: a bare repository ROOT/proj.git, with a
// work tree to make commits in and push any ref from.
class Upstream {
public:
    explicit Upstream(const fs::path& root) : m_root(root / "repos"), m_work(root / "work") {
        fs::create_directories(m_root);
        run("git init -q --bare " + quote(bare()));
        git("init -q -b main " + quote(m_work.string()), false);
    }
    std::string bare() const { return (m_root / "proj.git").string(); }
    const fs::path& root() const { return m_root; }

    void git(const std::string& args, bool in_work = true) const {
        const std::string where = in_work ? " -C " + quote(m_work.string()) : "";
        run("git" + where + " -c user.name=test -c user.email=test@example.invalid -c commit.gpgsign=false " +
            args + " >/dev/null 2>&1");
    }
    // Commits FILE with CONTENT on whatever is checked out and returns the commit id.
    std::string commit(const std::string& file, const std::string& content) {
        std::ofstream(m_work / file) << content;
        git("add " + quote(file));
        git("commit -q -m " + quote("change " + file));
        return head();
    }
    std::string head() const { return capture("git -C " + quote(m_work.string()) + " rev-parse HEAD"); }
    void push(const std::string& rev, const std::string& ref) {
        git("push -q -f " + quote(bare()) + " " + quote(rev + ":" + ref));
    }

private:
    fs::path m_root;
    fs::path m_work;
};

// A server started by serve.sh; stopped when this goes away.
class Server {
public:
    Server(const std::string& kind, const fs::path& root, const fs::path& work) {
        const std::string script = std::string(CLAIMCHECK_SOURCE_DIR) + "/tests/integration/mirror/serve.sh";
        FILE* pipe = ::popen(
            ("bash " + quote(script) + " " + kind + " " + quote(root.string()) + " " + quote(work.string()))
                .c_str(),
            "r");
        REQUIRE(pipe != nullptr);
        char line[128] = {};
        const bool read = std::fgets(line, sizeof(line), pipe) != nullptr;
        const int status = ::pclose(pipe);
        if (read && std::sscanf(line, "%d %d", &m_port, &m_pid) == 2) {
            return;
        }
        m_port = 0;
        m_pid = 0;
        INFO("serve.sh " << kind << " exited with " << status);
        REQUIRE(WIFEXITED(status));
        REQUIRE(WEXITSTATUS(status) == 77);  // the server program is missing
    }
    ~Server() {
        if (m_pid > 0) {
            ::kill(m_pid, SIGTERM);
        }
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    bool up() const { return m_port > 0; }
    int port() const { return m_port; }

private:
    int m_port = 0;
    int m_pid = 0;
};

// The usual scene: an upstream with main (three commits) and change 1 patch set 1, a
// lighttpd serving it, a cache directory.
struct Scene {
    TempDir dir;
    Upstream upstream{dir.path()};
    std::string main_id;
    std::string ps1_id;
    std::string ps1_parent;
    Server http{"http", upstream.root(), dir.path() / "http"};
    std::string cache = (dir.path() / "cache").string();

    Scene() {
        upstream.commit("README", "hello\n");
        upstream.commit("a.py", "def f(a, b):\n    return a + b\n");
        main_id = upstream.commit("b.py", "import a\n");
        upstream.push("HEAD", "refs/heads/main");
        ps1_parent = main_id;
        ps1_id = upstream.commit("a.py", "def f(a, b, c):\n    return a + b + c\n");
        upstream.push("HEAD", "refs/changes/01/1/1");
    }
    std::string url(const std::string& area = "git") const {
        return "http://127.0.0.1:" + std::to_string(http.port()) + "/" + area + "/proj.git";
    }
};

#define SKIP_UNLESS_UP(server)                                                \
    if (!(server).up()) {                                                     \
        WARN("lighttpd or git daemon is not available: integration skipped"); \
        return;                                                               \
    }

std::string resolve(const std::string& mirror, const std::string& rev) {
    auto repo = vcs::Repository::open(mirror);
    REQUIRE(repo.ok());
    return repo->resolve(rev).value_or("");
}

bool has_temporaries(const std::string& cache) {
    for (const auto& entry : fs::directory_iterator(cache)) {
        if (entry.path().filename().string().find(".tmp-") != std::string::npos) {
            return true;
        }
    }
    return false;
}

std::vector<fs::path> files_under(const fs::path& dir, const std::string& suffix) {
    std::vector<fs::path> out;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        if (entry.is_regular_file() && entry.path().string().ends_with(suffix)) {
            out.push_back(entry.path());
        }
    }
    return out;
}

}  // namespace

TEST_CASE("gerrit and github ref names", "[vcs][mirror]") {
    CHECK(vcs::gerrit_change_ref(12345, 1) == "refs/changes/45/12345/1");
    CHECK(vcs::gerrit_change_ref(1, 2) == "refs/changes/01/1/2");
    CHECK(vcs::gerrit_change_ref(100, 7) == "refs/changes/00/100/7");
    CHECK(vcs::github_pull_ref(7) == "refs/pull/7/head");
}

TEST_CASE("remote URLs are parsed and normalised and redacted", "[vcs][mirror]") {
    auto url = vcs::parse_remote_url("https://bot:tok3n@Review.OpenDev.org:8443/openstack/nova");
    REQUIRE(url.ok());
    CHECK(url->scheme == "https");
    CHECK(url->user == "bot");
    CHECK(url->password == "tok3n");
    CHECK(url->host == "review.opendev.org");
    CHECK(url->port == 8443);
    CHECK(url->path == "/openstack/nova");
    CHECK(url->without_secrets() == "https://review.opendev.org:8443/openstack/nova");

    auto scp = vcs::parse_remote_url("git@github.com:org/repo.git");
    REQUIRE(scp.ok());
    CHECK(scp->scheme == "ssh");
    CHECK(scp->user == "git");
    CHECK(scp->without_secrets() == "git@github.com:org/repo.git");
    CHECK(vcs::parse_remote_url("/srv/git/proj.git")->scheme == "file");
    CHECK(vcs::parse_remote_url("git://127.0.0.1:9418/proj")->effective_port() == 9418);

    CHECK(
        vcs::normalize_url("https://user:pw@GitHub.com:443/org/repo.git/") == "https://github.com/org/repo");
    CHECK(vcs::normalize_url("https://github.com/org/repo") == "https://github.com/org/repo");
    CHECK(vcs::normalize_url("git@github.com:org/repo.git") == "ssh://github.com/org/repo");

    CHECK(vcs::redact_url("https://bot:tok3n@host/x?access_token=abc&b=1") ==
          "https://***@host/x?access_token=***&b=1");
    CHECK(vcs::redact_url("https://host/x") == "https://host/x");

    CHECK(vcs::parse_remote_url("").error().kind == rules::ErrorKind::bad_input);
    CHECK(vcs::parse_remote_url("ftp://host/x").error().kind == rules::ErrorKind::bad_input);
    CHECK(vcs::parse_remote_url("https://host:99999/x").error().kind == rules::ErrorKind::bad_input);
}

TEST_CASE("one mirror per remote whatever the spelling", "[vcs][mirror]") {
    const vcs::MirrorCache cache("/cache");
    const auto path = cache.mirror_path("https://review.opendev.org/openstack/nova");
    CHECK(path.starts_with("/cache/review.opendev.org-openstack-nova-"));
    CHECK(path.ends_with(".git"));
    CHECK(cache.mirror_path("https://bot:pw@review.opendev.org/openstack/nova.git") == path);
    CHECK(cache.mirror_path("https://review.opendev.org/openstack/neutron") != path);
    CHECK(path.find("pw") == std::string::npos);
}

TEST_CASE("refs and refspecs that are not", "[vcs][mirror]") {
    TempDir dir;
    vcs::MirrorCache cache((dir.path() / "cache").string());
    auto none = cache.fetch("/nonexistent/repo.git", {});
    REQUIRE_FALSE(none.ok());
    CHECK(none.error().kind == rules::ErrorKind::bad_input);
    auto bad = cache.fetch("/nonexistent/repo.git", {"+refs/heads/a b:refs/x"});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().kind == rules::ErrorKind::bad_input);
}

TEST_CASE("first fetch of a Gerrit change ref over smart HTTP", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    vcs::MirrorCache cache(scene.cache);
    const auto ref = vcs::gerrit_change_ref(1, 1);
    auto fetched = cache.fetch(scene.url(), {ref});
    INFO((fetched.ok() ? "" : fetched.error().message));
    REQUIRE(fetched.ok());
    CHECK(fetched->network);
    CHECK(fetched->received_objects > 0);
    CHECK(fetched->path == cache.mirror_path(scene.url()));
    CHECK(resolve(fetched->path, ref) == scene.ps1_id);
    CHECK(resolve(fetched->path, "refs/heads/main").empty());  // only what was asked for

    auto base = vcs::change_base(fetched->path, ref, vcs::ChangeKind::gerrit);
    REQUIRE(base.ok());
    CHECK(*base == scene.ps1_parent);

    // No remote, no URL in the mirror's config; no temporaries left.
    std::ifstream config(fs::path(fetched->path) / "config");
    const std::string text{std::istreambuf_iterator<char>(config), {}};
    CHECK(text.find("remote") == std::string::npos);
    CHECK(text.find("127.0.0.1") == std::string::npos);
    CHECK_FALSE(has_temporaries(scene.cache));
}

TEST_CASE("a new patch set is fetched incrementally", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    vcs::MirrorCache cache(scene.cache);
    auto first = cache.fetch(scene.url(), {"refs/changes/01/1/1", "main"});
    REQUIRE(first.ok());
    const size_t first_objects = first->received_objects;

    const auto ps2 = scene.upstream.commit("c.py", "print('patch set 2')\n");
    scene.upstream.push("HEAD", "refs/changes/01/1/2");
    auto second = cache.fetch(scene.url(), {vcs::gerrit_change_ref(1, 2)});
    INFO((second.ok() ? "" : second.error().message));
    REQUIRE(second.ok());
    CHECK(second->network);
    // One commit, one tree, one blob: nothing that the mirror had already.
    CHECK(second->received_objects == 3);
    CHECK(second->received_objects < first_objects);
    CHECK(resolve(second->path, "refs/changes/01/1/2") == ps2);
    CHECK(resolve(second->path, "refs/changes/01/1/1") == scene.ps1_id);

    // A patch set never changes: asking again needs no network.
    auto again = cache.fetch(scene.url(), {"refs/changes/01/1/2"});
    REQUIRE(again.ok());
    CHECK_FALSE(again->network);
}

TEST_CASE("a wrong password is an auth error and leaves the mirror intact", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    vcs::MirrorCache cache(scene.cache);
    const vcs::RemoteAuth good{"alice", "s3cret", {}, {}};
    const vcs::RemoteAuth wrong{"alice", "hunter2", {}, {}};

    // Refused on first use: no mirror is left behind.
    auto refused_first = cache.fetch(scene.url("auth"), {"refs/changes/01/1/1"}, wrong);
    REQUIRE_FALSE(refused_first.ok());
    CHECK(refused_first.error().kind == rules::ErrorKind::auth);
    CHECK_FALSE(fs::exists(cache.mirror_path(scene.url("auth"))));
    CHECK_FALSE(has_temporaries(scene.cache));

    auto ok = cache.fetch(scene.url("auth"), {"refs/changes/01/1/1"}, good);
    INFO((ok.ok() ? "" : ok.error().message));
    REQUIRE(ok.ok());

    scene.upstream.commit("c.py", "x = 2\n");
    scene.upstream.push("HEAD", "refs/changes/01/1/2");
    auto refused = cache.fetch(scene.url("auth"), {"refs/changes/01/1/2"}, wrong);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == rules::ErrorKind::auth);
    CHECK(refused.error().message.find("refs/changes/01/1/2") != std::string::npos);
    CHECK(refused.error().message.find("/auth/proj.git") != std::string::npos);
    CHECK(refused.error().message.find("hunter2") == std::string::npos);
    CHECK(resolve(ok->path, "refs/changes/01/1/1") == scene.ps1_id);

    // No credentials at all: also auth. Credentials in the URL are used, never shown.
    auto anonymous = cache.fetch(scene.url("auth"), {"refs/changes/01/1/2"});
    REQUIRE_FALSE(anonymous.ok());
    CHECK(anonymous.error().kind == rules::ErrorKind::auth);
    const std::string with_userinfo =
        "http://alice:hunter2@127.0.0.1:" + std::to_string(scene.http.port()) + "/auth/proj.git";
    auto in_url = cache.fetch(with_userinfo, {"refs/changes/01/1/2"});
    REQUIRE_FALSE(in_url.ok());
    CHECK(in_url.error().message.find("hunter2") == std::string::npos);

    auto after = cache.fetch(scene.url("auth"), {"refs/changes/01/1/2"}, good);
    INFO((after.ok() ? "" : after.error().message));
    REQUIRE(after.ok());
    CHECK(after->path == ok->path);
    CHECK_FALSE(resolve(after->path, "refs/changes/01/1/2").empty());
}

TEST_CASE("a missing ref is not_found and names the ref", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    vcs::MirrorCache cache(scene.cache);
    auto missing_first = cache.fetch(scene.url(), {"refs/changes/99/99/1"});
    REQUIRE_FALSE(missing_first.ok());
    CHECK(missing_first.error().kind == rules::ErrorKind::not_found);
    CHECK(missing_first.error().message.find("refs/changes/99/99/1") != std::string::npos);
    CHECK_FALSE(fs::exists(cache.mirror_path(scene.url())));

    REQUIRE(cache.fetch(scene.url(), {"refs/changes/01/1/1"}).ok());
    auto missing = cache.fetch(scene.url(), {"refs/changes/01/1/1", "refs/pull/5/head"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == rules::ErrorKind::not_found);
    CHECK(missing.error().message.find("refs/pull/5/head") != std::string::npos);
    CHECK(cache.fetch(scene.url(), {"main"}).ok());

    auto no_repo = cache.fetch(scene.url().replace(scene.url().find("proj"), 4, "nope"), {"main"});
    REQUIRE_FALSE(no_repo.ok());
    CHECK(no_repo.error().kind == rules::ErrorKind::not_found);
}

TEST_CASE("an unreachable host is transient and fails fast", "[vcs][mirror][integration]") {
    TempDir dir;
    vcs::MirrorCache cache((dir.path() / "cache").string());
    vcs::FetchOptions options;
    options.connect_timeout_ms = 2000;
    const auto start = std::chrono::steady_clock::now();
    // Port 1 on loopback: nothing listens there.
    auto refused = cache.fetch("http://127.0.0.1:1/git/proj.git", {"main"}, {}, options);
    REQUIRE_FALSE(refused.ok());
    CHECK(refused.error().kind == rules::ErrorKind::transient);
    CHECK(refused.error().message.find("refs/heads/main") != std::string::npos);
    CHECK(refused.error().message.find("127.0.0.1:1") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
    CHECK_FALSE(has_temporaries((dir.path() / "cache").string()));
}

TEST_CASE("a silent server is a transient time-out", "[vcs][mirror][integration]") {
    // A socket that listens and never answers: connections succeed, no byte comes back.
    const int listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    REQUIRE(listener >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    REQUIRE(::bind(listener, reinterpret_cast<sockaddr*>(&address), length) == 0);
    REQUIRE(::listen(listener, 8) == 0);
    REQUIRE(::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port)) + "/git/proj.git";

    TempDir dir;
    vcs::MirrorCache cache((dir.path() / "cache").string());
    vcs::FetchOptions options;
    options.stall_timeout_ms = 300;
    const auto start = std::chrono::steady_clock::now();
    auto silent = cache.fetch(url, {"refs/changes/01/1/1"}, {}, options);
    ::close(listener);
    REQUIRE_FALSE(silent.ok());
    CHECK(silent.error().kind == rules::ErrorKind::transient);
    CHECK(silent.error().message.find("timed out") != std::string::npos);
    CHECK(silent.error().message.find("refs/changes/01/1/1") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
    CHECK_FALSE(has_temporaries((dir.path() / "cache").string()));
}

TEST_CASE("two processes fetch the same mirror at once", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    scene.upstream.commit("c.py", "x = 2\n");
    scene.upstream.push("HEAD", "refs/changes/01/1/2");
    std::vector<pid_t> children;
    for (const char* ref : {"refs/changes/01/1/1", "refs/changes/01/1/2", "main"}) {
        const pid_t child = ::fork();
        REQUIRE(child >= 0);
        if (child == 0) {
            vcs::MirrorCache cache(scene.cache);
            auto fetched = cache.fetch(scene.url(), {ref, "refs/changes/01/1/1"});
            if (!fetched.ok()) {
                std::fprintf(stderr, "child: %s\n", fetched.error().message.c_str());
            }
            std::fflush(stderr);
            ::_exit(fetched.ok() ? 0 : 1);
        }
        children.push_back(child);
    }
    // And two threads of this process, alongside.
    std::vector<std::thread> threads;
    std::vector<int> thread_ok(2, 0);
    for (int i = 0; i < 2; ++i) {
        threads.emplace_back([&scene, &thread_ok, i] {
            vcs::MirrorCache cache(scene.cache);
            thread_ok[i] = cache.fetch(scene.url(), {"main", "refs/changes/01/1/2"}).ok() ? 1 : 0;
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    for (const pid_t child : children) {
        int status = 0;
        REQUIRE(::waitpid(child, &status, 0) == child);
        CHECK(WIFEXITED(status));
        CHECK(WEXITSTATUS(status) == 0);
    }
    CHECK(thread_ok == std::vector<int>{1, 1});
    const std::string mirror = vcs::MirrorCache(scene.cache).mirror_path(scene.url());
    CHECK(resolve(mirror, "refs/changes/01/1/1") == scene.ps1_id);
    CHECK(resolve(mirror, "refs/heads/main") == scene.main_id);
    CHECK(std::system(("git --git-dir=" + quote(mirror) + " fsck --strict >/dev/null 2>&1").c_str()) == 0);
    CHECK_FALSE(has_temporaries(scene.cache));
}

TEST_CASE("a corrupted mirror is created again with a log line", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    vcs::MirrorCache cache(scene.cache);
    auto first = cache.fetch(scene.url(), {"refs/changes/01/1/1"});
    REQUIRE(first.ok());
    std::vector<std::string> lines;
    vcs::FetchOptions options;
    options.log = [&lines](const std::string& line) { lines.push_back(line); };

    SECTION("a truncated pack") {
        const auto packs = files_under(first->path, ".pack");
        REQUIRE_FALSE(packs.empty());
        for (const auto& pack : packs) {
            fs::resize_file(pack, fs::file_size(pack) / 2);
        }
    }
    SECTION("garbage in the object store") {
        for (const auto& pack : files_under(first->path, ".pack")) {
            std::ofstream(pack, std::ios::binary | std::ios::trunc) << "PACK garbage, not a pack";
        }
    }
    SECTION("a repository that does not open") {
        fs::remove(fs::path(first->path) / "HEAD");
        fs::remove_all(fs::path(first->path) / "objects");
    }
    auto again = cache.fetch(scene.url(), {"refs/changes/01/1/1"}, {}, options);
    INFO((again.ok() ? "" : again.error().message));
    REQUIRE(again.ok());
    CHECK(again->recreated);
    CHECK(resolve(again->path, "refs/changes/01/1/1") == scene.ps1_id);
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("damaged") != std::string::npos);
    CHECK_FALSE(has_temporaries(scene.cache));
    auto later = cache.fetch(scene.url(), {"refs/changes/01/1/1"}, {}, options);
    REQUIRE(later.ok());
    CHECK_FALSE(later->recreated);
}

TEST_CASE("fetch over git:// from git daemon", "[vcs][mirror][integration]") {
    TempDir dir;
    Upstream upstream(dir.path());
    upstream.commit("README", "hello\n");
    const auto main_id = upstream.commit("a.py", "x = 1\n");
    upstream.push("HEAD", "refs/heads/main");
    const auto change = upstream.commit("a.py", "x = 2\n");
    upstream.push("HEAD", "refs/changes/45/12345/3");
    Server daemon("daemon", upstream.root(), dir.path() / "daemon");
    SKIP_UNLESS_UP(daemon);

    vcs::MirrorCache cache((dir.path() / "cache").string());
    const std::string url = "git://127.0.0.1:" + std::to_string(daemon.port()) + "/proj.git";
    auto fetched = cache.fetch(url, {vcs::gerrit_change_ref(12345, 3)});
    INFO((fetched.ok() ? "" : fetched.error().message));
    REQUIRE(fetched.ok());
    CHECK(resolve(fetched->path, "refs/changes/45/12345/3") == change);
    CHECK(*vcs::change_base(fetched->path, change, vcs::ChangeKind::gerrit) == main_id);

    auto missing = cache.fetch(url, {"refs/changes/45/12345/4"});
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().kind == rules::ErrorKind::not_found);
}

TEST_CASE("a GitHub pull request and its merge base with the base branch", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    // The pull request branches off main~1; main moves on after.
    scene.upstream.git("checkout -q -b feature HEAD~2");
    const auto fork_point = scene.upstream.head();
    scene.upstream.commit("feature.py", "def g():\n    pass\n");
    const auto pr_head = scene.upstream.commit("feature.py", "def g():\n    return 1\n");
    scene.upstream.push("HEAD", "refs/pull/7/head");

    vcs::MirrorCache cache(scene.cache);
    auto fetched = cache.fetch(scene.url(), {vcs::github_pull_ref(7), "+refs/heads/main:refs/heads/main"});
    INFO((fetched.ok() ? "" : fetched.error().message));
    REQUIRE(fetched.ok());
    CHECK(resolve(fetched->path, "refs/pull/7/head") == pr_head);
    auto base =
        vcs::change_base(fetched->path, "refs/pull/7/head", vcs::ChangeKind::github, "refs/heads/main");
    REQUIRE(base.ok());
    CHECK(*base == fork_point);
    CHECK(fork_point != scene.main_id);
    CHECK(vcs::change_base(fetched->path, "refs/pull/7/head", vcs::ChangeKind::github).error().kind ==
          rules::ErrorKind::bad_input);
    CHECK(vcs::change_base(fetched->path, "refs/pull/8/head", vcs::ChangeKind::github, "main").error().kind ==
          rules::ErrorKind::not_found);
}

TEST_CASE("a full disk is a transient error and leaves nothing behind", "[vcs][mirror][integration]") {
    Scene scene;
    SKIP_UNLESS_UP(scene.http);
    // A blob of random bytes bigger than the file system the cache lives on.
    run("head -c 3000000 /dev/urandom > " + quote((scene.dir.path() / "random.bin").string()));
    run("cp " + quote((scene.dir.path() / "random.bin").string()) + " " +
        quote((scene.dir.path() / "work" / "big.bin").string()));
    scene.upstream.git("add big.bin");
    scene.upstream.git("commit -q -m big");
    scene.upstream.push("HEAD", "refs/changes/01/1/2");

    fs::create_directories(scene.cache);
    if (::geteuid() != 0 || ::mount("tmpfs", scene.cache.c_str(), "tmpfs", 0, "size=1m") != 0) {
        WARN("cannot mount a small tmpfs (needs root): disk-full test skipped");
        return;
    }
    struct Unmount {
        std::string path;
        ~Unmount() { ::umount(path.c_str()); }
    } unmount{scene.cache};

    vcs::MirrorCache cache(scene.cache);
    auto full = cache.fetch(scene.url(), {"refs/changes/01/1/2"});
    REQUIRE_FALSE(full.ok());
    INFO(full.error().message);
    CHECK(full.error().kind == rules::ErrorKind::transient);
    CHECK(full.error().message.find("disk full") != std::string::npos);
    CHECK(full.error().message.find("refs/changes/01/1/2") != std::string::npos);
    CHECK_FALSE(fs::exists(cache.mirror_path(scene.url())));
    CHECK_FALSE(has_temporaries(scene.cache));

    REQUIRE(::mount("tmpfs", scene.cache.c_str(), "tmpfs", MS_REMOUNT, "size=32m") == 0);
    auto after = cache.fetch(scene.url(), {"refs/changes/01/1/2"});
    INFO((after.ok() ? "" : after.error().message));
    CHECK(after.ok());
}

// Driven by scripts/bench-mirror.sh: one fetch of MIRROR_BENCH_REF from MIRROR_BENCH_URL
// into the cache MIRROR_BENCH_CACHE, timed in-process too.
TEST_CASE("mirror fetch benchmark driver", "[.bench]") {
    const char* url = std::getenv("MIRROR_BENCH_URL");
    const char* cache_dir = std::getenv("MIRROR_BENCH_CACHE");
    const char* ref = std::getenv("MIRROR_BENCH_REF");
    if (url == nullptr || cache_dir == nullptr || ref == nullptr) {
        WARN("set MIRROR_BENCH_URL, MIRROR_BENCH_CACHE and MIRROR_BENCH_REF");
        return;
    }
    vcs::MirrorCache cache(cache_dir);
    const auto start = std::chrono::steady_clock::now();
    auto fetched = cache.fetch(url, {ref});
    const auto elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start);
    INFO((fetched.ok() ? "" : fetched.error().message));
    REQUIRE(fetched.ok());
    std::cout << "fetch " << ref << ": " << elapsed.count() << " ms, " << fetched->received_objects
              << " objects, " << fetched->received_bytes << " bytes\n";
}
