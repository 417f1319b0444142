// The state store's contract, run against SQLite on a temporary file and, when
// CLAIMCHECK_TEST_POSTGRES_URL names a server (tests/integration/daemon_postgres.sh
// starts one), against PostgreSQL.
#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <thread>

#include "bot/state.h"
#include "temp_dir.h"

namespace {

namespace fs = std::filesystem;

class TempDir : public test_support::TempDir {
public:
    TempDir() : test_support::TempDir("claimcheck-state") {}
};

std::unique_ptr<bot::StateStore> must(rules::Result<std::unique_ptr<bot::StateStore>> store) {
    INFO((store ? "" : store.error().message));
    REQUIRE(store.ok());
    return std::move(*store);
}

bot::Job job(const std::string& change, const std::string& patchset) {
    return {0, "gerrit", change, patchset, "test", 0, ""};
}

std::optional<bot::Job> claim(bot::StateStore& store, int lease = 60) {
    auto claimed = store.claim_next("w1", lease);
    REQUIRE(claimed.ok());
    return *claimed;
}

// The contract; STORE is empty.
void check_queue(bot::StateStore& store) {
    CHECK(*store.enqueue(job("1", "1")) == bot::EnqueueStatus::queued);
    CHECK(*store.enqueue(job("2", "1")) == bot::EnqueueStatus::queued);
    // A newer patch set replaces the waiting one; an older one does not go back.
    CHECK(*store.enqueue(job("1", "3")) == bot::EnqueueStatus::coalesced);
    CHECK(*store.enqueue(job("1", "2")) == bot::EnqueueStatus::coalesced);
    CHECK(store.counts()->queued == 2);

    auto first = claim(store);
    REQUIRE(first);
    CHECK(first->change == "1");
    CHECK(first->patchset == "3");
    // While change 1 runs, a new event for it waits, and is not claimable.
    CHECK(*store.enqueue(job("1", "4")) == bot::EnqueueStatus::queued);
    auto second = claim(store);
    REQUIRE(second);
    CHECK(second->change == "2");
    CHECK_FALSE(claim(store).has_value());
    CHECK(*store.complete(first->id));
    auto third = claim(store);
    REQUIRE(third);
    CHECK(third->change == "1");
    CHECK(third->patchset == "4");
    CHECK(*store.complete(second->id));
    CHECK(*store.complete(third->id));
    CHECK_FALSE(claim(store).has_value());
    const auto counts = *store.counts();
    CHECK(counts.queued + counts.running + counts.failed == 0);
}

void check_failures(bot::StateStore& store) {
    REQUIRE(store.enqueue(job("7", "1")).ok());
    auto claimed = claim(store);
    REQUIRE(claimed);
    // A back-off in the future: waiting, not claimable.
    CHECK(*store.fail(claimed->id, "boom", 3600) == bot::FailStatus::retrying);
    CHECK_FALSE(claim(store).has_value());
    CHECK(store.counts()->queued == 1);

    REQUIRE(store.enqueue(job("8", "1")).ok());
    for (int attempt = 1; attempt <= 2; ++attempt) {
        claimed = claim(store);
        REQUIRE(claimed);
        CHECK(claimed->change == "8");
        CHECK(claimed->attempts == attempt - 1);
        CHECK(*store.fail(claimed->id, "boom", 0) == bot::FailStatus::retrying);
    }
    claimed = claim(store);
    REQUIRE(claimed);
    CHECK(claimed->last_error == "boom");
    // The third failure (max_attempts = 3) parks it.
    CHECK(*store.fail(claimed->id, "boom", 0) == bot::FailStatus::parked);
    CHECK_FALSE(claim(store).has_value());
    CHECK(store.counts()->failed == 1);

    // An error retrying cannot mend parks the job at its first failure.
    REQUIRE(store.enqueue(job("10", "1")).ok());
    claimed = claim(store);
    REQUIRE(claimed);
    CHECK(claimed->change == "10");
    CHECK(*store.fail(claimed->id, "HTTP 401", bot::k_park_now) == bot::FailStatus::parked);
    CHECK_FALSE(claim(store).has_value());
    CHECK(store.counts()->failed == 2);
}

void check_leases(bot::StateStore& store) {
    REQUIRE(store.enqueue(job("9", "1")).ok());
    auto claimed = claim(store, -1);  // a lease that has already run out
    REQUIRE(claimed);
    auto again = claim(store);
    REQUIRE(again);
    CHECK(again->change == "9");
    CHECK(again->attempts == 1);
    CHECK(*store.requeue(again->id));
    again = claim(store);
    REQUIRE(again);
    CHECK(again->attempts == 1);
    CHECK(*store.complete(again->id));
}

void check_bounded(bot::StateStore& store) {
    for (int i = 0; i < 3; ++i) {
        REQUIRE(store.enqueue(job("b" + std::to_string(i), "1")).ok());
    }
    const auto full = store.enqueue(job("b9", "1"));
    REQUIRE_FALSE(full.ok());
    CHECK(full.error().kind == rules::ErrorKind::rate_limited);
    // Coalescing into a waiting job still works when full.
    CHECK(*store.enqueue(job("b0", "2")) == bot::EnqueueStatus::coalesced);
}

void check_ledger(bot::StateStore& store) {
    const auto key = bot::reply_key("gerrit", "1", "2", "c1");
    CHECK(key == "gerrit|1|2|c1|1");
    CHECK_FALSE(*store.is_posted(key));
    CHECK(*store.reserve_reply(key));
    // Reserved but not posted: the caller goes on (and looks for the marker first).
    CHECK(*store.reserve_reply(key));
    CHECK(*store.mark_posted(key, "reply-1"));
    CHECK(*store.is_posted(key));
    CHECK_FALSE(*store.reserve_reply(key));

    CHECK_FALSE(store.get_cursor("poll:gerrit")->has_value());
    CHECK(*store.set_cursor("poll:gerrit", "100"));
    CHECK(*store.set_cursor("poll:gerrit", "200"));
    CHECK(store.get_cursor("poll:gerrit")->value_or("") == "200");

    CHECK_FALSE(*store.seen_delivery("d1"));
    CHECK(*store.seen_delivery("d1"));
    CHECK_FALSE(*store.seen_delivery("d2"));
    CHECK(*store.try_lead("sweep:gerrit"));
}

// Two threads claim jobs as fast as they can: no job is claimed twice.
void check_concurrent_claims(bot::StateStore& a, bot::StateStore& b) {
    constexpr int k_jobs = 60;
    for (int i = 0; i < k_jobs; ++i) {
        REQUIRE(a.enqueue(job("c" + std::to_string(i), "1")).ok());
    }
    std::mutex mutex;
    std::multiset<std::int64_t> claimed;
    std::atomic<int> errors = 0;
    const auto worker = [&](bot::StateStore& store, const std::string& name) {
        for (;;) {
            auto next = store.claim_next(name, 60);
            if (!next) {
                ++errors;
                continue;
            }
            if (!*next) {
                return;
            }
            {
                std::lock_guard lock(mutex);
                claimed.insert((*next)->id);
            }
            if (!store.complete((*next)->id)) {
                ++errors;
            }
        }
    };
    std::thread one(worker, std::ref(a), "a");
    std::thread two(worker, std::ref(b), "b");
    one.join();
    two.join();
    CHECK(claimed.size() == k_jobs);
    CHECK(std::set<std::int64_t>(claimed.begin(), claimed.end()).size() == k_jobs);
    CHECK(errors == 0);
}

}  // namespace

TEST_CASE("newer patch sets and back-off", "[bot][state]") {
    CHECK(bot::newer_patchset("2", "3") == "3");
    CHECK(bot::newer_patchset("3", "2") == "3");
    CHECK(bot::newer_patchset("10", "9") == "10");
    CHECK(bot::newer_patchset("abc", "def") == "def");
    CHECK(bot::newer_patchset("", "2") == "");
    CHECK(bot::backoff_seconds(1) == 30);
    CHECK(bot::backoff_seconds(2) == 60);
    CHECK(bot::backoff_seconds(100) == 3600);
}

TEST_CASE("sqlite: the queue coalesces per change and runs one job per change", "[bot][state]") {
    TempDir dir;
    auto store = must(bot::open_sqlite_store(dir.file("s.db"), 100, 3));
    check_queue(*store);
}

TEST_CASE("sqlite: failed jobs back off, then are parked", "[bot][state]") {
    TempDir dir;
    auto store = must(bot::open_sqlite_store(dir.file("s.db"), 100, 3));
    check_failures(*store);
}

TEST_CASE("sqlite: expired leases and requeued jobs are claimable again", "[bot][state]") {
    TempDir dir;
    auto store = must(bot::open_sqlite_store(dir.file("s.db"), 100, 3));
    check_leases(*store);
}

TEST_CASE("sqlite: the queue is bounded", "[bot][state]") {
    TempDir dir;
    auto store = must(bot::open_sqlite_store(dir.file("s.db"), 3, 3));
    check_bounded(*store);
}

TEST_CASE("sqlite: replies ledger, cursors, deliveries", "[bot][state]") {
    TempDir dir;
    auto store = must(bot::open_sqlite_store(dir.file("s.db"), 100, 3));
    check_ledger(*store);
}

TEST_CASE("sqlite: the queue survives a close, and running jobs are recovered", "[bot][state]") {
    TempDir dir;
    const auto path = dir.file("s.db");
    {
        auto store = must(bot::open_sqlite_store(path, 100, 3));
        REQUIRE(store->enqueue(job("1", "1")).ok());
        REQUIRE(store->enqueue(job("2", "1")).ok());
        REQUIRE(claim(*store).has_value());  // left running, as by a process killed mid-job
        REQUIRE(store->mark_posted(bot::reply_key("gerrit", "1", "1", "c1"), "r1").ok());
    }
    auto store = must(bot::open_sqlite_store(path, 100, 3));
    CHECK(store->counts()->queued == 1);
    CHECK(store->counts()->running == 1);
    CHECK(*store->recover() == 1);
    CHECK(store->counts()->queued == 2);
    CHECK(*store->is_posted(bot::reply_key("gerrit", "1", "1", "c1")));
}

TEST_CASE("sqlite: a database from a newer claimcheck is refused", "[bot][state]") {
    TempDir dir;
    const auto path = dir.file("s.db");
    must(bot::open_sqlite_store(path, 100, 3));
    must(bot::open_sqlite_store(path, 100, 3));  // reopening migrates nothing
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(path.c_str(), &db) == SQLITE_OK);
    REQUIRE(
        sqlite3_exec(db, "INSERT INTO schema_version VALUES (99)", nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(db);
    const auto newer = bot::open_sqlite_store(path, 100, 3);
    REQUIRE_FALSE(newer.ok());
    CHECK(newer.error().message.find("schema version 99") != std::string::npos);
    CHECK_FALSE(bot::open_sqlite_store(dir.file("missing-dir/x/s.db"), 100, 3).ok());
}

TEST_CASE("sqlite: two stores on one file never claim the same job", "[bot][state]") {
    TempDir dir;
    auto a = must(bot::open_sqlite_store(dir.file("s.db"), 1000, 3));
    auto b = must(bot::open_sqlite_store(dir.file("s.db"), 1000, 3));
    check_concurrent_claims(*a, *b);
}

TEST_CASE("postgres: the same contract on a real server", "[bot][state][postgres]") {
    const char* url = std::getenv("CLAIMCHECK_TEST_POSTGRES_URL");
    if (!url) {
        WARN("CLAIMCHECK_TEST_POSTGRES_URL is not set; run tests/integration/daemon_postgres.sh");
        return;
    }
    const auto fresh = [&](int max_queue) {
        auto store = must(bot::open_postgres_store(url, max_queue, 3));
        PGconn* conn = PQconnectdb(url);
        PGresult* result = PQexec(conn, "TRUNCATE jobs, replies, cursors, deliveries");
        CHECK(PQresultStatus(result) == PGRES_COMMAND_OK);
        PQclear(result);
        PQfinish(conn);
        return store;
    };
    SECTION("queue") { check_queue(*fresh(100)); }
    SECTION("failures") { check_failures(*fresh(100)); }
    SECTION("leases") { check_leases(*fresh(100)); }
    SECTION("bounded") { check_bounded(*fresh(3)); }
    SECTION("ledger") { check_ledger(*fresh(100)); }
    SECTION("two replicas") {
        auto a = fresh(1000);
        auto b = must(bot::open_postgres_store(url, 1000, 3));
        check_concurrent_claims(*a, *b);
    }
    SECTION("one leader") {
        auto a = fresh(100);
        auto b = must(bot::open_postgres_store(url, 100, 3));
        CHECK(*a->try_lead("sweep:gerrit"));
        CHECK(*a->try_lead("sweep:gerrit"));
        CHECK_FALSE(*b->try_lead("sweep:gerrit"));
        CHECK(*b->try_lead("poll:gerrit"));
        a.reset();
        // The server drops a closed session's locks when its backend has exited.
        bool led = false;
        for (int i = 0; i < 100 && !led; ++i) {
            led = *b->try_lead("sweep:gerrit");
            if (!led) {
                std::this_thread::sleep_for(std::chrono::milliseconds(50));
            }
        }
        CHECK(led);
    }
}
