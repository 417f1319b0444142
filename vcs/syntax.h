// Tree-sitter facts: parse one file and describe it in the rules' vocabulary
// (definitions with parameters, references, calls, comments, docstrings, try/catch,
// imports, literals). Pure of I/O; one parser per call, safe from any thread.
#pragma once

#include <string>
#include <vector>

#include "rules/model.h"

namespace vcs {

// The grammar name for PATH by its extension ("python", "java", "javascript",
// "typescript", "tsx", "go", "c", "cpp", "rust"), or "" when none fits.
std::string language_for_path(const std::string& path);

// Facts of CONTENT, the text of PATH. Always fills path, language and lines; when no
// grammar fits or parsing fails, parsed is false and skipped_reason says why.
rules::SourceFile parse_source(const std::string& path, const std::string& content);

// How big the pieces of a large file are: parse_sources parses a file of twice this or
// more in pieces, on parallel threads.
inline constexpr size_t k_piece_bytes = 40 * 1024;

// parse_source, with a file of twice PIECE_BYTES or more parsed in pieces on up to
// THREADS threads, as parse_sources does; PIECES, when given, is set to the number of
// pieces parsed (1 when the file was parsed whole). The facts are parse_source's.
rules::SourceFile parse_source_in_pieces(const std::string& path, const std::string& content,
    unsigned threads, size_t* pieces = nullptr, size_t piece_bytes = k_piece_bytes);

// PATH's lines and language without parsing: for sides whose facts are parsed later,
// if at all. parsed is false and skipped_reason says so.
rules::SourceFile source_lines(const std::string& path, const std::string& content);

struct SourceText {
    std::string path;
    std::string content;
};

class FactsCache;

// parse_source for each input, on up to THREADS threads (0: one per core), in input order;
// large files are parsed in pieces (parse_source_in_pieces).
// With CACHE, inputs it keeps are not parsed again, and what is parsed is kept there.
std::vector<rules::SourceFile> parse_sources(
    const std::vector<SourceText>& inputs, unsigned threads = 0, FactsCache* cache = nullptr);

}  // namespace vcs
