// The daemon's job logic against the tests' FileForge: replies posted exactly once
// across retries and a lost state store, the comments a job never answers, and webhook
// authentication.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bot/daemon.h"
#include "bot/forge_dryrun.h"
#include "bot/job.h"
#include "bot/reply.h"
#include "bot/webhook.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

class TempDir : public test_support::TempDir {
public:
    TempDir() : test_support::TempDir("claimcheck-daemon") {}
};

int lines_of(const std::string& path) {
    std::ifstream in(path);
    int count = 0;
    for (std::string line; std::getline(in, line);) {
        ++count;
    }
    return count;
}

// A FileForge over the bundled example: change 1 with a false claim, a true one, and
// the same false claim by the bot itself.
struct Fixture {
    TempDir dir;
    bot::Config config;
    std::unique_ptr<bot::StateStore> store;
    std::unique_ptr<bot::FileForge> forge;

    Fixture() {
        const auto script = std::string(CLAIMCHECK_SOURCE_DIR) + "/examples/make-example.sh";
        REQUIRE(std::system((script + " " + dir.file("") + " >/dev/null").c_str()) == 0);
        const nlohmann::json data = {{"changes",
            {{{"id", "1"}, {"patchset", "2"}, {"repo", "repo"}, {"head", "head"}, {"base", "base"},
                {"updated", 100},
                {"comments",
                    {{{"id", "wrong"}, {"author", "llm"}, {"body", "`parse_config` takes four arguments."}},
                        {{"id", "right"}, {"author", "llm"},
                            {"body", "`parse_config` takes three arguments."}},
                        {{"id", "own"}, {"author", "bot"},
                            {"body", "`parse_config` takes four arguments."}}}}}}}};
        std::ofstream(dir.file("forge.json")) << data.dump();
        bot::ForgeConfig forge_config;
        forge_config.name = "fake";
        forge_config.type = bot::ForgeType::file;
        forge_config.url = dir.file("forge.json");
        forge_config.replies_file = dir.file("replies.jsonl");
        forge_config.bot_account = "bot";
        config.forges.push_back(forge_config);
        open_store();
        forge = std::make_unique<bot::FileForge>(forge_config);
    }

    void open_store() {
        auto opened = bot::open_sqlite_store(dir.file("state.db"), 100, 3);
        REQUIRE(opened.ok());
        store = std::move(*opened);
    }

    bot::JobContext context(bot::Forge& f) { return {config, config.forges[0], f, *store, nullptr, false}; }
    bot::Job job() { return {1, "fake", "1", "2", "test", 0, ""}; }
};

// Fails every post_reply, as a forge that is down.
class DownForge final : public bot::Forge {
public:
    explicit DownForge(bot::Forge& inner) : m_inner(inner) {}
    const std::string& name() const override { return m_inner.name(); }
    rules::Result<std::vector<bot::ChangeInfo>> list_changes(std::int64_t since) override {
        return m_inner.list_changes(since);
    }
    rules::Result<bot::ChangeInfo> get_change(const std::string& change) override {
        return m_inner.get_change(change);
    }
    rules::Result<std::vector<bot::ForgeComment>> list_comments(const bot::ChangeInfo& change) override {
        return m_inner.list_comments(change);
    }
    rules::Result<std::string> post_reply(
        const bot::ChangeInfo&, const bot::ForgeComment&, const std::string&) override {
        return rules::Error{rules::ErrorKind::transient, "503 from the forge"};
    }
    rules::Result<bool> find_marker(const bot::ChangeInfo& change, const std::string& marker) override {
        return m_inner.find_marker(change, marker);
    }

private:
    bot::Forge& m_inner;
};

}  // namespace

TEST_CASE("a job replies to the false claim only, once", "[bot][daemon]") {
    Fixture f;
    const auto summary = bot::run_job(f.job(), f.context(*f.forge));
    INFO((summary ? "" : summary.error().message));
    REQUIRE(summary.ok());
    CHECK(summary->comments_checked == 2);  // not the bot's own
    CHECK(summary->replies_posted == 1);
    REQUIRE(lines_of(f.dir.file("replies.jsonl")) == 1);
    std::ifstream in(f.dir.file("replies.jsonl"));
    std::string line;
    std::getline(in, line);
    const auto reply = nlohmann::json::parse(line);
    CHECK(reply["comment"] == "wrong");
    CHECK(reply["body"].get<std::string>().find(bot::reply_marker("wrong")) != std::string::npos);
    CHECK(*f.store->is_posted(bot::reply_key("fake", "1", "2", "wrong")));

    // Again: the ledger says posted.
    const auto again = bot::run_job(f.job(), f.context(*f.forge));
    REQUIRE(again.ok());
    CHECK(again->replies_posted == 0);
    CHECK(again->replies_already_posted == 1);
    CHECK(lines_of(f.dir.file("replies.jsonl")) == 1);
}

TEST_CASE("a lost state store does not double-post: the marker is found on the forge", "[bot][daemon]") {
    Fixture f;
    REQUIRE(bot::run_job(f.job(), f.context(*f.forge)).ok());
    f.store.reset();
    fs::remove(f.dir.file("state.db"));
    f.open_store();
    const auto again = bot::run_job(f.job(), f.context(*f.forge));
    REQUIRE(again.ok());
    CHECK(again->replies_posted == 0);
    CHECK(lines_of(f.dir.file("replies.jsonl")) == 1);
    // ... and the ledger learns it.
    CHECK(*f.store->is_posted(bot::reply_key("fake", "1", "2", "wrong")));
}

TEST_CASE("a failed post is not recorded, and the retry posts once", "[bot][daemon]") {
    Fixture f;
    DownForge down(*f.forge);
    const auto failed = bot::run_job(f.job(), f.context(down));
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().kind == rules::ErrorKind::transient);
    CHECK_FALSE(*f.store->is_posted(bot::reply_key("fake", "1", "2", "wrong")));
    CHECK(lines_of(f.dir.file("replies.jsonl")) == 0);
    REQUIRE(bot::run_job(f.job(), f.context(*f.forge)).ok());
    REQUIRE(bot::run_job(f.job(), f.context(*f.forge)).ok());
    CHECK(lines_of(f.dir.file("replies.jsonl")) == 1);
}

TEST_CASE("a dry run prints, posts nothing and records nothing", "[bot][daemon]") {
    Fixture f;
    std::ostringstream out;
    bot::DryRunForge dry(std::make_unique<bot::FileForge>(f.config.forges[0]), out);
    auto context = f.context(dry);
    context.dry_run = true;
    REQUIRE(bot::run_job(f.job(), context).ok());
    CHECK(out.str().find("reply to comment wrong") != std::string::npos);
    CHECK(lines_of(f.dir.file("replies.jsonl")) == 0);
    CHECK_FALSE(*f.store->is_posted(bot::reply_key("fake", "1", "2", "wrong")));
}

TEST_CASE("a change the forge does not have is not_found", "[bot][daemon]") {
    Fixture f;
    auto job = f.job();
    job.change = "404";
    const auto result = bot::run_job(job, f.context(*f.forge));
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().kind == rules::ErrorKind::not_found);
}

TEST_CASE("webhook authentication", "[bot][daemon]") {
    bot::ForgeConfig gerrit;
    gerrit.type = bot::ForgeType::gerrit;
    gerrit.webhook_secret = "s3cret";
    CHECK(bot::authenticate_webhook(gerrit, {{"x-claimcheck-secret", "s3cret"}}, "", "{}"));
    CHECK(bot::authenticate_webhook(gerrit, {}, "s3cret", "{}"));
    CHECK_FALSE(bot::authenticate_webhook(gerrit, {{"x-claimcheck-secret", "wrong"}}, "", "{}"));
    CHECK_FALSE(bot::authenticate_webhook(gerrit, {}, "", "{}"));
    gerrit.webhook_secret.clear();
    CHECK_FALSE(bot::authenticate_webhook(gerrit, {}, "", "{}"));

    // GitHub's published test vector.
    bot::ForgeConfig github;
    github.type = bot::ForgeType::github;
    github.webhook_secret = "It's a Secret to Everybody";
    const auto signature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";
    CHECK(bot::hmac_sha256_hex(github.webhook_secret, "Hello, World!") == std::string(signature).substr(7));
    CHECK(bot::authenticate_webhook(github, {{"x-hub-signature-256", signature}}, "", "Hello, World!"));
    CHECK_FALSE(bot::authenticate_webhook(github, {{"x-hub-signature-256", signature}}, "", "Hello, World?"));
    CHECK_FALSE(bot::authenticate_webhook(github, {}, "It's a Secret to Everybody", "Hello, World!"));
}

TEST_CASE("what a failed job waits for depends on the error", "[bot][daemon]") {
    using rules::ErrorKind;
    CHECK(bot::retry_delay({ErrorKind::auth, "401"}, 1) == bot::k_park_now);
    CHECK(bot::retry_delay({ErrorKind::conflict, "409"}, 1) == bot::k_park_now);
    CHECK(bot::retry_delay({ErrorKind::bad_input, "422"}, 1) == bot::k_park_now);
    CHECK(bot::retry_delay({ErrorKind::transient, "503"}, 1) == bot::backoff_seconds(1));
    CHECK(bot::retry_delay({ErrorKind::transient, "503", 300}, 1) == 300);
    CHECK(bot::retry_delay({ErrorKind::rate_limited, "429", 5}, 1) == 60);
    CHECK(bot::retry_delay({ErrorKind::rate_limited, "429", 900}, 1) == 900);
    CHECK(bot::retry_delay({ErrorKind::rate_limited, "429"}, 8) == bot::backoff_seconds(8));
}
