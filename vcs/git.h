// libgit2 behind a small surface: open a repository, resolve revisions, diff two
// commits into the rules' vocabulary and read blobs, all without a work tree.
// One Repository per thread; it is movable, not copyable.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "rules/model.h"
#include "rules/result.h"

struct git_repository;

namespace vcs {

// Files larger than this are treated like binary files: listed in the diff, not read.
inline constexpr size_t k_max_file_bytes = 2 * 1024 * 1024;

class Repository {
public:
    // Opens a repository at PATH (a work tree, its .git, or a bare repository).
    // Fails with not_found when PATH is no repository.
    static rules::Result<Repository> open(const std::string& path);

    Repository(Repository&&) noexcept;
    Repository& operator=(Repository&&) noexcept;
    ~Repository();

    // The commit id (40 hex digits) REV names: a sha, a branch, a tag, "HEAD~1", a ref.
    // Empty when REV names nothing or no commit.
    std::optional<std::string> resolve(const std::string& rev) const;

    // The first parent of COMMIT; empty for a root commit.
    std::optional<std::string> first_parent(const std::string& commit) const;

    // The tree diff BASE..HEAD (commit ids), with renames detected; binary and huge
    // files are listed with binary=true and no hunks.
    rules::Result<std::vector<rules::FileDiff>> diff(const std::string& base, const std::string& head) const;

    // The content of PATH in COMMIT; empty when the path is absent there. Fails for
    // content over k_max_file_bytes or containing NUL bytes (kind permanent).
    rules::Result<std::optional<std::string>> read_file(
        const std::string& commit, const std::string& path) const;

    // Every blob path in COMMIT's tree.
    rules::Result<std::vector<std::string>> list_files(const std::string& commit) const;

    // Occurrences of each NAME (as a whole word) in the text files of COMMIT, skipping
    // SKIP_PATHS, at most MAX_HITS per name. is_definition marks lines that define it
    // (`def NAME`, `class NAME`, `function NAME`, `NAME = `, ...); definitions come first.
    // A skip path names a file or a whole directory. Binary and huge blobs are skipped.
    // Sets *complete to false when the search was cut short (too many files or bytes);
    // hits beyond MAX_HITS for a name are dropped without clearing it.
    std::map<std::string, std::vector<rules::Location>> search(const std::string& commit,
        const std::vector<std::string>& names, const std::vector<std::string>& skip_paths, bool* complete,
        size_t max_hits = 20) const;

private:
    explicit Repository(git_repository* repo);
    struct Deleter {
        void operator()(git_repository* r) const;
    };
    std::unique_ptr<git_repository, Deleter> m_repo;
};

}  // namespace vcs
