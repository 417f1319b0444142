#include "bot/job.h"

#include <spdlog/spdlog.h>

#include "bot/check.h"
#include "bot/comments.h"
#include "bot/reply.h"
#include "vcs/git.h"
#include "vcs/mirror.h"

namespace bot {

namespace {

// The first part of every marker (bot/reply.h): comments holding it are replies.
constexpr std::string_view k_marker_prefix = "<!-- claimcheck:";

struct Revisions {
    std::string base;
    std::string head;
};

// The credentials for git: those the forge gave with CHANGE, else FORGE's: Gerrit's HTTP
// user and password, or a GitHub token.
vcs::RemoteAuth auth_of(const ForgeConfig& forge, const ChangeInfo& change) {
    vcs::RemoteAuth auth;
    if (!change.fetch_password.empty()) {
        auth.username = change.fetch_username;
        auth.password = change.fetch_password;
        return auth;
    }
    auth.username = forge.username;
    auth.password = forge.password;
    if (auth.password.empty() && !forge.token.empty()) {
        auth.username = auth.username.empty() ? "x-access-token" : auth.username;
        auth.password = forge.token;
    }
    return auth;
}

struct Fetched {
    vcs::Repository repo;
    std::string path;
};

// 1. fetch: the change's refs into its project's mirror, or a local repository as it is.
rules::Result<Fetched> fetch(const JobContext& context, const ChangeInfo& change) {
    std::string path = change.repo_path;
    if (!change.fetch_url.empty()) {
        std::vector<std::string> refs{change.head_ref};
        if (!change.base_ref.empty()) {
            refs.push_back(change.base_ref);
        }
        auto fetched = vcs::MirrorCache(context.config.cache_dir)
                           .fetch(change.fetch_url, refs, auth_of(context.forge_config, change));
        if (!fetched) {
            return fetched.error();
        }
        path = fetched->path;
    }
    auto repo = vcs::Repository::open(path);
    if (!repo) {
        return rules::Error{rules::ErrorKind::transient, "change " + change.id + ": " + repo.error().message};
    }
    return Fetched{std::move(*repo), path};
}

rules::Result<Revisions> resolve(const Fetched& fetched, const ChangeInfo& change) {
    const auto& repo = fetched.repo;
    const auto head = repo.resolve(change.head_sha.empty() ? change.head_ref : change.head_sha);
    if (!head) {
        return rules::Error{
            rules::ErrorKind::transient, "change " + change.id + ": no commit " + change.head_ref};
    }
    const auto base_rev = change.base_sha.empty() ? change.base_ref : change.base_sha;
    if (change.merge_base && !base_rev.empty()) {
        auto merge_base = vcs::change_base(fetched.path, *head, vcs::ChangeKind::github, base_rev);
        if (!merge_base) {
            return rules::Error{rules::ErrorKind::permanent, "change " + change.id + ": no merge base with " +
                                                                 base_rev + ": " +
                                                                 merge_base.error().message};
        }
        return Revisions{*merge_base, *head};
    }
    const auto base = base_rev.empty() ? repo.first_parent(*head) : repo.resolve(base_rev);
    if (!base) {
        return rules::Error{rules::ErrorKind::permanent, "change " + change.id + ": no base commit"};
    }
    return Revisions{*base, *head};
}

bool is_checked(const JobContext& context, const ChangeInfo& change, const ForgeComment& comment) {
    return comment.patchset == change.patchset && comment.body.find(k_marker_prefix) == std::string::npos &&
           should_check_author(context.config, context.forge_config, comment.author);
}

// 2. comments: those of the current patch set that are to be checked.
std::vector<LoadedComment> select_comments(
    const JobContext& context, const ChangeInfo& change, const std::vector<ForgeComment>& comments) {
    std::vector<LoadedComment> selected;
    for (const auto& comment : comments) {
        if (!is_checked(context, change, comment)) {
            continue;
        }
        LoadedComment loaded;
        loaded.comment = {comment.id, comment.author,
            comment.path.empty() ? std::nullopt : std::optional(comment.path),
            comment.line > 0 ? std::optional(comment.line) : std::nullopt, comment.body};
        loaded.valid_utf8 = is_valid_utf8(comment.body);
        selected.push_back(std::move(loaded));
    }
    return selected;
}

void count_claims(const JobContext& context, const CheckReport& report) {
    if (!context.metrics) {
        return;
    }
    for (const auto& result : report.comments) {
        for (const auto& finding : result.findings) {
            context.metrics->claim(finding.claim.kind, rules::to_string(finding.verdict));
        }
    }
}

const ForgeComment* find_comment(const std::vector<ForgeComment>& comments, const std::string& id) {
    for (const auto& comment : comments) {
        if (comment.id == id) {
            return &comment;
        }
    }
    return nullptr;
}

// A forge call's error, counted.
rules::Error forge_error(const JobContext& context, const rules::Error& error) {
    if (context.metrics) {
        context.metrics->forge_error(context.forge.name(), error.kind);
    }
    return error;
}

}  // namespace

rules::Result<bool> post_once(const JobContext& context, const ChangeInfo& change,
    const ForgeComment& comment, const std::string& body) {
    const auto key = reply_key(context.forge.name(), change.id, comment.patchset, comment.id);
    const auto count = [&](const char* result) {
        if (context.metrics) {
            context.metrics->reply(context.forge.name(), result);
        }
    };
    auto reserved = context.store.reserve_reply(key);
    if (!reserved) {
        return reserved.error();
    }
    if (!*reserved) {
        count("already_posted");
        return false;
    }
    auto found = context.forge.find_marker(change, reply_marker(comment.id));
    if (!found) {
        return forge_error(context, found.error());
    }
    if (*found) {
        spdlog::info("{}: change {}: reply to {} was already posted; recording it", context.forge.name(),
            change.id, comment.id);
        count("already_posted");
        if (!context.dry_run) {
            auto marked = context.store.mark_posted(key, "found-marker");
            if (!marked) {
                return marked.error();
            }
        }
        return false;
    }
    auto posted = context.forge.post_reply(change, comment, body);
    if (!posted) {
        return forge_error(context, posted.error());
    }
    if (context.dry_run) {
        count("dry_run");
        return true;
    }
    auto marked = context.store.mark_posted(key, *posted);
    if (!marked) {
        return marked.error();
    }
    spdlog::info("{}: change {}: replied to {} ({})", context.forge.name(), change.id, comment.id, *posted);
    count("posted");
    return true;
}

rules::Result<JobSummary> run_job(const Job& job, const JobContext& context) {
    JobSummary summary;
    // 1. fetch: the change as it is now, and a repository that holds it.
    auto change = context.forge.get_change(job.change);
    if (!change) {
        return forge_error(context, change.error());
    }
    auto repo = fetch(context, *change);
    if (!repo) {
        return repo.error();
    }
    auto revisions = resolve(*repo, *change);
    if (!revisions) {
        return revisions.error();
    }
    // 2. comments: those of the current patch set to be checked.
    auto comments = context.forge.list_comments(*change);
    if (!comments) {
        return forge_error(context, comments.error());
    }
    const auto selected = select_comments(context, *change, *comments);
    summary.comments_checked = static_cast<int>(selected.size());
    // 3-6. diff, facts, claims, verdicts and replies: the check pipeline.
    auto report = check_change(repo->repo, revisions->base, revisions->head, selected, context.facts_cache);
    if (!report) {
        return report.error();
    }
    count_claims(context, *report);
    // 7. post: each reply exactly once.
    for (const auto& reply : report->replies) {
        const auto* comment = find_comment(*comments, reply.comment_id);
        if (!comment) {
            continue;  // replies answer selected comments, which all come from the list
        }
        auto posted = post_once(context, *change, *comment, reply.body);
        if (!posted) {
            return posted.error();
        }
        ++(*posted ? summary.replies_posted : summary.replies_already_posted);
    }
    return summary;
}

}  // namespace bot
