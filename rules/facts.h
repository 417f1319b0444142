// Questions the verifiers ask of a change: which files a comment is about, where a name
// is defined and used, what a numbered line holds under each numbering a reviewer may
// have used, and whether a name occurs anywhere at all.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "rules/model.h"

namespace rules::facts {

// The head files a comment speaks about: its anchor file when it has one (none when that
// file is not among the changed files left at head: it is not read), else every file the
// change leaves at head. Deleted files are never included.
std::vector<const SourceFile*> files_for(const Change& change, const ReviewComment& comment);

struct DefHit {
    const SourceFile* file = nullptr;
    const Definition* def = nullptr;
};

// Definitions named NAME in FILES (every kind unless KINDS is given).
std::vector<DefHit> definitions(const std::vector<const SourceFile*>& files, std::string_view name,
    const std::vector<DefKind>& kinds = {});

// References to NAME in FILE between FIRST and LAST line (inclusive), leaving out lines
// on which NAME is only being defined as a parameter or declared.
std::vector<const Reference*> references(const SourceFile& file, std::string_view name, int first, int last);

// Whether NAME occurs as a whole word in any changed file at head or base, or in the
// tree lookup. The search is over raw text: strings and comments count.
bool occurs_anywhere(const Change& change, std::string_view name);
// Whether it occurs at head only (changed files' text and tree lookup).
bool occurs_at_head(const Change& change, std::string_view name);

// The first and last line of the statement that covers line N (brackets balanced).
std::pair<int, int> statement_lines(const SourceFile& file, int n);

// Head lines that line N may mean: N in the file, the head line at position N of the
// file's diff (with and without the hunk header lines counted), and, for a line the
// change removed, nothing at head. Deduplicated, in that order.
std::vector<int> line_readings(const Change& change, const SourceFile& file, int n);

// Lines the change added to PATH at head.
std::vector<int> added_lines(const Change& change, const std::string& path);

// The diff of PATH, or nullptr.
const FileDiff* diff_of(const Change& change, const std::string& path);

// Innermost function or method definition covering LINE, or nullptr.
const Definition* enclosing_function(const SourceFile& file, int line);

Evidence evidence(const SourceFile& file, int line);

// The base side of PATH with its facts (parsed on demand), or nullptr.
const SourceFile* parsed_base(const Change& change, const std::string& path);

}  // namespace rules::facts
