// The daemon's Prometheus metrics (served at /metrics): events in, jobs by outcome,
// claims by kind and verdict, replies, forge errors, job latency and the queue's size.
// Every method is thread-safe.
#pragma once

#include <memory>
#include <string>

#include "bot/state.h"
#include "rules/result.h"

namespace prometheus {
class Registry;
template <typename T>
class Family;
class Counter;
class Gauge;
class Histogram;
}  // namespace prometheus

namespace bot {

class Metrics {
public:
    Metrics();
    ~Metrics();
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    // An event from SOURCE (webhook, poll, sweep, cli) that queued or coalesced a job.
    void event(const std::string& source);
    // A job ended with OUTCOME (succeeded, retrying, parked, requeued) after SECONDS.
    void job(const std::string& outcome, double seconds);
    void claim(const std::string& kind, const std::string& verdict);
    // A reply on FORGE: posted, already_posted (ledger or marker), dry_run.
    void reply(const std::string& forge, const std::string& result);
    void forge_error(const std::string& forge, rules::ErrorKind kind);
    void webhook(const std::string& forge, int status);
    void queue(const QueueCounts& counts);

    // Everything, in the Prometheus text exposition format.
    std::string serialize() const;

private:
    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter>* m_events;
    prometheus::Family<prometheus::Counter>* m_jobs;
    prometheus::Family<prometheus::Counter>* m_claims;
    prometheus::Family<prometheus::Counter>* m_replies;
    prometheus::Family<prometheus::Counter>* m_forge_errors;
    prometheus::Family<prometheus::Counter>* m_webhooks;
    prometheus::Family<prometheus::Gauge>* m_queue;
    prometheus::Histogram* m_latency;
};

// The name of an error kind, as in logs and metric labels.
const char* to_string(rules::ErrorKind kind);

}  // namespace bot
