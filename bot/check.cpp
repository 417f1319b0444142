#include "bot/check.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <future>
#include <memory>
#include <mutex>
#include <optional>

#include "bot/redact.h"
#include "bot/reply.h"
#include "rules/engine.h"
#include "vcs/git.h"
#include "vcs/mirror.h"
#include "vcs/syntax.h"

namespace bot {

std::string default_cache_dir() {
    if (const char* xdg = std::getenv("XDG_CACHE_HOME"); xdg != nullptr && *xdg != '\0') {
        return std::string(xdg) + "/claimcheck/mirrors";
    }
    const char* home = std::getenv("HOME");
    return std::string(home != nullptr ? home : ".") + "/.cache/claimcheck/mirrors";
}

namespace {

rules::Error bad_input(std::string message) { return {rules::ErrorKind::bad_input, std::move(message)}; }

struct Revisions {
    std::string base;
    std::string head;
};

// A URL (or scp-like ssh address) rather than a local path.
bool looks_like_url(const std::string& repo) {
    return repo.find("://") != std::string::npos ||
           (repo.find('@') != std::string::npos && repo.find(':') != std::string::npos &&
               repo.front() != '/');
}

// A remote is fetched into its mirror in the cache first: only the refs asked for
// (--head, and --base when given), incrementally, with progress on a terminal.
rules::Result<std::string> local_path(const CheckOptions& options) {
    if (!looks_like_url(options.repo)) {
        return options.repo;
    }
    std::vector<std::string> refs{options.head};
    if (options.base) {
        refs.push_back(*options.base);
    }
    vcs::FetchOptions fetch_options;
    fetch_options.progress_on_tty = true;
    fetch_options.log = [](const std::string& line) { spdlog::warn("{}", line); };
    auto fetched = vcs::MirrorCache(options.cache_dir).fetch(options.repo, refs, {}, fetch_options);
    if (!fetched) {
        const auto kind = fetched.error().kind;
        const bool input = kind == rules::ErrorKind::not_found || kind == rules::ErrorKind::auth ||
                           kind == rules::ErrorKind::bad_input;
        return rules::Error{input ? rules::ErrorKind::bad_input : kind, "--repo: " + fetched.error().message};
    }
    spdlog::debug("fetched {} into {}", redact(options.repo), fetched->path);
    return fetched->path;
}

rules::Result<vcs::Repository> open_repository(const CheckOptions& options) {
    auto local = local_path(options);
    if (!local) {
        return local.error();
    }
    const std::string& path = *local;
    auto repo = vcs::Repository::open(path);
    if (!repo) {
        return bad_input("--repo: " + repo.error().message);
    }
    spdlog::debug("opened repository {}", redact(path));
    return repo;
}

rules::Result<Revisions> resolve_revisions(const vcs::Repository& repo, const CheckOptions& options) {
    Revisions revisions;
    const auto head = repo.resolve(options.head);
    if (!head) {
        return bad_input("--head " + options.head + ": unknown revision");
    }
    revisions.head = *head;
    if (options.base) {
        const auto base = repo.resolve(*options.base);
        if (!base) {
            return bad_input("--base " + *options.base + ": unknown revision");
        }
        revisions.base = *base;
    } else {
        const auto parent = repo.first_parent(revisions.head);
        if (!parent) {
            return bad_input("--head " + options.head + ": the commit has no parent; pass --base");
        }
        revisions.base = *parent;
    }
    spdlog::debug("checking {}..{}", revisions.base, revisions.head);
    return revisions;
}

void note(std::vector<std::string>& skipped, std::string line) {
    if (std::find(skipped.begin(), skipped.end(), line) == skipped.end()) {
        spdlog::debug("skipped: {}", line);
        skipped.push_back(std::move(line));
    }
}

// The content of PATH at COMMIT; empty when absent or unreadable (noted in SKIPPED).
std::optional<std::string> read_source(const vcs::Repository& repo, const std::string& commit,
    const std::string& path, std::vector<std::string>& skipped) {
    auto content = repo.read_file(commit, path);
    if (!content) {
        note(skipped, path + ": not read: " + content.error().message);
        return std::nullopt;
    }
    return content->has_value() ? std::optional<std::string>(std::move(**content)) : std::nullopt;
}

// Base files parsed on first request, once each; safe from several threads.
class LazyBase {
public:
    void add(const std::string& path, std::string content) { m_files[path].content = std::move(content); }

    const rules::SourceFile* get(const std::string& path) {
        std::lock_guard lock(m_mutex);
        auto it = m_files.find(path);
        if (it == m_files.end()) {
            return nullptr;
        }
        if (!it->second.parsed) {
            it->second.parsed = vcs::parse_source(path, it->second.content);
        }
        return &*it->second.parsed;
    }

private:
    struct Entry {
        std::string content;
        std::optional<rules::SourceFile> parsed;
    };
    std::mutex m_mutex;
    std::map<std::string, Entry> m_files;
};

// The facts of every changed file at head, parsed on parallel threads; the base side's
// lines now and its facts only when a verifier asks for them (rarely).
void collect_facts(const vcs::Repository& repo, const Revisions& revisions, rules::Change& change,
    std::vector<std::string>& skipped, vcs::FactsCache* facts_cache) {
    std::vector<vcs::SourceText> heads;
    auto base = std::make_shared<LazyBase>();
    for (const auto& file : change.files) {
        if (file.binary) {
            note(skipped, file.path + ": binary file");
            continue;
        }
        if (file.status != rules::FileStatus::deleted) {
            if (auto content = read_source(repo, revisions.head, file.path, skipped)) {
                heads.push_back({file.path, std::move(*content)});
            }
        }
        if (file.status != rules::FileStatus::added) {
            if (auto content = read_source(repo, revisions.base, file.old_path, skipped)) {
                change.base[file.old_path] = vcs::source_lines(file.old_path, *content);
                base->add(file.old_path, std::move(*content));
            }
        }
    }
    for (auto& source : vcs::parse_sources(heads, 0, facts_cache)) {
        if (!source.parsed) {
            note(skipped,
                source.path + ": " + (source.skipped_reason.empty() ? "not parsed" : source.skipped_reason));
        }
        change.head[source.path] = std::move(source);
    }
    change.parse_base = [base](const std::string& path) { return base->get(path); };
}

// The claims of each comment, and a result for each to fill; comments that cannot be
// read as text are skipped.
struct Extracted {
    std::vector<CommentResult> results;
    std::vector<std::vector<rules::Claim>> claims;
    std::vector<std::string> skipped;
};

Extracted extract_all(const std::vector<LoadedComment>& comments) {
    Extracted out;
    for (const auto& loaded : comments) {
        CommentResult result;
        result.comment = loaded.comment;
        if (!loaded.valid_utf8) {
            result.checked = false;
            note(out.skipped, "comment " + loaded.comment.id + ": body is not valid UTF-8; skipped");
            out.claims.emplace_back();
        } else {
            out.claims.push_back(rules::extract_claims(loaded.comment));
        }
        out.results.push_back(std::move(result));
    }
    return out;
}

// extract_all on a thread of its own: what a comment claims depends on its words alone,
// so it is read while the change is (reading the change is most of a check's time).
std::future<Extracted> extract_in_background(const std::vector<LoadedComment>& comments) {
    return std::async(std::launch::async, [&comments] { return extract_all(comments); });
}

// Looks up, in the rest of the tree at head, the names the claims ask about that the
// changed files do not define.
void look_up_names(const vcs::Repository& repo, const std::string& head,
    const std::vector<std::vector<rules::Claim>>& claims, rules::Change& change) {
    std::vector<rules::Claim> all;
    for (const auto& per_comment : claims) {
        all.insert(all.end(), per_comment.begin(), per_comment.end());
    }
    const auto names = rules::names_to_look_up(all, change);
    if (names.empty()) {
        change.tree_lookup_complete = true;
        return;
    }
    std::vector<std::string> changed_paths;
    for (const auto& file : change.files) {
        changed_paths.push_back(file.path);
    }
    bool complete = true;
    change.tree_lookup = repo.search(head, names, changed_paths, &complete);
    change.tree_lookup_complete = complete;
    spdlog::debug("looked up {} names in the tree ({})", names.size(), complete ? "complete" : "cut short");
}

void verify_all(
    const std::vector<std::vector<rules::Claim>>& claims, const rules::Change& change, CheckReport& report) {
    for (size_t i = 0; i < report.comments.size(); ++i) {
        auto& result = report.comments[i];
        for (const auto& claim : claims[i]) {
            result.findings.push_back(rules::verify(claim, result.comment, change));
        }
    }
}

// Logs, at debug level, how long each stage of a check took.
class StageTimer {
public:
    void done(const char* stage) {
        const auto now = std::chrono::steady_clock::now();
        spdlog::debug(
            "{}: {:.1f} ms", stage, std::chrono::duration<double, std::milli>(now - m_last).count());
        m_last = now;
    }

private:
    std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
};

void compose_replies(CheckReport& report) {
    for (const auto& result : report.comments) {
        if (auto body = compose_reply(result.comment.id, result.findings, report.head)) {
            report.replies.push_back({result.comment.id, std::move(*body)});
        }
    }
}

rules::Result<CheckReport> check_with(const vcs::Repository& repo, const std::string& base,
    const std::string& head, std::future<Extracted>& extracted, vcs::FactsCache* facts_cache) {
    StageTimer timer;
    CheckReport report;
    rules::Change change;
    const Revisions revisions{base, head};
    report.base = base;
    report.head = head;
    // 1. Diff: base..head, hunks and renames.
    auto diff = repo.diff(base, head);
    if (!diff) {
        return diff.error();
    }
    change.files = std::move(*diff);
    timer.done("diff");
    // 2. Facts of the changed files, before and after.
    collect_facts(repo, revisions, change, report.skipped, facts_cache);
    timer.done("facts");
    // 3. Claims, per comment, extracted meanwhile.
    auto claims = extracted.get();
    report.comments = std::move(claims.results);
    for (auto& line : claims.skipped) {
        note(report.skipped, std::move(line));
    }
    timer.done("claims (what was left of extracting them)");
    // 4. Names the claims need from the rest of the tree.
    look_up_names(repo, head, claims.claims, change);
    timer.done("tree look-up");
    // 5. A verdict with evidence for every claim.
    verify_all(claims.claims, change, report);
    timer.done("verification");
    // 6. One reply per comment with inaccurate claims.
    compose_replies(report);
    return report;
}

}  // namespace

rules::Result<CheckReport> run_check(const CheckOptions& options) {
    // Comments first: a bad file fails before any git work.
    auto comments = load_comments(options.comments_file);
    if (!comments) {
        return comments.error();
    }
    auto extracted = extract_in_background(*comments);
    StageTimer timer;
    // 1. Open the repository (a local path).
    auto repo = open_repository(options);
    if (!repo) {
        return repo.error();
    }
    // 2. Resolve base and head to commit ids.
    auto revisions = resolve_revisions(*repo, options);
    if (!revisions) {
        return revisions.error();
    }
    timer.done("open the repository");
    // 3. The rest of the pipeline.
    return check_with(*repo, revisions->base, revisions->head, extracted, options.facts_cache);
}

rules::Result<CheckReport> check_change(const vcs::Repository& repo, const std::string& base,
    const std::string& head, const std::vector<LoadedComment>& comments, vcs::FactsCache* facts_cache) {
    auto extracted = extract_in_background(comments);
    return check_with(repo, base, head, extracted, facts_cache);
}

}  // namespace bot
