#include "bot/daemon.h"

#include <signal.h>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <thread>

#include "bot/forge_dryrun.h"
#include "bot/job.h"
#include "bot/metrics.h"
#include "bot/redact.h"
#include "bot/state.h"
#include "bot/webhook.h"
#include "vcs/facts_cache.h"

namespace bot {

namespace {

using Clock = std::chrono::steady_clock;

// How long a claimed job is ours before another worker (or replica) may take it over.
constexpr int k_lease_seconds = 600;

// How far before the last poll's start each poll looks: a forge stamps a change's
// update before its listing shows the change (index lag), and its clock may run behind
// ours. A change listed again with the same update time is not queued again.
constexpr std::int64_t k_poll_overlap_seconds = 300;

std::int64_t now() { return static_cast<std::int64_t>(std::time(nullptr)); }

// spdlog flag %* : the message, redacted, and escaped as a JSON string body when JSON.
class MessageFlag final : public spdlog::custom_flag_formatter {
public:
    explicit MessageFlag(bool json) : m_json(json) {}
    void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
        auto text = redact(std::string_view(msg.payload.data(), msg.payload.size()));
        if (m_json) {
            text = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            text = text.substr(1, text.size() - 2);
        }
        dest.append(text.data(), text.data() + text.size());
    }
    std::unique_ptr<custom_flag_formatter> clone() const override {
        return std::make_unique<MessageFlag>(m_json);
    }

private:
    bool m_json;
};

class Daemon {
public:
    Daemon(const Config& config, const ServeOptions& options) : m_config(config), m_options(options) {}

    int run() {
        if (const int code = open(); code != k_serve_ok) {
            return code;
        }
        sigset_t signals;
        sigemptyset(&signals);
        sigaddset(&signals, SIGTERM);
        sigaddset(&signals, SIGINT);
        pthread_sigmask(SIG_BLOCK, &signals, nullptr);
        std::thread signal_thread([this, signals] { wait_for_signal(signals); });
        const int code = m_options.once ? run_once() : run_forever();
        m_done = true;
        signal_thread.join();
        return code;
    }

private:
    // The store, recovered, and one forge per config entry.
    int open() {
        auto store = open_state_store(m_config.state, m_config.max_queue, m_config.max_attempts);
        if (!store) {
            spdlog::error("state store: {}", store.error().message);
            return k_serve_unavailable;
        }
        m_store = std::move(*store);
        if (auto recovered = m_store->recover(); recovered && *recovered > 0) {
            spdlog::info("{} jobs left running by a previous process are queued again", *recovered);
        }
        for (const auto& forge_config : m_config.forges) {
            auto forge = make_forge(forge_config);
            if (!forge) {
                spdlog::error("{}", forge.error().message);
                return k_serve_bad_input;
            }
            if (m_options.dry_run) {
                *forge = std::make_unique<DryRunForge>(std::move(*forge), std::cout);
            }
            m_forges[forge_config.name] = std::move(*forge);
        }
        if (!m_options.once) {
            // Made before any thread starts: the signal thread may stop it at any time.
            std::map<std::string, Forge*> forges;
            for (const auto& [name, forge] : m_forges) {
                forges[name] = forge.get();
            }
            m_server = std::make_unique<WebhookServer>(
                m_config, forges, *m_store, m_metrics, [this] { m_wake.notify_all(); });
        }
        return k_serve_ok;
    }

    void wait_for_signal(sigset_t signals) {
        const timespec timeout{0, 200'000'000};
        while (!m_done) {
            const int signal = sigtimedwait(&signals, nullptr, &timeout);
            if (signal == SIGTERM || signal == SIGINT) {
                spdlog::info("signal {}: stopping; running jobs finish, queued ones stay queued", signal);
                stop();
                return;
            }
        }
    }

    void stop() {
        m_stopping = true;
        if (m_server) {
            m_server->stop();
        }
        m_wake.notify_all();
    }

    int run_once() {
        if (!m_options.change.empty()) {
            const auto colon = m_options.change.find(':');
            const auto forge = m_options.change.substr(0, colon == std::string::npos ? 0 : colon);
            if (colon == std::string::npos || !m_forges.count(forge)) {
                spdlog::error("--change {}: expected FORGE:ID with a configured forge", m_options.change);
                return k_serve_bad_input;
            }
            enqueue({0, forge, m_options.change.substr(colon + 1), "", "cli", 0, ""}, "cli");
        } else {
            for (const auto& [name, forge] : m_forges) {
                sweep(*forge, "sweep");
            }
        }
        run_workers();
        if (m_failed > 0) {
            spdlog::error("{} jobs failed", m_failed.load());
            return k_serve_jobs_failed;
        }
        return k_serve_ok;
    }

    int run_forever() {
        if (!m_server->bind()) {
            spdlog::error("listen {}: cannot bind", m_config.listen);
            return k_serve_unavailable;
        }
        spdlog::info("listening on port {}", m_server->port());
        std::thread http([this] { m_server->run(); });
        // A server stopped before it runs would never stop: wait until it does.
        for (int i = 0; i < 500 && !m_server->running(); ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        std::thread timers([this] { run_timers(); });
        run_workers();
        m_server->stop();
        http.join();
        timers.join();
        spdlog::info("stopped");
        return k_serve_ok;
    }

    // Pollers and sweeps, each forge on its own intervals, by the leader only.
    void run_timers() {
        std::map<std::string, std::int64_t> next_poll;
        std::map<std::string, std::int64_t> next_sweep;
        while (!m_stopping) {
            const auto t = now();
            for (const auto& [name, forge] : m_forges) {
                if (t >= next_sweep[name]) {
                    next_sweep[name] = t + m_config.sweep_interval;
                    next_poll[name] = t + m_config.poll_interval;  // the sweep covers the poll
                    if (leads("sweep:" + name)) {
                        sweep(*forge, "sweep");
                    }
                } else if (t >= next_poll[name]) {
                    next_poll[name] = t + m_config.poll_interval;
                    if (leads("poll:" + name)) {
                        poll(*forge);
                    }
                }
            }
            if (auto counts = m_store->counts()) {
                m_metrics.queue(*counts);
            }
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return m_stopping.load(); });
        }
    }

    bool leads(const std::string& name) {
        auto lead = m_store->try_lead(name);
        return lead && *lead;
    }

    // Queues every open change of FORGE updated within the sweep window.
    void sweep(Forge& forge, const std::string& reason) {
        enqueue_changes(forge, now() - m_config.sweep_window, reason, m_polled[forge.name()], false);
    }

    // Queues the changes updated since the cursor, less the overlap; the next poll starts
    // where this one started, so that nothing updated while it ran is missed.
    void poll(Forge& forge) {
        const auto cursor_name = "poll:" + forge.name();
        const auto started = now();
        std::int64_t since = started - m_config.poll_interval;
        if (auto cursor = m_store->get_cursor(cursor_name); cursor && *cursor) {
            since = parse_duration(**cursor).value_or(since);  // seconds since the epoch
        }
        since -= k_poll_overlap_seconds;
        auto& seen = m_polled[forge.name()];
        // What the window has left behind cannot be listed again.
        std::erase_if(seen, [since](const auto& entry) { return entry.second < since; });
        if (enqueue_changes(forge, since, "poll", seen, true)) {
            (void)m_store->set_cursor(cursor_name, std::to_string(started));
        }
    }

    // Queues the changes of FORGE updated at SINCE or later, and notes their update
    // times in SEEN; with SKIP_SEEN, not those already in it with the same time.
    bool enqueue_changes(Forge& forge, std::int64_t since, const std::string& reason,
        std::map<std::string, std::int64_t>& seen, bool skip_seen) {
        try {
            return try_enqueue_changes(forge, since, reason, seen, skip_seen);
        } catch (const std::exception& e) {
            spdlog::error("{}: {}: internal error: {}", forge.name(), reason, e.what());
            return false;
        }
    }

    bool try_enqueue_changes(Forge& forge, std::int64_t since, const std::string& reason,
        std::map<std::string, std::int64_t>& seen, bool skip_seen) {
        auto changes = forge.list_changes(since);
        if (!changes) {
            spdlog::warn("{}: listing changes: {}", forge.name(), changes.error().message);
            m_metrics.forge_error(forge.name(), changes.error().kind);
            return false;
        }
        std::size_t queued = 0;
        for (const auto& change : *changes) {
            if (const auto it = seen.find(change.id);
                skip_seen && it != seen.end() && it->second == change.updated) {
                continue;
            }
            if (!enqueue({0, forge.name(), change.id, change.patchset, reason, 0, ""}, reason)) {
                return false;
            }
            seen[change.id] = change.updated;
            ++queued;
        }
        spdlog::info("{}: {} queued {} changes", forge.name(), reason, queued);
        return true;
    }

    bool enqueue(const Job& job, const std::string& source) {
        auto status = m_store->enqueue(job);
        if (!status) {
            spdlog::warn("{}: change {}: not queued: {}", job.forge, job.change, status.error().message);
            return false;
        }
        m_metrics.event(source);
        m_wake.notify_all();
        return true;
    }

    void run_workers() {
        std::vector<std::thread> workers;
        for (int i = 0; i < m_config.workers; ++i) {
            workers.emplace_back(
                [this, i] { work("w" + std::to_string(i) + "-" + std::to_string(getpid())); });
        }
        for (auto& worker : workers) {
            worker.join();
        }
    }

    // A worker: claims and runs jobs until stopped or, with --once, until none is left.
    void work(const std::string& worker_id) {
        while (!m_stopping) {
            ++m_busy;
            auto job = m_store->claim_next(worker_id, k_lease_seconds);
            if (job && *job) {
                execute(**job);
                --m_busy;
                continue;
            }
            --m_busy;
            if (!job) {
                spdlog::warn("claiming a job: {}", job.error().message);
            }
            // With --once, done when nothing is claimable and nobody runs a job that
            // could unblock one (a change's next job waits for its running one).
            if (m_options.once && m_busy == 0) {
                auto last = m_store->claim_next(worker_id, k_lease_seconds);
                if (last && *last) {
                    ++m_busy;
                    execute(**last);
                    --m_busy;
                    continue;
                }
                return;
            }
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock,
                m_options.once ? std::chrono::milliseconds(20) : std::chrono::milliseconds(1000),
                [this] { return m_stopping.load(); });
        }
    }

    // Runs JOB; whatever happens, it ends completed, queued for a retry, or parked.
    void execute(const Job& job) {
        const auto started = Clock::now();
        const auto seconds = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
        rules::Error error;
        try {
            const auto* forge_config = m_config.forge(job.forge);
            const auto forge = m_forges.find(job.forge);
            if (!forge_config || forge == m_forges.end()) {
                error = {rules::ErrorKind::permanent, "no forge " + job.forge + " in the config"};
            } else {
                const JobContext context{m_config, *forge_config, *forge->second, *m_store, &m_metrics,
                    m_options.dry_run, &m_facts_cache};
                auto summary = run_job(job, context);
                if (summary || summary.error().kind == rules::ErrorKind::not_found) {
                    if (summary) {
                        spdlog::info("{}: change {}: {} comments checked, {} replies posted", job.forge,
                            job.change, summary->comments_checked, summary->replies_posted);
                    } else {
                        spdlog::warn(
                            "{}: change {}: gone: {}", job.forge, job.change, summary.error().message);
                    }
                    if (auto done = m_store->complete(job.id); !done) {
                        spdlog::error("job {}: {}", job.id, done.error().message);
                    }
                    m_metrics.job("succeeded", seconds());
                    return;
                }
                error = summary.error();
            }
        } catch (const std::exception& e) {
            error = {rules::ErrorKind::permanent, std::string("internal error: ") + e.what()};
        } catch (...) {
            error = {rules::ErrorKind::permanent, "internal error"};
        }
        const auto status =
            m_store->fail(job.id, redact(error.message), retry_delay(error, job.attempts + 1));
        const bool parked = status && status.value() == FailStatus::parked;
        spdlog::error("{}: change {}: attempt {} failed ({}): {}", job.forge, job.change, job.attempts + 1,
            parked ? "parked" : "will retry", error.message);
        m_metrics.job(parked ? "parked" : "retrying", seconds());
        ++m_failed;
    }

    const Config& m_config;
    const ServeOptions& m_options;
    std::unique_ptr<StateStore> m_store;
    std::map<std::string, std::unique_ptr<Forge>> m_forges;
    // Per forge, the changes its polls and sweeps queued, with their update times (used by
    // the timer thread and, with --once, before any worker starts).
    std::map<std::string, std::map<std::string, std::int64_t>> m_polled;
    Metrics m_metrics;
    // The facts of files checked before: a change is checked again on every new comment,
    // mostly with the same files. 64 MB of source text at most.
    vcs::FactsCache m_facts_cache{64 << 20};
    std::unique_ptr<WebhookServer> m_server;
    std::atomic<bool> m_stopping = false;
    std::atomic<bool> m_done = false;
    std::atomic<int> m_busy = 0;
    std::atomic<int> m_failed = 0;
    std::mutex m_mutex;
    std::condition_variable m_wake;
};

}  // namespace

int retry_delay(const rules::Error& error, int attempts) {
    switch (error.kind) {
    case rules::ErrorKind::auth:
    case rules::ErrorKind::conflict:
    case rules::ErrorKind::bad_input: return k_park_now;
    case rules::ErrorKind::rate_limited: return std::max({error.retry_after, 60, backoff_seconds(attempts)});
    default: return std::max(error.retry_after, backoff_seconds(attempts));
    }
}

int serve(const Config& config, const ServeOptions& options) {
    if (!options.change.empty() && !options.once) {
        spdlog::error("--change needs --once");
        return k_serve_bad_input;
    }
    Daemon daemon(config, options);
    return daemon.run();
}

void init_daemon_logging(const LogConfig& config) {
    static const auto logger = spdlog::stderr_logger_mt("claimcheck-daemon");
    const bool json = config.format == "json";
    auto formatter = std::make_unique<spdlog::pattern_formatter>();
    formatter->add_flag<MessageFlag>('*', json).set_pattern(
        json ? R"({"time":"%Y-%m-%dT%H:%M:%S.%e%z","level":"%l","thread":%t,"msg":"%*"})"
             : "%Y-%m-%dT%H:%M:%S.%e claimcheck: %l: %*");
    logger->set_formatter(std::move(formatter));
    logger->flush_on(spdlog::level::info);
    spdlog::set_default_logger(logger);
    spdlog::set_level(spdlog::level::from_str(config.level));
}

}  // namespace bot
