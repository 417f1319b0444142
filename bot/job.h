// One job: check the comments of one change and post each needed reply exactly once.
#pragma once

#include "bot/config.h"
#include "bot/forge.h"
#include "bot/metrics.h"
#include "bot/state.h"

namespace vcs {
class FactsCache;
}

namespace bot {

struct JobContext {
    const Config& config;
    const ForgeConfig& forge_config;
    Forge& forge;
    StateStore& store;
    Metrics* metrics = nullptr;              // may be null
    bool dry_run = false;                    // post through the forge, but record nothing as posted
    vcs::FactsCache* facts_cache = nullptr;  // facts kept across the daemon's jobs; may be null
};

struct JobSummary {
    int comments_checked = 0;
    int replies_posted = 0;
    int replies_already_posted = 0;  // by the ledger or by a marker on the forge
};

// Runs JOB: fetch, diff, facts, claims, verdicts, replies, post. Only comments on the
// change's current patch set are checked, never the bot's own nor any carrying a reply
// marker, and only those of the authors the config names. Fails with the first error a
// forge, git or the store reports; what was posted before it stays posted and is not
// posted again when the job is retried.
rules::Result<JobSummary> run_job(const Job& job, const JobContext& context);

// Posts BODY as the reply to COMMENT exactly once: reserve the key in the ledger, look
// for the marker on the forge (a post whose record was lost), post, record it. Returns
// whether it posted now.
rules::Result<bool> post_once(const JobContext& context, const ChangeInfo& change,
    const ForgeComment& comment, const std::string& body);

}  // namespace bot
