// The state store on SQLite: one connection behind a mutex, WAL journal, a busy timeout
// for the rare second process (`config check`, an operator's sqlite3 shell). Every write
// is one IMMEDIATE transaction, so a kill -9 leaves the file as of the last commit.
#include <sqlite3.h>

#include <ctime>
#include <mutex>

#include "bot/state.h"

namespace bot {

namespace {

struct SqlError {
    rules::Error error;
};

[[noreturn]] void throw_sql(sqlite3* db, int rc, const std::string& what) {
    const auto kind =
        rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? rules::ErrorKind::transient : rules::ErrorKind::permanent;
    throw SqlError{{kind, "sqlite: " + what + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc))}};
}

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// One prepared statement; bind() by 1-based position, step() until it returns false.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) : m_db(db) {
        if (const int rc = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr); rc != SQLITE_OK) {
            throw_sql(db, rc, "prepare");
        }
    }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    ~Statement() { sqlite3_finalize(m_stmt); }

    Statement& bind(int i, std::int64_t value) {
        sqlite3_bind_int64(m_stmt, i, value);
        return *this;
    }
    Statement& bind(int i, const std::string& value) {
        sqlite3_bind_text(m_stmt, i, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
        return *this;
    }
    bool step() {
        const int rc = sqlite3_step(m_stmt);
        if (rc == SQLITE_ROW) {
            return true;
        }
        if (rc != SQLITE_DONE) {
            throw_sql(m_db, rc, "step");
        }
        return false;
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(m_stmt, column); }
    std::string text(int column) const {
        const auto* data = sqlite3_column_text(m_stmt, column);
        return data ? std::string(reinterpret_cast<const char*>(data),
                          static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)))
                    : std::string();
    }

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

void exec(sqlite3* db, const char* sql) {
    char* message = nullptr;
    if (const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &message); rc != SQLITE_OK) {
        const std::string text = message ? message : "";
        sqlite3_free(message);
        throw SqlError{{rc == SQLITE_BUSY ? rules::ErrorKind::transient : rules::ErrorKind::permanent,
            std::string("sqlite: ") + text}};
    }
}

// BEGIN IMMEDIATE on construction, ROLLBACK unless commit() was called.
class Transaction {
public:
    explicit Transaction(sqlite3* db) : m_db(db) { exec(db, "BEGIN IMMEDIATE"); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
        if (!m_done) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
        }
    }
    void commit() {
        exec(m_db, "COMMIT");
        m_done = true;
    }

private:
    sqlite3* m_db;
    bool m_done = false;
};

// Migrations, in order: migration i brings the schema from version i to i + 1.
const char* const k_migrations[] = {
    R"(CREATE TABLE jobs (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         forge TEXT NOT NULL, change_id TEXT NOT NULL, patchset TEXT NOT NULL, reason TEXT NOT NULL,
         state TEXT NOT NULL,  -- queued, running, failed
         attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
         not_before INTEGER NOT NULL DEFAULT 0, lease_until INTEGER NOT NULL DEFAULT 0,
         worker TEXT NOT NULL DEFAULT '', created INTEGER NOT NULL, updated INTEGER NOT NULL);
       CREATE UNIQUE INDEX jobs_waiting ON jobs (forge, change_id) WHERE state = 'queued';
       CREATE INDEX jobs_by_state ON jobs (state, not_before);
       CREATE TABLE replies (key TEXT PRIMARY KEY, state TEXT NOT NULL, reply_id TEXT NOT NULL DEFAULT '',
         reserved_at INTEGER NOT NULL, posted_at INTEGER);
       CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
       CREATE TABLE deliveries (id TEXT PRIMARY KEY, seen_at INTEGER NOT NULL);)",
};
static_assert(std::size(k_migrations) == k_schema_version);

class SqliteStore final : public StateStore {
public:
    SqliteStore(sqlite3* db, int max_queue, int max_attempts)
        : m_db(db), m_max_queue(max_queue), m_max_attempts(max_attempts) {}
    SqliteStore(const SqliteStore&) = delete;
    SqliteStore& operator=(const SqliteStore&) = delete;
    ~SqliteStore() override { sqlite3_close(m_db); }

    void migrate() {
        exec(m_db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON");
        Transaction tx(m_db);
        exec(m_db, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        Statement select(m_db, "SELECT MAX(version) FROM schema_version");
        select.step();
        const auto version = select.integer(0);
        if (version > k_schema_version) {
            throw SqlError{{rules::ErrorKind::permanent,
                "sqlite: the database has schema version " + std::to_string(version) +
                    ", newer than this claimcheck knows (" + std::to_string(k_schema_version) + ")"}};
        }
        for (auto v = version; v < k_schema_version; ++v) {
            exec(m_db, k_migrations[v]);
            Statement(m_db, "INSERT INTO schema_version (version) VALUES (?)").bind(1, v + 1).step();
        }
        tx.commit();
    }

    rules::Result<EnqueueStatus> enqueue(const Job& job) override {
        return guarded<EnqueueStatus>([&] {
            Transaction tx(m_db);
            Statement waiting(
                m_db, "SELECT id, patchset FROM jobs WHERE forge = ? AND change_id = ? AND state = 'queued'");
            waiting.bind(1, job.forge).bind(2, job.change);
            if (waiting.step()) {
                Statement update(m_db, "UPDATE jobs SET patchset = ?, reason = ?, updated = ? WHERE id = ?");
                update.bind(1, newer_patchset(waiting.text(1), job.patchset))
                    .bind(2, job.reason)
                    .bind(3, now())
                    .bind(4, waiting.integer(0))
                    .step();
                tx.commit();
                return rules::Result<EnqueueStatus>(EnqueueStatus::coalesced);
            }
            Statement count(m_db, "SELECT COUNT(*) FROM jobs WHERE state = 'queued'");
            count.step();
            if (count.integer(0) >= m_max_queue) {
                return rules::Result<EnqueueStatus>(rules::Error{rules::ErrorKind::rate_limited,
                    "the job queue is full (" + std::to_string(m_max_queue) + " jobs waiting)"});
            }
            Statement insert(m_db,
                "INSERT INTO jobs (forge, change_id, patchset, reason, state, created, updated) "
                "VALUES (?, ?, ?, ?, 'queued', ?, ?)");
            insert.bind(1, job.forge).bind(2, job.change).bind(3, job.patchset).bind(4, job.reason);
            insert.bind(5, now()).bind(6, now()).step();
            tx.commit();
            return rules::Result<EnqueueStatus>(EnqueueStatus::queued);
        });
    }

    rules::Result<std::optional<Job>> claim_next(const std::string& worker_id, int lease_seconds) override {
        return guarded<std::optional<Job>>([&] {
            Transaction tx(m_db);
            const auto t = now();
            expire_leases(t);
            Statement select(m_db,
                "SELECT id, forge, change_id, patchset, reason, attempts, last_error FROM jobs j "
                "WHERE state = 'queued' AND not_before <= ? AND NOT EXISTS (SELECT 1 FROM jobs r "
                "WHERE r.forge = j.forge AND r.change_id = j.change_id AND r.state = 'running') "
                "ORDER BY not_before, id LIMIT 1");
            select.bind(1, t);
            if (!select.step()) {
                tx.commit();
                return rules::Result<std::optional<Job>>(std::optional<Job>());
            }
            Job job{select.integer(0), select.text(1), select.text(2), select.text(3), select.text(4),
                static_cast<int>(select.integer(5)), select.text(6)};
            Statement update(m_db,
                "UPDATE jobs SET state = 'running', worker = ?, lease_until = ?, updated = ? WHERE id = ?");
            update.bind(1, worker_id).bind(2, t + lease_seconds).bind(3, t).bind(4, job.id).step();
            tx.commit();
            return rules::Result<std::optional<Job>>(std::optional<Job>(std::move(job)));
        });
    }

    rules::Result<bool> complete(std::int64_t id) override {
        return guarded<bool>([&] {
            Statement(m_db, "DELETE FROM jobs WHERE id = ?").bind(1, id).step();
            return rules::Result<bool>(sqlite3_changes(m_db) > 0);
        });
    }

    rules::Result<FailStatus> fail(
        std::int64_t id, const std::string& error, int retry_after_seconds) override {
        return guarded<FailStatus>([&] {
            Transaction tx(m_db);
            Statement select(m_db, "SELECT attempts FROM jobs WHERE id = ?");
            select.bind(1, id);
            if (!select.step()) {
                tx.commit();
                return rules::Result<FailStatus>(FailStatus::parked);
            }
            const auto attempts = select.integer(0) + 1;
            Statement update(m_db, "UPDATE jobs SET attempts = ?, last_error = ?, updated = ? WHERE id = ?");
            update.bind(1, attempts).bind(2, error).bind(3, now()).bind(4, id).step();
            if (attempts >= m_max_attempts || retry_after_seconds == k_park_now) {
                Statement(m_db, "UPDATE jobs SET state = 'failed', worker = '' WHERE id = ?")
                    .bind(1, id)
                    .step();
                tx.commit();
                return rules::Result<FailStatus>(FailStatus::parked);
            }
            back_to_queue(id, now() + retry_after_seconds);
            tx.commit();
            return rules::Result<FailStatus>(FailStatus::retrying);
        });
    }

    rules::Result<bool> requeue(std::int64_t id) override {
        return guarded<bool>([&] {
            Transaction tx(m_db);
            back_to_queue(id, 0);
            tx.commit();
            return rules::Result<bool>(true);
        });
    }

    rules::Result<int> recover() override {
        return guarded<int>([&] {
            Transaction tx(m_db);
            std::vector<std::int64_t> running;
            Statement select(m_db, "SELECT id FROM jobs WHERE state = 'running'");
            while (select.step()) {
                running.push_back(select.integer(0));
            }
            for (const auto id : running) {
                back_to_queue(id, 0);
            }
            tx.commit();
            return rules::Result<int>(static_cast<int>(running.size()));
        });
    }

    rules::Result<QueueCounts> counts() override {
        return guarded<QueueCounts>([&] {
            QueueCounts counts;
            Statement select(m_db, "SELECT state, COUNT(*) FROM jobs GROUP BY state");
            while (select.step()) {
                const auto state = select.text(0);
                (state == "queued"       ? counts.queued
                    : state == "running" ? counts.running
                                         : counts.failed) = select.integer(1);
            }
            return rules::Result<QueueCounts>(counts);
        });
    }

    rules::Result<bool> reserve_reply(const std::string& key) override {
        return guarded<bool>([&] {
            Statement(
                m_db, "INSERT OR IGNORE INTO replies (key, state, reserved_at) VALUES (?, 'reserved', ?)")
                .bind(1, key)
                .bind(2, now())
                .step();
            return rules::Result<bool>(!posted(key));
        });
    }

    rules::Result<bool> mark_posted(const std::string& key, const std::string& forge_reply_id) override {
        return guarded<bool>([&] {
            Statement(m_db,
                "INSERT INTO replies (key, state, reply_id, reserved_at, posted_at) VALUES (?, 'posted', ?, "
                "?, ?) "
                "ON CONFLICT (key) DO UPDATE SET state = 'posted', reply_id = excluded.reply_id, "
                "posted_at = excluded.posted_at")
                .bind(1, key)
                .bind(2, forge_reply_id)
                .bind(3, now())
                .bind(4, now())
                .step();
            return rules::Result<bool>(true);
        });
    }

    rules::Result<bool> is_posted(const std::string& key) override {
        return guarded<bool>([&] { return rules::Result<bool>(posted(key)); });
    }

    rules::Result<std::optional<std::string>> get_cursor(const std::string& name) override {
        return guarded<std::optional<std::string>>([&] {
            Statement select(m_db, "SELECT value FROM cursors WHERE name = ?");
            select.bind(1, name);
            return rules::Result<std::optional<std::string>>(
                select.step() ? std::optional(select.text(0)) : std::nullopt);
        });
    }

    rules::Result<bool> set_cursor(const std::string& name, const std::string& value) override {
        return guarded<bool>([&] {
            Statement(m_db,
                "INSERT INTO cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = "
                "excluded.value")
                .bind(1, name)
                .bind(2, value)
                .step();
            return rules::Result<bool>(true);
        });
    }

    rules::Result<bool> seen_delivery(const std::string& id) override {
        return guarded<bool>([&] {
            Statement(m_db, "INSERT OR IGNORE INTO deliveries (id, seen_at) VALUES (?, ?)")
                .bind(1, id)
                .bind(2, now())
                .step();
            return rules::Result<bool>(sqlite3_changes(m_db) == 0);
        });
    }

    rules::Result<bool> try_lead(const std::string&) override { return true; }

private:
    // Runs BODY under the connection's mutex; SQL errors become error values.
    template <typename T, typename F>
    rules::Result<T> guarded(F body) {
        std::lock_guard lock(m_mutex);
        try {
            return body();
        } catch (const SqlError& e) {
            return e.error;
        }
    }

    bool posted(const std::string& key) {
        Statement select(m_db, "SELECT state FROM replies WHERE key = ?");
        select.bind(1, key);
        return select.step() && select.text(0) == "posted";
    }

    // Job ID waits again from NOT_BEFORE; when another job for its change already
    // waits, that one covers it and ID is dropped.
    void back_to_queue(std::int64_t id, std::int64_t not_before) {
        Statement(m_db,
            "DELETE FROM jobs WHERE id = ?1 AND EXISTS (SELECT 1 FROM jobs q, jobs j WHERE j.id = ?1 AND "
            "q.forge = j.forge AND q.change_id = j.change_id AND q.state = 'queued' AND q.id <> ?1)")
            .bind(1, id)
            .step();
        Statement(m_db,
            "UPDATE jobs SET state = 'queued', worker = '', lease_until = 0, not_before = ?, updated = ? "
            "WHERE id = ?")
            .bind(1, not_before)
            .bind(2, now())
            .bind(3, id)
            .step();
    }

    // Running jobs whose lease ran out: their worker died or hung. Each counts as a
    // failed attempt, so that a job that kills its worker is parked in the end.
    void expire_leases(std::int64_t t) {
        std::vector<std::pair<std::int64_t, std::int64_t>> expired;
        Statement select(m_db, "SELECT id, attempts FROM jobs WHERE state = 'running' AND lease_until < ?");
        select.bind(1, t);
        while (select.step()) {
            expired.emplace_back(select.integer(0), select.integer(1) + 1);
        }
        for (const auto& [id, attempts] : expired) {
            Statement(m_db, "UPDATE jobs SET attempts = ?, last_error = 'lease expired' WHERE id = ?")
                .bind(1, attempts)
                .bind(2, id)
                .step();
            if (attempts >= m_max_attempts) {
                Statement(m_db, "UPDATE jobs SET state = 'failed' WHERE id = ?").bind(1, id).step();
            } else {
                back_to_queue(id, 0);
            }
        }
    }

    std::mutex m_mutex;
    sqlite3* m_db;
    int m_max_queue;
    int m_max_attempts;
};

}  // namespace

rules::Result<std::unique_ptr<StateStore>> open_sqlite_store(
    const std::string& path, int max_queue, int max_attempts) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open_v2(
        path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        std::string message =
            "sqlite: cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
        sqlite3_close(db);
        return rules::Error{rules::ErrorKind::permanent, std::move(message)};
    }
    sqlite3_busy_timeout(db, 5000);
    auto store = std::make_unique<SqliteStore>(db, max_queue, max_attempts);
    try {
        store->migrate();
    } catch (const SqlError& e) {
        return rules::Error{e.error.kind, path + ": " + e.error.message};
    }
    return std::unique_ptr<StateStore>(std::move(store));
}

}  // namespace bot
