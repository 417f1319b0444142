// `claimcheck serve`: event sources (webhooks, pollers, sweeps) feed the persistent
// queue in the state store; a fixed pool of workers runs run_job() on each job.
#pragma once

#include <string>

#include "bot/config.h"
#include "rules/result.h"

namespace bot {

struct ServeOptions {
    bool once = false;     // one sweep over every project, run the queue dry, exit
    std::string change;    // with once: only this change, "FORGE:ID"
    bool dry_run = false;  // print replies instead of posting them; record nothing as posted
};

// Exit codes of serve().
inline constexpr int k_serve_ok = 0;
inline constexpr int k_serve_jobs_failed = 1;  // --once: some job failed
inline constexpr int k_serve_bad_input = 2;    // the config or the options are unusable
inline constexpr int k_serve_unavailable = 3;  // the state store or the listen address is

// Runs the daemon until SIGTERM or SIGINT (graceful: no new work, running jobs finish),
// or, with OPTIONS.once, until the sweep's jobs are done. Returns the exit code.
int serve(const Config& config, const ServeOptions& options);

// Seconds before retry number ATTEMPTS (1-based) of a job that failed with ERROR, or
// StateStore's k_park_now for an error that retrying cannot mend: refused credentials,
// a conflict, input the forge rejects. A rate limit waits as long as the forge asked and
// at least a minute; other errors back off (backoff_seconds) or wait as asked.
int retry_delay(const rules::Error& error, int attempts);

// Logs on stderr as CONFIG says (text or JSON lines), every message redacted.
void init_daemon_logging(const LogConfig& config);

}  // namespace bot
