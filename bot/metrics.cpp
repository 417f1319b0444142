#include "bot/metrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

namespace bot {

Metrics::Metrics() : m_registry(std::make_shared<prometheus::Registry>()) {
    m_events = &prometheus::BuildCounter()
                    .Name("claimcheck_events_total")
                    .Help("Events that queued or coalesced a job, by source")
                    .Register(*m_registry);
    m_jobs = &prometheus::BuildCounter()
                  .Name("claimcheck_jobs_total")
                  .Help("Jobs run, by outcome (succeeded, retrying, parked, requeued)")
                  .Register(*m_registry);
    m_claims = &prometheus::BuildCounter()
                    .Name("claimcheck_claims_total")
                    .Help("Claims checked, by kind and verdict")
                    .Register(*m_registry);
    m_replies = &prometheus::BuildCounter()
                     .Name("claimcheck_replies_total")
                     .Help("Replies, by forge and result (posted, already_posted, dry_run)")
                     .Register(*m_registry);
    m_forge_errors = &prometheus::BuildCounter()
                          .Name("claimcheck_forge_errors_total")
                          .Help("Failed forge calls, by forge and error kind")
                          .Register(*m_registry);
    m_webhooks = &prometheus::BuildCounter()
                      .Name("claimcheck_webhooks_total")
                      .Help("Webhook requests, by forge and HTTP status")
                      .Register(*m_registry);
    m_queue = &prometheus::BuildGauge()
                   .Name("claimcheck_queue_jobs")
                   .Help("Jobs in the queue, by state (queued, running, failed)")
                   .Register(*m_registry);
    m_latency = &prometheus::BuildHistogram()
                     .Name("claimcheck_job_seconds")
                     .Help("Time to run one job")
                     .Register(*m_registry)
                     .Add({}, prometheus::Histogram::BucketBoundaries{
                                  0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120});
}

Metrics::~Metrics() = default;

void Metrics::event(const std::string& source) { m_events->Add({{"source", source}}).Increment(); }

void Metrics::job(const std::string& outcome, double seconds) {
    m_jobs->Add({{"outcome", outcome}}).Increment();
    m_latency->Observe(seconds);
}

void Metrics::claim(const std::string& kind, const std::string& verdict) {
    m_claims->Add({{"kind", kind}, {"verdict", verdict}}).Increment();
}

void Metrics::reply(const std::string& forge, const std::string& result) {
    m_replies->Add({{"forge", forge}, {"result", result}}).Increment();
}

void Metrics::forge_error(const std::string& forge, rules::ErrorKind kind) {
    m_forge_errors->Add({{"forge", forge}, {"kind", to_string(kind)}}).Increment();
}

void Metrics::webhook(const std::string& forge, int status) {
    m_webhooks->Add({{"forge", forge}, {"status", std::to_string(status)}}).Increment();
}

void Metrics::queue(const QueueCounts& counts) {
    m_queue->Add({{"state", "queued"}}).Set(static_cast<double>(counts.queued));
    m_queue->Add({{"state", "running"}}).Set(static_cast<double>(counts.running));
    m_queue->Add({{"state", "failed"}}).Set(static_cast<double>(counts.failed));
}

std::string Metrics::serialize() const {
    return prometheus::TextSerializer().Serialize(m_registry->Collect());
}

const char* to_string(rules::ErrorKind kind) {
    switch (kind) {
    case rules::ErrorKind::transient: return "transient";
    case rules::ErrorKind::rate_limited: return "rate_limited";
    case rules::ErrorKind::auth: return "auth";
    case rules::ErrorKind::not_found: return "not_found";
    case rules::ErrorKind::conflict: return "conflict";
    case rules::ErrorKind::permanent: return "permanent";
    case rules::ErrorKind::bad_input: return "bad_input";
    }
    return "permanent";
}

}  // namespace bot
