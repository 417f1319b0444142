// Tree-sitter facts: parse one file and describe it in the rules' vocabulary
// (definitions with parameters, references, calls, comments, docstrings, try/catch,
// imports, literals). Pure of I/O; one parser per call, safe from any thread.
#pragma once

#include <string>

#include "rules/model.h"

namespace vcs {

// The grammar name for PATH by its extension ("python", "java", "javascript",
// "typescript", "tsx", "go", "c", "cpp", "rust"), or "" when none fits.
std::string language_for_path(const std::string& path);

// Facts of CONTENT, the text of PATH. Always fills path, language and lines; when no
// grammar fits or parsing fails, parsed is false and skipped_reason says why.
rules::SourceFile parse_source(const std::string& path, const std::string& content);

}  // namespace vcs
