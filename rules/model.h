// The rules' vocabulary: plain structs that vcs/ fills from libgit2 and tree-sitter and
// that rules/ reads. No behaviour here beyond trivial helpers; no third-party types.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rules {

// ---- The diff -------------------------------------------------------------------------

enum class LineOrigin { context, added, removed };

struct DiffLine {
    LineOrigin origin = LineOrigin::context;
    int old_line = 0;  // 1-based line in the base file; 0 for an added line
    int new_line = 0;  // 1-based line in the head file; 0 for a removed line
    std::string text;  // without the trailing newline
};

struct Hunk {
    int old_start = 0;
    int old_count = 0;
    int new_start = 0;
    int new_count = 0;
    std::vector<DiffLine> lines;
};

enum class FileStatus { added, modified, deleted, renamed };

struct FileDiff {
    std::string path;      // path at head (at base for a deleted file)
    std::string old_path;  // path at base; equals path unless renamed
    FileStatus status = FileStatus::modified;
    bool binary = false;  // binary files carry no hunks
    std::vector<Hunk> hunks;
};

// ---- Facts of one source file ---------------------------------------------------------

// What a definition is. Classes include structs, interfaces, enums and traits.
enum class DefKind { function, method, class_, variable, field, parameter };

struct Parameter {
    std::string name;  // "self", "dest_host", "*args", "..." as written, without type
    int line = 0;
    bool variadic = false;  // takes any number of arguments: *args, ...rest, T... xs
};

struct Definition {
    std::string name;
    DefKind kind = DefKind::function;
    std::string scope;                  // enclosing class or function name, "" at file level
    int start_line = 0;                 // first line of the definition (decorators excluded)
    int end_line = 0;                   // last line
    std::vector<Parameter> parameters;  // functions and methods only
    std::optional<int> docstring_line;  // first line of its docstring / doc comment
    std::string docstring;              // its text
};

// A use of a name (not its definition): identifiers in expressions, attribute names
// after a dot (`self.flavor1` yields "flavor1"), called names.
struct Reference {
    std::string name;
    int line = 0;
    std::string scope;  // innermost enclosing function (or class) name, "" at file level
};

struct Call {
    std::string callee;  // last name of the callee: `self.api.get_flavors()` -> "get_flavors"
    std::string text;    // the callee expression as written: "self.api.get_flavors"
    int line = 0;
    int arguments = 0;  // number of arguments passed
};

struct Comment {
    int start_line = 0;
    int end_line = 0;
    std::string text;
    std::string scope;  // innermost enclosing function or class name, "" at file level
};

struct TryBlock {
    int start_line = 0;
    int end_line = 0;
    std::vector<std::string> caught_types;  // "" for a bare except / catch-all
};

struct Import {
    int line = 0;
    std::string text;                // the statement as written (first line)
    std::vector<std::string> names;  // names it binds: `from a import b as c` -> "c"
};

struct Literal {
    int line = 0;
    std::string text;  // as written, quotes included for strings
    bool is_string = false;
};

struct SourceFile {
    std::string path;
    std::string language;            // "python", "java", ..., "" when no grammar fits
    std::vector<std::string> lines;  // the file's lines, without newlines; lines[0] is line 1
    bool parsed = false;             // false: no grammar, binary, or too large
    std::string skipped_reason;      // why it was not parsed, when not
    std::vector<Definition> definitions;
    std::vector<Reference> references;
    std::vector<Call> calls;
    std::vector<Comment> comments;
    std::vector<TryBlock> try_blocks;
    std::vector<Import> imports;
    std::vector<Literal> literals;

    // Line n (1-based) or nullptr when out of range.
    const std::string* line(int n) const {
        return n >= 1 && n <= static_cast<int>(lines.size()) ? &lines[static_cast<size_t>(n - 1)] : nullptr;
    }
};

// Where a name occurs elsewhere in the tree at head (files the change does not touch).
struct Location {
    std::string path;
    int line = 0;
    std::string text;  // that line
    bool is_definition = false;
};

// Everything the verifiers may look at for one change.
struct Change {
    std::vector<FileDiff> files;
    std::map<std::string, SourceFile> head;  // changed files at head, by path
    std::map<std::string, SourceFile> base;  // changed files at base, by old path (lines; facts
                                             // only when parse_base is unset)
    // Facts of a base file, parsed on first request: the old side's facts are rarely
    // needed, and parsing is the costliest stage. Unset: `base` holds parsed files.
    std::function<const SourceFile*(const std::string& path)> parse_base;
    // Names asked about by claims, looked up in the rest of the tree at head.
    std::map<std::string, std::vector<Location>> tree_lookup;
    bool tree_lookup_complete = false;  // false when the lookup was skipped or cut short
};

// ---- Comments, claims, verdicts -------------------------------------------------------

struct ReviewComment {
    std::string id;
    std::string author;
    std::optional<std::string> path;  // anchor; none for a change-level message
    std::optional<int> line;
    std::string body;
};

enum class Verdict { inaccurate, accurate, unverifiable };

struct Evidence {
    std::string path;
    int line = 0;
    std::string text;
};

struct Claim {
    std::string comment_id;
    std::string kind;       // "arity", "unused", ... (see rules/registry.cpp)
    size_t span_begin = 0;  // UTF-8 byte offsets in the comment body, end exclusive
    size_t span_end = 0;
    std::string text;  // the claim's words (body.substr(span))
    // Kind-specific slots filled by the extractor.
    std::string subject;              // the name or construct the claim is about
    std::string object;               // a second name: the suggested replacement, the caught type...
    std::optional<int> number;        // a count or a line number
    bool negated = false;             // "has no docstring", "is never used", "not defined"
    std::optional<std::string> path;  // the file the claim is about, when known
};

struct Finding {
    Claim claim;
    Verdict verdict = Verdict::unverifiable;
    std::vector<Evidence> evidence;
    std::string reason;  // one sentence: what is true instead, or why it cannot be settled
};

inline const char* to_string(Verdict v) {
    switch (v) {
    case Verdict::inaccurate: return "inaccurate";
    case Verdict::accurate: return "accurate";
    case Verdict::unverifiable: return "unverifiable";
    }
    return "unverifiable";
}

}  // namespace rules
