// libgit2 behind vcs::Repository. Every failing libgit2 call is turned into a
// rules::Error on the spot (its message read before anything else can overwrite it);
// "not there" answers (GIT_ENOTFOUND) become empty optionals.
#include "vcs/git.h"

#include <array>
#include <cstring>
#include <string_view>

#include "vcs/handles.h"
#include "vcs/search.h"

namespace vcs {

namespace {

// libgit2 is initialised once per process and shut down at exit, after every handle
// of ours is gone (handles live in objects whose lifetime ends before static teardown).
// Objects read are not hashed again to verify them: the repositories are our own
// mirrors, whose packs libgit2 verified when it indexed them on fetch, or the user's,
// which git verifies; hashing every blob again cost a tenth of a check.
struct Libgit2Session {
    Libgit2Session() {
        git_libgit2_init();
        git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
        // Blobs stay in libgit2's object cache (256 MB in all by default), as trees and
        // commits do: a check reads each changed file for the diff and again for its facts.
        git_libgit2_opts(
            GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, static_cast<size_t>(k_max_file_bytes));
    }
    ~Libgit2Session() { git_libgit2_shutdown(); }
    Libgit2Session(const Libgit2Session&) = delete;
    Libgit2Session& operator=(const Libgit2Session&) = delete;
};

std::string oid_hex(const git_oid* oid) {
    std::array<char, GIT_OID_HEXSZ + 1> buffer{};
    git_oid_tostr(buffer.data(), buffer.size(), oid);
    return buffer.data();
}

// The commit REV names (any revparse syntax, a full id included).
rules::Result<CommitHandle> lookup_commit(git_repository* repo, const std::string& rev) {
    git_object* raw = nullptr;
    if (int rc = git_revparse_single(&raw, repo, rev.c_str()); rc != 0) {
        const auto kind = rc == GIT_ENOTFOUND ? rules::ErrorKind::not_found : rules::ErrorKind::bad_input;
        return git_failure(kind, "cannot resolve revision '" + rev + "'");
    }
    ObjectHandle object(raw);
    git_object* peeled = nullptr;
    if (git_object_peel(&peeled, object.get(), GIT_OBJECT_COMMIT) != 0) {
        return git_failure(rules::ErrorKind::bad_input, "revision '" + rev + "' names no commit");
    }
    // A peeled commit object is a git_commit: libgit2 documents the cast.
    return CommitHandle(reinterpret_cast<git_commit*>(peeled));
}

rules::Result<TreeHandle> commit_tree(git_repository* repo, const std::string& rev) {
    auto commit = lookup_commit(repo, rev);
    if (!commit) {
        return commit.error();
    }
    git_tree* tree = nullptr;
    if (git_commit_tree(&tree, commit->get()) != 0) {
        return git_failure(rules::ErrorKind::permanent, "cannot read the tree of " + rev);
    }
    return TreeHandle(tree);
}

rules::FileStatus file_status(git_delta_t status) {
    switch (status) {
    case GIT_DELTA_ADDED:
    case GIT_DELTA_COPIED:
    case GIT_DELTA_UNTRACKED: return rules::FileStatus::added;
    case GIT_DELTA_DELETED: return rules::FileStatus::deleted;
    case GIT_DELTA_RENAMED: return rules::FileStatus::renamed;
    default: return rules::FileStatus::modified;
    }
}

std::string line_text(const git_diff_line* line) {
    std::string_view text(line->content, line->content_len);
    if (!text.empty() && text.back() == '\n') {
        text.remove_suffix(1);
    }
    if (!text.empty() && text.back() == '\r') {
        text.remove_suffix(1);
    }
    return std::string(text);
}

// The hunks of one delta, or binary=true when libgit2 finds it binary or too large.
rules::Result<rules::FileDiff> file_diff(git_diff* diff, size_t index) {
    const git_diff_delta* delta = git_diff_get_delta(diff, index);
    rules::FileDiff file;
    file.status = file_status(delta->status);
    file.old_path = delta->old_file.path != nullptr ? delta->old_file.path : "";
    file.path = delta->new_file.path != nullptr ? delta->new_file.path : file.old_path;
    if (file.status == rules::FileStatus::deleted) {
        file.path = file.old_path;
    } else if (file.status == rules::FileStatus::added) {
        file.old_path = file.path;
    }

    git_patch* raw_patch = nullptr;
    if (git_patch_from_diff(&raw_patch, diff, index) != 0) {
        return git_failure(rules::ErrorKind::permanent, "cannot diff " + file.path);
    }
    PatchHandle patch(raw_patch);
    // Without a patch (libgit2 makes none for some binary deltas) the diff's delta
    // carries the binary flag.
    const git_diff_delta* loaded = patch != nullptr ? git_patch_get_delta(patch.get()) : delta;
    if (patch == nullptr || (loaded->flags & GIT_DIFF_FLAG_BINARY) != 0) {
        file.binary = true;
        return file;
    }
    const size_t hunk_count = git_patch_num_hunks(patch.get());
    file.hunks.reserve(hunk_count);
    for (size_t h = 0; h < hunk_count; ++h) {
        const git_diff_hunk* header = nullptr;
        size_t line_count = 0;
        if (git_patch_get_hunk(&header, &line_count, patch.get(), h) != 0) {
            return git_failure(rules::ErrorKind::permanent, "cannot read a hunk of " + file.path);
        }
        rules::Hunk hunk;
        hunk.old_start = header->old_start;
        hunk.old_count = header->old_lines;
        hunk.new_start = header->new_start;
        hunk.new_count = header->new_lines;
        hunk.lines.reserve(line_count);
        for (size_t l = 0; l < line_count; ++l) {
            const git_diff_line* line = nullptr;
            if (git_patch_get_line_in_hunk(&line, patch.get(), h, l) != 0) {
                return git_failure(rules::ErrorKind::permanent, "cannot read a diff line of " + file.path);
            }
            rules::DiffLine out;
            switch (line->origin) {
            case GIT_DIFF_LINE_CONTEXT: out.origin = rules::LineOrigin::context; break;
            case GIT_DIFF_LINE_ADDITION: out.origin = rules::LineOrigin::added; break;
            case GIT_DIFF_LINE_DELETION: out.origin = rules::LineOrigin::removed; break;
            default: continue;  // "\ No newline at end of file" markers carry no line
            }
            out.old_line = line->old_lineno > 0 ? line->old_lineno : 0;
            out.new_line = line->new_lineno > 0 ? line->new_lineno : 0;
            out.text = line_text(line);
            hunk.lines.push_back(std::move(out));
        }
        file.hunks.push_back(std::move(hunk));
    }
    return file;
}

// git_tree_walk callback: collects blobs (not trees, not submodule commits).
int collect_blob(const char* root, const git_tree_entry* entry, void* payload) {
    if (git_tree_entry_type(entry) == GIT_OBJECT_BLOB) {
        auto* entries = static_cast<std::vector<BlobEntry>*>(payload);
        entries->push_back({std::string(root) + git_tree_entry_name(entry), *git_tree_entry_id(entry)});
    }
    return 0;
}

}  // namespace

void ensure_libgit2() { static const Libgit2Session session; }

std::string last_git_error() {
    const git_error* error = git_error_last();
    return error != nullptr && error->message != nullptr ? error->message : "unknown error";
}

rules::Error git_failure(rules::ErrorKind kind, const std::string& what) {
    return rules::Error{kind, what + ": " + last_git_error()};
}

rules::Result<std::vector<BlobEntry>> list_blobs(git_repository* repo, const std::string& commit) {
    auto tree = commit_tree(repo, commit);
    if (!tree) {
        return tree.error();
    }
    std::vector<BlobEntry> entries;
    if (git_tree_walk(tree->get(), GIT_TREEWALK_PRE, collect_blob, &entries) != 0) {
        return git_failure(rules::ErrorKind::permanent, "cannot walk the tree of " + commit);
    }
    return entries;
}

void Repository::Deleter::operator()(git_repository* r) const { git_repository_free(r); }

Repository::Repository(git_repository* repo) : m_repo(repo) {}
Repository::Repository(Repository&&) noexcept = default;
Repository& Repository::operator=(Repository&&) noexcept = default;
Repository::~Repository() = default;

rules::Result<Repository> Repository::open(const std::string& path) {
    ensure_libgit2();
    git_repository* repo = nullptr;
    // NO_SEARCH: a directory inside some other repository must not open that one.
    if (int rc = git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc != 0) {
        const auto kind = rc == GIT_ENOTFOUND ? rules::ErrorKind::not_found : rules::ErrorKind::permanent;
        return git_failure(kind, "no git repository at " + path);
    }
    return Repository(repo);
}

std::optional<std::string> Repository::resolve(const std::string& rev) const {
    auto commit = lookup_commit(m_repo.get(), rev);
    if (!commit) {
        return std::nullopt;
    }
    return oid_hex(git_commit_id(commit->get()));
}

std::optional<std::string> Repository::first_parent(const std::string& commit) const {
    auto found = lookup_commit(m_repo.get(), commit);
    if (!found || git_commit_parentcount(found->get()) == 0) {
        return std::nullopt;
    }
    return oid_hex(git_commit_parent_id(found->get(), 0));
}

rules::Result<std::vector<rules::FileDiff>> Repository::diff(
    const std::string& base, const std::string& head) const {
    auto base_tree = commit_tree(m_repo.get(), base);
    if (!base_tree) {
        return base_tree.error();
    }
    auto head_tree = commit_tree(m_repo.get(), head);
    if (!head_tree) {
        return head_tree.error();
    }
    git_diff_options options = GIT_DIFF_OPTIONS_INIT;
    options.context_lines = 3;
    // libgit2 marks blobs over max_size binary without loading them into the patch.
    options.max_size = static_cast<git_off_t>(k_max_file_bytes);
    git_diff* raw = nullptr;
    if (git_diff_tree_to_tree(&raw, m_repo.get(), base_tree->get(), head_tree->get(), &options) != 0) {
        return git_failure(rules::ErrorKind::permanent, "cannot diff " + base + ".." + head);
    }
    DiffHandle diff(raw);
    git_diff_find_options find = GIT_DIFF_FIND_OPTIONS_INIT;
    find.flags = GIT_DIFF_FIND_RENAMES;
    if (git_diff_find_similar(diff.get(), &find) != 0) {
        return git_failure(rules::ErrorKind::permanent, "cannot detect renames in " + base + ".." + head);
    }
    std::vector<rules::FileDiff> files;
    const size_t count = git_diff_num_deltas(diff.get());
    files.reserve(count);
    for (size_t i = 0; i < count; ++i) {
        auto file = file_diff(diff.get(), i);
        if (!file) {
            return file.error();
        }
        files.push_back(std::move(*file));
    }
    return files;
}

rules::Result<std::optional<std::string>> Repository::read_file(
    const std::string& commit, const std::string& path) const {
    auto tree = commit_tree(m_repo.get(), commit);
    if (!tree) {
        return tree.error();
    }
    git_tree_entry* raw_entry = nullptr;
    if (int rc = git_tree_entry_bypath(&raw_entry, tree->get(), path.c_str()); rc != 0) {
        if (rc == GIT_ENOTFOUND) {
            return std::optional<std::string>();
        }
        return git_failure(rules::ErrorKind::permanent, "cannot look up " + path + " in " + commit);
    }
    TreeEntryHandle entry(raw_entry);
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB) {
        return std::optional<std::string>();  // a directory or a submodule: no file content
    }
    git_blob* raw_blob = nullptr;
    if (git_blob_lookup(&raw_blob, m_repo.get(), git_tree_entry_id(entry.get())) != 0) {
        return git_failure(rules::ErrorKind::permanent, "cannot read " + path + " in " + commit);
    }
    BlobHandle blob(raw_blob);
    const auto size = static_cast<size_t>(git_blob_rawsize(blob.get()));
    if (size > k_max_file_bytes) {
        return rules::Error{
            rules::ErrorKind::permanent, path + " in " + commit + " is " + std::to_string(size) +
                                             " bytes, over the limit of " + std::to_string(k_max_file_bytes)};
    }
    const auto* data = static_cast<const char*>(git_blob_rawcontent(blob.get()));
    std::string content(data, size);
    if (content.find('\0') != std::string::npos) {
        return rules::Error{
            rules::ErrorKind::permanent, path + " in " + commit + " is binary (contains NUL bytes)"};
    }
    return std::optional<std::string>(std::move(content));
}

rules::Result<std::vector<std::string>> Repository::list_files(const std::string& commit) const {
    auto blobs = list_blobs(m_repo.get(), commit);
    if (!blobs) {
        return blobs.error();
    }
    std::vector<std::string> paths;
    paths.reserve(blobs->size());
    for (auto& blob : *blobs) {
        paths.push_back(std::move(blob.path));
    }
    return paths;
}

std::map<std::string, std::vector<rules::Location>> Repository::search(const std::string& commit,
    const std::vector<std::string>& names, const std::vector<std::string>& skip_paths, bool* complete,
    size_t max_hits) const {
    return search_tree(m_repo.get(), commit, names, skip_paths, complete, max_hits);
}

}  // namespace vcs
