// Whole-tree name search behind Repository::search, and the blob listing it shares
// with Repository::list_files. Internal to vcs/.
#pragma once

#include <git2.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "rules/model.h"
#include "rules/result.h"

namespace vcs {

// The search reads at most this many files and bytes; past either it stops and reports
// an incomplete result, which keeps one odd repository from stalling a worker.
inline constexpr size_t k_search_max_files = 20000;
inline constexpr size_t k_search_max_bytes = 200 * 1024 * 1024;

struct BlobEntry {
    std::string path;
    git_oid id;
};

// Every blob (path and id) in the tree of COMMIT, in tree order.
rules::Result<std::vector<BlobEntry>> list_blobs(git_repository* repo, const std::string& commit);

// See Repository::search. A failure to read the tree yields no hits and *complete=false.
std::map<std::string, std::vector<rules::Location>> search_tree(git_repository* repo,
    const std::string& commit, const std::vector<std::string>& names,
    const std::vector<std::string>& skip_paths, bool* complete, size_t max_hits);

// Whether LINE defines the name found at byte AT (LENGTH bytes long): `def NAME`,
// `class NAME`, `function NAME`, `NAME = ...`, `self.NAME = ...`, `NAME := ...`,
// `func (r T) NAME(`, `int NAME(...) {`. A heuristic over one line of any language.
bool is_definition_site(std::string_view line, size_t at, size_t length);

}  // namespace vcs
