// The per-language side of vcs/syntax: which grammar node types play which part
// (definition, call, comment, literal, ...). The walker in syntax.cpp is generic and
// asks this table what a node is; code that differs per language keys on Lang.
#pragma once

#include <tree_sitter/api.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace vcs {

enum class Lang : std::uint8_t { python, java, javascript, typescript, tsx, go, c, cpp, rust };

// What a node type is to the walker. Node types that play no part are `other`.
enum class NodeKind : std::uint8_t {
    other,
    function,            // a named function or method definition (or declaration)
    anonymous_function,  // lambda, arrow function, closure: named only by what holds it
    class_,              // class, interface, enum, struct, trait, type declaration
    impl,                // a scope for methods that defines nothing itself (Rust impl)
    variable,            // an assignment or declaration that may define variables or fields
    binding,             // a loop, `with ... as`, walrus or resource that binds names
    call,
    comment,
    string,
    number,
    try_,
    import,
    name,      // an identifier: a reference unless it is the name being defined
    labelled,  // `f(key=value)`, `{key: value}`: the label is no reference
};

struct LanguageInfo {
    Lang lang;
    const char* name;  // "python", as language_for_path returns it
    const TSLanguage* grammar;
    std::vector<NodeKind> kinds;  // indexed by TSSymbol
    NodeKind kind_of(TSNode node) const {
        const TSSymbol symbol = ts_node_symbol(node);
        return symbol < kinds.size() ? kinds[symbol] : NodeKind::other;
    }
};

// The table for a language name ("python", ..., "tsx"), or nullptr for an unknown one.
// Built once per process; safe from any thread.
const LanguageInfo* language_info(std::string_view name);

// Node type names in the tables that a grammar does not have ("python: foo_bar"):
// empty unless a table was written against another grammar version. For tests.
std::vector<std::string> unknown_node_types();

}  // namespace vcs
