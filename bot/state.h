// The daemon's persistent state behind one interface: the job queue, the replies ledger
// that makes posting exactly-once, the pollers' cursors and the webhook deliveries seen.
// SQLite (embedded, one daemon per file) and PostgreSQL (several replicas) implement it.
// Every method is safe to call from several threads; every failure is a value with a
// kind (transient for a busy or unreachable database).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "bot/config.h"
#include "rules/result.h"

namespace bot {

// Schema version this build writes; open() migrates older databases up to it.
inline constexpr int k_schema_version = 1;

struct Job {
    std::int64_t id = 0;   // set by the store
    std::string forge;     // forge name from the config
    std::string change;    // the forge's change id (Gerrit number, GitHub "owner/repo#N")
    std::string patchset;  // patch set number or head sha; "" for the current one
    std::string reason;    // what queued it: "webhook", "poll", "sweep", "cli"
    int attempts = 0;      // failed runs so far
    std::string last_error;
};

enum class EnqueueStatus {
    queued,     // a new job
    coalesced,  // merged into the job already waiting for that change
};

enum class FailStatus {
    retrying,  // back in the queue, claimable after the back-off
    parked,    // failed max_attempts times: kept as failed, never claimed again
};

struct QueueCounts {
    std::int64_t queued = 0;
    std::int64_t running = 0;
    std::int64_t failed = 0;
};

// StateStore::fail's RETRY_AFTER_SECONDS for an error that retrying cannot mend.
inline constexpr int k_park_now = -1;

class StateStore {
public:
    virtual ~StateStore() = default;

    // Queues JOB, coalescing per (forge, change): when a job for that change is already
    // waiting, it is updated instead (a newer patch set replaces an older one; numeric
    // patch sets never go back) and nothing is added. A change whose job is running may
    // get one more waiting job. Fails with kind rate_limited when max_queue jobs wait.
    virtual rules::Result<EnqueueStatus> enqueue(const Job& job) = 0;

    // The oldest claimable job, now marked running for WORKER_ID until LEASE_SECONDS from
    // now; empty when none is. A job is claimable when it waits and its back-off is over,
    // and no job for the same change runs under a live lease (so one change is worked on
    // by one worker at a time). A running job whose lease ran out is claimable again.
    virtual rules::Result<std::optional<Job>> claim_next(const std::string& worker_id, int lease_seconds) = 0;

    // The running job ID is done: removed from the queue.
    virtual rules::Result<bool> complete(std::int64_t id) = 0;

    // The running job ID failed with ERROR: retried after RETRY_AFTER_SECONDS, or parked
    // as failed once it has failed max_attempts times, or at once with k_park_now.
    virtual rules::Result<FailStatus> fail(
        std::int64_t id, const std::string& error, int retry_after_seconds) = 0;

    // The running job ID goes back to the queue without counting an attempt (shutdown).
    virtual rules::Result<bool> requeue(std::int64_t id) = 0;

    // Jobs left running by a process that died go back to the queue: with SQLite (one
    // daemon per file) all of them, with PostgreSQL those whose lease ran out. Returns
    // how many were requeued.
    virtual rules::Result<int> recover() = 0;

    virtual rules::Result<QueueCounts> counts() = 0;

    // Replies ledger; KEY is reply_key(). reserve_reply records the intent to post and
    // returns false when the reply is already posted (the caller then does nothing);
    // true means "go on, but look for the marker on the forge first": a reservation
    // without mark_posted may be a post that happened right before a crash.
    virtual rules::Result<bool> reserve_reply(const std::string& key) = 0;
    virtual rules::Result<bool> mark_posted(const std::string& key, const std::string& forge_reply_id) = 0;
    virtual rules::Result<bool> is_posted(const std::string& key) = 0;

    // Named cursors of the pollers ("poll:<forge>"); empty when never set.
    virtual rules::Result<std::optional<std::string>> get_cursor(const std::string& name) = 0;
    virtual rules::Result<bool> set_cursor(const std::string& name, const std::string& value) = 0;

    // Records webhook delivery ID; true when it had been seen before (a redelivery).
    virtual rules::Result<bool> seen_delivery(const std::string& id) = 0;

    // Whether this process leads NAME (a poller or sweep): with SQLite always; with
    // PostgreSQL the holder of an advisory lock kept for the life of the store.
    virtual rules::Result<bool> try_lead(const std::string& name) = 0;
};

// KEY of the replies ledger: forge|change|patchset|comment|rules_version.
std::string reply_key(const std::string& forge, const std::string& change, const std::string& patchset,
    const std::string& comment_id);

// The patch set a coalesced job keeps when WAITING is queued and INCOMING arrives: ""
// (the current one) wins, numbers never go back, otherwise the later event wins.
std::string newer_patchset(const std::string& waiting, const std::string& incoming);

// Back-off before retry number ATTEMPTS (1-based): 30 s doubling, at most an hour.
int backoff_seconds(int attempts);

// Opens (and migrates) the store CONFIG names. MAX_QUEUE and MAX_ATTEMPTS as in Config.
// Fails when the database cannot be opened or migrated.
rules::Result<std::unique_ptr<StateStore>> open_state_store(
    const StateConfig& config, int max_queue, int max_attempts);

rules::Result<std::unique_ptr<StateStore>> open_sqlite_store(
    const std::string& path, int max_queue, int max_attempts);
rules::Result<std::unique_ptr<StateStore>> open_postgres_store(
    const std::string& url, int max_queue, int max_attempts);

}  // namespace bot
