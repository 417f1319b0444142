// The state store on PostgreSQL, for several replicas on one database: jobs are claimed
// with FOR UPDATE SKIP LOCKED (two replicas never take the same job), leaders hold
// session advisory locks, and clocks are the server's, so replicas' clocks may differ.
// One connection per store behind a mutex; a broken connection is reset on next use
// (losing any leadership it held, which try_lead then competes for again).
#include <libpq-fe.h>

#include <mutex>
#include <vector>

#include "bot/redact.h"
#include "bot/state.h"

namespace bot {

namespace {

struct SqlError {
    rules::Error error;
};

// Seconds since the epoch on the server.
constexpr const char* k_now = "EXTRACT(EPOCH FROM clock_timestamp())::bigint";

// One migration per schema version, as in the SQLite store.
const char* const k_migrations[] = {
    R"(CREATE TABLE jobs (
         id BIGSERIAL PRIMARY KEY,
         forge TEXT NOT NULL, change_id TEXT NOT NULL, patchset TEXT NOT NULL, reason TEXT NOT NULL,
         state TEXT NOT NULL,
         attempts INTEGER NOT NULL DEFAULT 0, last_error TEXT NOT NULL DEFAULT '',
         not_before BIGINT NOT NULL DEFAULT 0, lease_until BIGINT NOT NULL DEFAULT 0,
         worker TEXT NOT NULL DEFAULT '', created BIGINT NOT NULL, updated BIGINT NOT NULL);
       CREATE UNIQUE INDEX jobs_waiting ON jobs (forge, change_id) WHERE state = 'queued';
       CREATE INDEX jobs_by_state ON jobs (state, not_before);
       CREATE TABLE replies (key TEXT PRIMARY KEY, state TEXT NOT NULL, reply_id TEXT NOT NULL DEFAULT '',
         reserved_at BIGINT NOT NULL, posted_at BIGINT);
       CREATE TABLE cursors (name TEXT PRIMARY KEY, value TEXT NOT NULL);
       CREATE TABLE deliveries (id TEXT PRIMARY KEY, seen_at BIGINT NOT NULL);)",
};
static_assert(std::size(k_migrations) == k_schema_version);

// Advisory lock key of the migration, and of each leadership name (FNV-1a).
constexpr std::int64_t k_migration_lock = 0x636c61696d636b;
std::int64_t lock_key(const std::string& name) {
    std::uint64_t hash = 1469598103934665603ULL;
    for (const unsigned char c : name) {
        hash = (hash ^ c) * 1099511628211ULL;
    }
    return static_cast<std::int64_t>(hash >> 1);
}

class PgResult {
public:
    explicit PgResult(PGresult* result) : m_result(result) {}
    PgResult(const PgResult&) = delete;
    PgResult& operator=(const PgResult&) = delete;
    PgResult(PgResult&& other) noexcept : m_result(other.m_result) { other.m_result = nullptr; }
    PgResult& operator=(PgResult&&) = delete;
    ~PgResult() { PQclear(m_result); }
    int rows() const { return PQntuples(m_result); }
    std::string text(int row, int column) const { return PQgetvalue(m_result, row, column); }
    std::int64_t integer(int row, int column) const { return std::stoll(text(row, column)); }
    int affected() const {
        const std::string count = PQcmdTuples(m_result);
        return count.empty() ? 0 : std::stoi(count);
    }

private:
    PGresult* m_result;
};

class PostgresStore final : public StateStore {
public:
    PostgresStore(PGconn* conn, int max_queue, int max_attempts)
        : m_conn(conn), m_max_queue(max_queue), m_max_attempts(max_attempts) {}
    PostgresStore(const PostgresStore&) = delete;
    PostgresStore& operator=(const PostgresStore&) = delete;
    ~PostgresStore() override { PQfinish(m_conn); }

    void migrate() {
        Transaction tx(*this);
        exec("SELECT pg_advisory_xact_lock($1)", {std::to_string(k_migration_lock)});
        exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
        const auto result = exec("SELECT COALESCE(MAX(version), 0) FROM schema_version");
        const auto version = result.integer(0, 0);
        if (version > k_schema_version) {
            throw SqlError{{rules::ErrorKind::permanent,
                "postgres: the database has schema version " + std::to_string(version) +
                    ", newer than this claimcheck knows (" + std::to_string(k_schema_version) + ")"}};
        }
        for (auto v = version; v < k_schema_version; ++v) {
            exec(k_migrations[v]);
            exec("INSERT INTO schema_version (version) VALUES ($1)", {std::to_string(v + 1)});
        }
        tx.commit();
    }

    rules::Result<EnqueueStatus> enqueue(const Job& job) override {
        return guarded<EnqueueStatus>([&]() -> rules::Result<EnqueueStatus> {
            // Two tries: a concurrent enqueue may insert the waiting job between our look
            // and our insert; the second look then finds it.
            for (int attempt = 0; attempt < 2; ++attempt) {
                Transaction tx(*this);
                const auto waiting = exec(
                    "SELECT id, patchset FROM jobs WHERE forge = $1 AND change_id = $2 AND state = 'queued' "
                    "FOR UPDATE",
                    {job.forge, job.change});
                if (waiting.rows() > 0) {
                    exec(std::string("UPDATE jobs SET patchset = $1, reason = $2, updated = ") + k_now +
                             " WHERE id = $3",
                        {newer_patchset(waiting.text(0, 1), job.patchset), job.reason, waiting.text(0, 0)});
                    tx.commit();
                    return EnqueueStatus::coalesced;
                }
                if (exec("SELECT COUNT(*) FROM jobs WHERE state = 'queued'").integer(0, 0) >= m_max_queue) {
                    return rules::Error{rules::ErrorKind::rate_limited,
                        "the job queue is full (" + std::to_string(m_max_queue) + " jobs waiting)"};
                }
                const auto inserted =
                    exec(std::string("INSERT INTO jobs (forge, change_id, patchset, reason, state, created, "
                                     "updated) VALUES ($1, $2, $3, $4, 'queued', ") +
                             k_now + ", " + k_now + ") ON CONFLICT DO NOTHING",
                        {job.forge, job.change, job.patchset, job.reason});
                tx.commit();
                if (inserted.affected() == 1) {
                    return EnqueueStatus::queued;
                }
            }
            return rules::Error{rules::ErrorKind::transient, "postgres: enqueue raced twice; try again"};
        });
    }

    rules::Result<std::optional<Job>> claim_next(const std::string& worker_id, int lease_seconds) override {
        return guarded<std::optional<Job>>([&]() -> rules::Result<std::optional<Job>> {
            Transaction tx(*this);
            expire_leases();
            const auto selected = exec(std::string("SELECT id, forge, change_id, patchset, reason, attempts, "
                                                   "last_error FROM jobs j WHERE state = 'queued' AND "
                                                   "not_before <= ") +
                                       k_now +
                                       " AND NOT EXISTS (SELECT 1 FROM jobs r WHERE r.forge = j.forge AND "
                                       "r.change_id = j.change_id AND r.state = 'running') "
                                       "ORDER BY not_before, id LIMIT 1 FOR UPDATE SKIP LOCKED");
            if (selected.rows() == 0) {
                tx.commit();
                return std::optional<Job>();
            }
            Job job{selected.integer(0, 0), selected.text(0, 1), selected.text(0, 2), selected.text(0, 3),
                selected.text(0, 4), static_cast<int>(selected.integer(0, 5)), selected.text(0, 6)};
            exec(std::string("UPDATE jobs SET state = 'running', worker = $1, lease_until = ") + k_now +
                     " + $2, updated = " + k_now + " WHERE id = $3",
                {worker_id, std::to_string(lease_seconds), std::to_string(job.id)});
            tx.commit();
            return std::optional<Job>(std::move(job));
        });
    }

    rules::Result<bool> complete(std::int64_t id) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            return exec("DELETE FROM jobs WHERE id = $1", {std::to_string(id)}).affected() > 0;
        });
    }

    rules::Result<FailStatus> fail(
        std::int64_t id, const std::string& error, int retry_after_seconds) override {
        return guarded<FailStatus>([&]() -> rules::Result<FailStatus> {
            Transaction tx(*this);
            const auto selected =
                exec("SELECT attempts FROM jobs WHERE id = $1 FOR UPDATE", {std::to_string(id)});
            if (selected.rows() == 0) {
                tx.commit();
                return FailStatus::parked;
            }
            const auto attempts = selected.integer(0, 0) + 1;
            exec(std::string("UPDATE jobs SET attempts = $1, last_error = $2, updated = ") + k_now +
                     " WHERE id = $3",
                {std::to_string(attempts), error, std::to_string(id)});
            if (attempts >= m_max_attempts || retry_after_seconds == k_park_now) {
                exec("UPDATE jobs SET state = 'failed', worker = '' WHERE id = $1", {std::to_string(id)});
                tx.commit();
                return FailStatus::parked;
            }
            back_to_queue(id, retry_after_seconds);
            tx.commit();
            return FailStatus::retrying;
        });
    }

    rules::Result<bool> requeue(std::int64_t id) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            Transaction tx(*this);
            back_to_queue(id, 0);
            tx.commit();
            return true;
        });
    }

    rules::Result<int> recover() override {
        return guarded<int>([&]() -> rules::Result<int> {
            Transaction tx(*this);
            const int expired = expire_leases();
            tx.commit();
            return expired;
        });
    }

    rules::Result<QueueCounts> counts() override {
        return guarded<QueueCounts>([&]() -> rules::Result<QueueCounts> {
            QueueCounts counts;
            const auto result = exec("SELECT state, COUNT(*) FROM jobs GROUP BY state");
            for (int row = 0; row < result.rows(); ++row) {
                const auto state = result.text(row, 0);
                (state == "queued"       ? counts.queued
                    : state == "running" ? counts.running
                                         : counts.failed) = result.integer(row, 1);
            }
            return counts;
        });
    }

    rules::Result<bool> reserve_reply(const std::string& key) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            exec(std::string("INSERT INTO replies (key, state, reserved_at) VALUES ($1, 'reserved', ") +
                     k_now + ") ON CONFLICT DO NOTHING",
                {key});
            return !posted(key);
        });
    }

    rules::Result<bool> mark_posted(const std::string& key, const std::string& forge_reply_id) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            exec(std::string("INSERT INTO replies (key, state, reply_id, reserved_at, posted_at) VALUES ($1, "
                             "'posted', $2, ") +
                     k_now + ", " + k_now +
                     ") ON CONFLICT (key) DO UPDATE SET state = 'posted', reply_id = excluded.reply_id, "
                     "posted_at = excluded.posted_at",
                {key, forge_reply_id});
            return true;
        });
    }

    rules::Result<bool> is_posted(const std::string& key) override {
        return guarded<bool>([&]() -> rules::Result<bool> { return posted(key); });
    }

    rules::Result<std::optional<std::string>> get_cursor(const std::string& name) override {
        return guarded<std::optional<std::string>>([&]() -> rules::Result<std::optional<std::string>> {
            const auto result = exec("SELECT value FROM cursors WHERE name = $1", {name});
            return result.rows() > 0 ? std::optional(result.text(0, 0)) : std::nullopt;
        });
    }

    rules::Result<bool> set_cursor(const std::string& name, const std::string& value) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            exec(
                "INSERT INTO cursors (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = "
                "excluded.value",
                {name, value});
            return true;
        });
    }

    rules::Result<bool> seen_delivery(const std::string& id) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            return exec(std::string("INSERT INTO deliveries (id, seen_at) VALUES ($1, ") + k_now +
                            ") ON CONFLICT DO NOTHING",
                       {id})
                       .affected() == 0;
        });
    }

    rules::Result<bool> try_lead(const std::string& name) override {
        return guarded<bool>([&]() -> rules::Result<bool> {
            return exec("SELECT pg_try_advisory_lock($1)", {std::to_string(lock_key(name))}).text(0, 0) ==
                   "t";
        });
    }

private:
    // BEGIN on construction, ROLLBACK unless commit() was called.
    class Transaction {
    public:
        explicit Transaction(PostgresStore& store) : m_store(store) { m_store.exec("BEGIN"); }
        Transaction(const Transaction&) = delete;
        Transaction& operator=(const Transaction&) = delete;
        ~Transaction() {
            if (!m_done) {
                PQclear(PQexec(m_store.m_conn, "ROLLBACK"));
            }
        }
        void commit() {
            m_store.exec("COMMIT");
            m_done = true;
        }

    private:
        PostgresStore& m_store;
        bool m_done = false;
    };

    template <typename T, typename F>
    rules::Result<T> guarded(F body) {
        std::lock_guard lock(m_mutex);
        if (PQstatus(m_conn) != CONNECTION_OK) {
            PQreset(m_conn);
            if (PQstatus(m_conn) != CONNECTION_OK) {
                return rules::Error{rules::ErrorKind::transient,
                    "postgres: not connected: " + redact(PQerrorMessage(m_conn))};
            }
        }
        try {
            return body();
        } catch (const SqlError& e) {
            return e.error;
        }
    }

    // Runs SQL with PARAMS ($1, $2, ...); several statements only without parameters.
    // Fails with transient for serialization failures, deadlocks and lost connections.
    PgResult exec(const std::string& sql, const std::vector<std::string>& params = {}) {
        std::vector<const char*> values;
        for (const auto& p : params) {
            values.push_back(p.c_str());
        }
        PGresult* raw = params.empty() ? PQexec(m_conn, sql.c_str())
                                       : PQexecParams(m_conn, sql.c_str(), static_cast<int>(values.size()),
                                             nullptr, values.data(), nullptr, nullptr, 0);
        PgResult result(raw);
        const auto status = PQresultStatus(raw);
        if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
            const char* code = raw ? PQresultErrorField(raw, PG_DIAG_SQLSTATE) : nullptr;
            const std::string sqlstate = code ? code : "";
            const bool transient = PQstatus(m_conn) != CONNECTION_OK || sqlstate.rfind("40", 0) == 0 ||
                                   sqlstate.rfind("08", 0) == 0 || sqlstate.rfind("57", 0) == 0;
            throw SqlError{{transient ? rules::ErrorKind::transient : rules::ErrorKind::permanent,
                "postgres: " + redact(PQerrorMessage(m_conn))}};
        }
        return result;
    }

    bool posted(const std::string& key) {
        const auto result = exec("SELECT state FROM replies WHERE key = $1", {key});
        return result.rows() > 0 && result.text(0, 0) == "posted";
    }

    void back_to_queue(std::int64_t id, int delay_seconds) {
        const auto job = std::to_string(id);
        exec(
            "DELETE FROM jobs WHERE id = $1 AND EXISTS (SELECT 1 FROM jobs q, jobs j WHERE j.id = $1 AND "
            "q.forge = j.forge AND q.change_id = j.change_id AND q.state = 'queued' AND q.id <> $1)",
            {job});
        exec(std::string("UPDATE jobs SET state = 'queued', worker = '', lease_until = 0, not_before = ") +
                 k_now + " + $1, updated = " + k_now + " WHERE id = $2",
            {std::to_string(delay_seconds), job});
    }

    // Running jobs whose lease ran out count a failed attempt and wait again (or are
    // parked); returns how many there were.
    int expire_leases() {
        const auto expired = exec(std::string("SELECT id, attempts FROM jobs WHERE state = 'running' AND "
                                              "lease_until < ") +
                                  k_now + " FOR UPDATE SKIP LOCKED");
        for (int row = 0; row < expired.rows(); ++row) {
            const auto id = expired.integer(row, 0);
            const auto attempts = expired.integer(row, 1) + 1;
            exec("UPDATE jobs SET attempts = $1, last_error = 'lease expired' WHERE id = $2",
                {std::to_string(attempts), std::to_string(id)});
            if (attempts >= m_max_attempts) {
                exec("UPDATE jobs SET state = 'failed' WHERE id = $1", {std::to_string(id)});
            } else {
                back_to_queue(id, 0);
            }
        }
        return expired.rows();
    }

    std::mutex m_mutex;
    PGconn* m_conn;
    int m_max_queue;
    int m_max_attempts;
};

}  // namespace

rules::Result<std::unique_ptr<StateStore>> open_postgres_store(
    const std::string& url, int max_queue, int max_attempts) {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
        std::string message =
            "postgres: cannot connect to " + redact(url) + ": " + redact(PQerrorMessage(conn));
        PQfinish(conn);
        return rules::Error{rules::ErrorKind::transient, std::move(message)};
    }
    PQclear(PQexec(conn, "SET client_min_messages = warning"));
    auto store = std::make_unique<PostgresStore>(conn, max_queue, max_attempts);
    try {
        store->migrate();
    } catch (const SqlError& e) {
        return e.error;
    }
    return std::unique_ptr<StateStore>(std::move(store));
}

}  // namespace bot
