// Tree-sitter facts. One parse and one walk per file: a single cursor visits every
// node once; the node's kind (syntax_tables.cpp) decides what it contributes, and a
// scope (innermost function and class) travels down the walk. What differs between
// languages beyond node type names (where parameters live, what a catch clause
// catches) is in the helpers below, keyed on Lang.
//
// Precision over recall: a fact is recorded only when the tree says it plainly; an odd
// construct yields fewer facts, never invented ones.
#include "vcs/syntax.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstring>
#include <map>
#include <memory>
#include <numeric>
#include <optional>
#include <string_view>
#include <thread>
#include <unordered_set>

#include "vcs/facts_cache.h"
#include "vcs/git.h"
#include "vcs/handles.h"
#include "vcs/syntax_tables.h"

namespace vcs {

namespace {

// Deeper trees (generated code, pathological nesting) are cut off rather than risk the
// stack of a worker thread.
constexpr int k_max_depth = 1500;
constexpr uint64_t k_parse_timeout_micros = 5'000'000;

bool is_type(TSNode node, const char* type) {
    return !ts_node_is_null(node) && std::strcmp(ts_node_type(node), type) == 0;
}

// The id of field NAME in LANGUAGE (0 when it has none). Looking a name up scans every
// field name of the grammar, and the walk asks for fields at most nodes, so ids are kept
// per thread by the name's address (names are literals), checked by content on a hit.
TSFieldId field_id(const TSLanguage* language, const char* name) {
    struct Known {
        const TSLanguage* language;
        const char* name;
        TSFieldId id;
    };
    thread_local std::vector<Known> known;
    for (const auto& k : known) {
        if (k.language == language && k.name == name && std::strcmp(k.name, name) == 0) {
            return k.id;
        }
    }
    const TSFieldId id =
        ts_language_field_id_for_name(language, name, static_cast<uint32_t>(std::strlen(name)));
    if (known.size() < 512) {
        known.push_back({language, name, id});
    }
    return id;
}

// The child under field NAME; null when NODE is null or has no such child.
TSNode field(TSNode node, const char* name) {
    if (ts_node_is_null(node)) {
        return node;
    }
    return ts_node_child_by_field_id(node, field_id(ts_tree_language(node.tree), name));
}

// A cursor for a walk over one node's children, reset for each: creating one allocates.
// Per thread; callers finish with it before anything else can use it.
TSTreeCursor* children_cursor(TSNode node) {
    thread_local TreeCursor cursor(node);
    ts_tree_cursor_reset(cursor.get(), node);
    return cursor.get();
}

int line_of(TSNode node) { return static_cast<int>(ts_node_start_point(node).row) + 1; }

// The last line a node covers; a node that ends with its newline ends on that line.
int end_line_of(TSNode node) {
    const TSPoint start = ts_node_start_point(node);
    const TSPoint end = ts_node_end_point(node);
    if (end.column == 0 && end.row > start.row) {
        return static_cast<int>(end.row);
    }
    return static_cast<int>(end.row) + 1;
}

std::vector<TSNode> named_children(TSNode node) {
    std::vector<TSNode> children;
    if (ts_node_is_null(node) || ts_node_named_child_count(node) == 0) {
        return children;
    }
    TSTreeCursor* cursor = children_cursor(node);
    if (ts_tree_cursor_goto_first_child(cursor)) {
        do {
            const TSNode child = ts_tree_cursor_current_node(cursor);
            if (ts_node_is_named(child)) {
                children.push_back(child);
            }
        } while (ts_tree_cursor_goto_next_sibling(cursor));
    }
    return children;
}

struct FieldChild {
    TSNode node;
    const char* field;  // nullptr when the child has no field name
};

std::vector<FieldChild> named_children_with_fields(TSNode node) {
    std::vector<FieldChild> children;
    if (ts_node_is_null(node) || ts_node_named_child_count(node) == 0) {
        return children;
    }
    TSTreeCursor* cursor = children_cursor(node);
    if (ts_tree_cursor_goto_first_child(cursor)) {
        do {
            const TSNode child = ts_tree_cursor_current_node(cursor);
            if (ts_node_is_named(child)) {
                children.push_back({child, ts_tree_cursor_current_field_name(cursor)});
            }
        } while (ts_tree_cursor_goto_next_sibling(cursor));
    }
    return children;
}

// Every child under field NAME (some fields repeat: Go's `a, b int`, C's declarators).
std::vector<TSNode> field_children(TSNode node, const char* name) {
    std::vector<TSNode> children;
    for (const auto& child : named_children_with_fields(node)) {
        if (child.field != nullptr && std::strcmp(child.field, name) == 0) {
            children.push_back(child.node);
        }
    }
    return children;
}

std::vector<std::string> split_lines(const std::string& content) {
    std::vector<std::string> lines;
    size_t start = 0;
    while (start < content.size()) {
        size_t end = content.find('\n', start);
        const bool last = end == std::string::npos;
        if (last) {
            end = content.size();
        }
        std::string line = content.substr(start, end - start);
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    return s;
}

// Strips the quotes of an import path: "fmt", <stdio.h>, 'x'.
std::string unquote(std::string_view text) {
    if (text.size() >= 2 && std::strchr("\"'<`", text.front()) != nullptr) {
        text.remove_prefix(1);
        text.remove_suffix(1);
    }
    return std::string(text);
}

// Walks one tree and fills a SourceFile. Lives for one parse_source call.
class Walker {
public:
    // Facts go to OUT; LINES are the whole file's, which may be more than the tree covers.
    Walker(const LanguageInfo& info, std::string_view source, const std::vector<std::string>& lines,
        rules::SourceFile& out)
        : m_info(info), m_lang(info.lang), m_source(source), m_lines(lines), m_out(out) {}

    // Records the facts of the tree under ROOT; doc comments are attached by finish().
    void walk(TSNode root) {
        TreeCursor cursor(root);
        visit(cursor.get(), Scope{}, TSNode{}, 0);
    }

    // Takes over the facts of OTHERS, walks of the lines after this one's, in order.
    void absorb(const std::vector<Walker*>& others) {
        // Room for everything first: the vectors are long and their elements hold strings.
        const auto reserve = [&](auto member) {
            size_t total = (m_out.*member).size();
            for (const Walker* other : others) {
                total += (other->m_out.*member).size();
            }
            (m_out.*member).reserve(total);
        };
        reserve(&rules::SourceFile::definitions);
        reserve(&rules::SourceFile::references);
        reserve(&rules::SourceFile::calls);
        reserve(&rules::SourceFile::comments);
        reserve(&rules::SourceFile::try_blocks);
        reserve(&rules::SourceFile::imports);
        reserve(&rules::SourceFile::literals);
        const auto append = [](auto& into, auto& from) {
            into.insert(
                into.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
            from.clear();
        };
        for (Walker* other : others) {
            for (auto pending : other->m_pending_docs) {
                pending.definition += m_out.definitions.size();
                m_pending_docs.push_back(pending);
            }
            m_comment_columns.insert(
                m_comment_columns.end(), other->m_comment_columns.begin(), other->m_comment_columns.end());
            append(m_out.definitions, other->m_out.definitions);
            append(m_out.references, other->m_out.references);
            append(m_out.calls, other->m_out.calls);
            append(m_out.comments, other->m_out.comments);
            append(m_out.try_blocks, other->m_out.try_blocks);
            append(m_out.imports, other->m_out.imports);
            append(m_out.literals, other->m_out.literals);
        }
    }

    // Attaches doc comments, once every comment of the file is known.
    void finish() { resolve_doc_comments(); }

private:
    // Where the walk is: the names that scope facts found here.
    struct Scope {
        std::string function;     // innermost named function, "" outside any
        std::string klass;        // innermost class (or impl target), "" outside any
        std::string innermost;    // innermost named function or class
        bool class_body = false;  // directly inside a class: definitions are members
    };

    // A definition whose doc comment is looked up once every comment is known.
    struct PendingDoc {
        size_t definition;
        int anchor_line;  // the definition's first line, annotations included
    };

    // Line n (1-based) of the file, or nullptr when out of range.
    const std::string* line(int n) const {
        return n >= 1 && n <= static_cast<int>(m_lines.size()) ? &m_lines[static_cast<size_t>(n - 1)]
                                                               : nullptr;
    }

    // ---- The walk ---------------------------------------------------------------------

    void visit(TSTreeCursor* cursor, const Scope& scope, TSNode parent, int depth) {
        const TSNode node = ts_tree_cursor_current_node(cursor);
        if (!ts_node_is_named(node)) {
            return;
        }
        const Scope* inner = &scope;
        Scope entered;
        switch (m_info.kind_of(node)) {
        case NodeKind::comment: add_comment(node, scope); return;
        case NodeKind::number: add_literal(node, false); return;
        case NodeKind::import: add_import(node); return;
        case NodeKind::name: add_reference(node, scope); return;
        case NodeKind::string: add_literal(node, true); break;
        case NodeKind::labelled: mark_label(node); break;
        case NodeKind::call: add_call(node); break;
        case NodeKind::try_: add_try(node); break;
        case NodeKind::variable: add_variables(node, scope); break;
        case NodeKind::binding: add_bindings(node, scope); break;
        case NodeKind::function:
        case NodeKind::anonymous_function:
            if (enter_function(node, parent, scope, entered)) {
                inner = &entered;
            }
            break;
        case NodeKind::class_:
            if (enter_class(node, parent, scope, entered)) {
                inner = &entered;
            }
            break;
        case NodeKind::impl:
            enter_impl(node, entered);
            inner = &entered;
            break;
        case NodeKind::other: break;
        }
        if (depth >= k_max_depth || !ts_tree_cursor_goto_first_child(cursor)) {
            return;
        }
        do {
            visit(cursor, *inner, node, depth + 1);
        } while (ts_tree_cursor_goto_next_sibling(cursor));
        ts_tree_cursor_goto_parent(cursor);
    }

    // ---- Small helpers ----------------------------------------------------------------

    std::string text(TSNode node) const {
        if (ts_node_is_null(node)) {
            return {};
        }
        const uint32_t begin =
            std::min<uint32_t>(ts_node_start_byte(node), static_cast<uint32_t>(m_source.size()));
        const uint32_t end =
            std::min<uint32_t>(ts_node_end_byte(node), static_cast<uint32_t>(m_source.size()));
        return std::string(m_source.substr(begin, end > begin ? end - begin : 0));
    }

    std::string first_line_text(TSNode node) const {
        std::string all = text(node);
        if (const size_t newline = all.find('\n'); newline != std::string::npos) {
            all.resize(newline);
        }
        if (!all.empty() && all.back() == '\r') {
            all.pop_back();
        }
        return all;
    }

    bool is_name(TSNode node) const {
        return !ts_node_is_null(node) && m_info.kind_of(node) == NodeKind::name;
    }

    bool is_function_like(TSNode node) const {
        if (ts_node_is_null(node)) {
            return false;
        }
        const NodeKind kind = m_info.kind_of(node);
        return kind == NodeKind::anonymous_function || kind == NodeKind::function || kind == NodeKind::class_;
    }

    void mark_defining(TSNode node) {
        if (!ts_node_is_null(node)) {
            m_defining.insert(ts_node_start_byte(node));
        }
    }

    // The names a pattern binds (`a`, `(a, b)`, `{x, y: z}`, `[first, ...rest]`), all
    // marked as defining; default values and types are left to the walk.
    std::vector<TSNode> bind_pattern(TSNode node, int depth = 0) {
        std::vector<TSNode> names;
        collect_pattern(node, names, depth);
        return names;
    }

    void collect_pattern(TSNode node, std::vector<TSNode>& names, int depth) {
        if (ts_node_is_null(node) || depth > 32) {
            return;
        }
        if (is_name(node) || is_type(node, "shorthand_property_identifier_pattern")) {
            mark_defining(node);
            names.push_back(node);
            return;
        }
        // `for a[i] in ...`, `for self.x in ...`: stores into something, bind nothing.
        const std::string_view type = ts_node_type(node);
        if (type == "attribute" || type == "subscript" || type == "member_expression" ||
            type == "subscript_expression" || type == "field_access" || type == "field_expression" ||
            type == "call") {
            return;
        }
        const bool pair = is_type(node, "pair_pattern");
        for (const auto& child : named_children_with_fields(node)) {
            const std::string_view field_name = child.field != nullptr ? child.field : "";
            if (field_name == "right" || field_name == "type" || field_name == "default_value" ||
                field_name == "decorator" || field_name == "alternative" ||
                (field_name == "value" && !pair) || (field_name == "key" && pair)) {
                continue;
            }
            collect_pattern(child.node, names, depth + 1);
        }
    }

    // The last name of an expression: `self.api.get_flavors` -> "get_flavors",
    // `std::make_unique<W>` -> "make_unique"; "" when it ends in no name (`f()()`).
    std::string last_name(TSNode node, int depth = 0) const {
        if (ts_node_is_null(node) || depth > 32) {
            return {};
        }
        if (is_name(node)) {
            return text(node);
        }
        for (const char* name :
            {"attribute", "property", "field", "name", "function", "constructor", "macro"}) {
            const TSNode child = field(node, name);
            if (!ts_node_is_null(child)) {
                return last_name(child, depth + 1);
            }
        }
        if (m_info.kind_of(node) == NodeKind::call) {
            return {};
        }
        auto children = named_children(node);
        for (auto it = children.rbegin(); it != children.rend(); ++it) {
            if (std::strstr(ts_node_type(*it), "argument") == nullptr) {
                return last_name(*it, depth + 1);
            }
        }
        return {};
    }

    // ---- Comments, literals, references, labels ----------------------------------------

    void add_comment(TSNode node, const Scope& scope) {
        std::string written = text(node);
        while (!written.empty() && (written.back() == '\n' || written.back() == '\r')) {
            written.pop_back();  // Rust's line comments end with their newline
        }
        m_out.comments.push_back({line_of(node), end_line_of(node), std::move(written), scope.innermost});
        m_comment_columns.push_back(ts_node_start_point(node).column);
    }

    void add_literal(TSNode node, bool is_string) {
        m_out.literals.push_back({line_of(node), text(node), is_string});
    }

    void add_reference(TSNode node, const Scope& scope) {
        if (m_defining.contains(ts_node_start_byte(node))) {
            return;
        }
        m_out.references.push_back({text(node), line_of(node), scope.innermost});
    }

    // `f(key=value)` and `{key: value}`: the key names no variable.
    void mark_label(TSNode node) {
        const TSNode label = is_type(node, "pair") ? field(node, "key") : field(node, "name");
        if (is_name(label)) {
            mark_defining(label);
        }
    }

    // ---- Calls ------------------------------------------------------------------------

    int count_arguments(TSNode arguments) const {
        if (ts_node_is_null(arguments)) {
            return 0;
        }
        const std::string_view type = ts_node_type(arguments);
        if (type != "argument_list" && type != "arguments") {
            return 1;  // `f(x for x in y)`, a tagged template
        }
        int count = 0;
        for (const TSNode child : named_children(arguments)) {
            if (m_info.kind_of(child) != NodeKind::comment) {
                ++count;
            }
        }
        return count;
    }

    // Rust macros take token trees: count the top-level comma-separated items.
    static int count_macro_arguments(TSNode macro) {
        TSNode tree{};
        for (const TSNode child : named_children(macro)) {
            if (is_type(child, "token_tree")) {
                tree = child;
            }
        }
        if (ts_node_is_null(tree)) {
            return 0;
        }
        const uint32_t count = ts_node_child_count(tree);
        int items = 0;
        bool pending = false;                       // an item started since the last comma
        for (uint32_t i = 1; i + 1 < count; ++i) {  // skip the delimiters
            const TSNode child = ts_node_child(tree, i);
            if (!ts_node_is_named(child) && std::strcmp(ts_node_type(child), ",") == 0) {
                items += pending ? 1 : 0;
                pending = false;
            } else {
                pending = true;
            }
        }
        return items + (pending ? 1 : 0);
    }

    void add_call(TSNode node) {
        const std::string_view type = ts_node_type(node);
        rules::Call call;
        call.line = line_of(node);
        TSNode arguments = field(node, "arguments");
        if (type == "method_invocation") {
            const TSNode name = field(node, "name");
            call.callee = text(name);
            const uint32_t begin = ts_node_start_byte(node);
            const uint32_t end =
                ts_node_is_null(arguments) ? ts_node_end_byte(name) : ts_node_start_byte(arguments);
            std::string written(m_source.substr(begin, end > begin ? end - begin : 0));
            while (!written.empty() && std::isspace(static_cast<unsigned char>(written.back())) != 0) {
                written.pop_back();
            }
            call.text = std::move(written);
        } else if (type == "object_creation_expression") {
            const TSNode created = field(node, "type");
            call.callee = last_name(created);
            call.text = text(created);
        } else if (type == "explicit_constructor_invocation") {
            call.callee = text(field(node, "constructor"));
            call.text = call.callee;
        } else if (type == "macro_invocation") {
            const TSNode macro = field(node, "macro");
            call.callee = last_name(macro);
            call.text = text(macro) + "!";
            call.arguments = count_macro_arguments(node);
            m_out.calls.push_back(std::move(call));
            return;
        } else {
            TSNode function = field(node, "function");
            if (ts_node_is_null(function)) {
                function = field(node, "constructor");  // JavaScript's `new X(...)`
            }
            call.callee = last_name(function);
            call.text = text(function);
        }
        call.arguments = count_arguments(arguments);
        m_out.calls.push_back(std::move(call));
    }

    // ---- Try blocks -------------------------------------------------------------------

    void python_caught(TSNode value, std::vector<std::string>& types) const {
        if (is_type(value, "as_pattern")) {
            const auto children = named_children(value);
            if (!children.empty()) {
                python_caught(children.front(), types);
            }
            return;
        }
        if (is_type(value, "tuple") || is_type(value, "parenthesized_expression")) {
            for (const TSNode element : named_children(value)) {
                if (m_info.kind_of(element) != NodeKind::comment) {
                    python_caught(element, types);
                }
            }
            return;
        }
        types.push_back(text(value));
    }

    void add_try(TSNode node) {
        rules::TryBlock block{line_of(node), end_line_of(node), {}};
        for (const TSNode clause : named_children(node)) {
            const std::string_view type = ts_node_type(clause);
            if (type == "except_clause") {
                bind_pattern(field(clause, "alias"));
                const TSNode value = field(clause, "value");
                if (ts_node_is_null(value)) {
                    block.caught_types.emplace_back();
                } else {
                    python_caught(value, block.caught_types);
                }
            } else if (type == "except_group_clause") {
                const auto children = named_children(clause);
                if (!children.empty() && !is_type(children.front(), "block")) {
                    python_caught(children.front(), block.caught_types);
                }
            } else if (type == "catch_clause") {
                add_catch_clause(clause, block.caught_types);
            }
        }
        const TSNode handler = field(node, "handler");  // JavaScript keeps its catch here
        if (is_type(handler, "catch_clause") && block.caught_types.empty()) {
            block.caught_types.emplace_back();
        }
        m_out.try_blocks.push_back(std::move(block));
    }

    // Adds what CLAUSE catches to TYPES and binds the caught exception's name.
    void add_catch_clause(TSNode clause, std::vector<std::string>& types) {
        if (m_lang == Lang::java) {
            for (const TSNode parameter : named_children(clause)) {
                if (!is_type(parameter, "catch_formal_parameter")) {
                    continue;
                }
                mark_defining(field(parameter, "name"));
                for (const TSNode catch_type : named_children(parameter)) {
                    if (is_type(catch_type, "catch_type")) {
                        for (const TSNode alternative : named_children(catch_type)) {
                            types.push_back(text(alternative));
                        }
                    }
                }
            }
            return;
        }
        if (m_lang == Lang::cpp) {
            const TSNode parameters = field(clause, "parameters");
            const auto declared =
                ts_node_is_null(parameters) ? std::vector<TSNode>{} : named_children(parameters);
            if (declared.empty()) {
                types.emplace_back();  // catch (...)
            } else {
                mark_defining(declarator_name(field(declared.front(), "declarator")));
                const TSNode type = field(declared.front(), "type");
                types.push_back(ts_node_is_null(type) ? text(declared.front()) : text(type));
            }
            return;
        }
        bind_pattern(field(clause, "parameter"));
        types.emplace_back();  // JavaScript and TypeScript catch everything
    }

    // ---- Imports ----------------------------------------------------------------------

    void python_import_name(TSNode name, std::vector<std::string>& names) const {
        if (is_type(name, "aliased_import")) {
            names.push_back(text(field(name, "alias")));
        } else {
            names.push_back(last_name(name));
        }
    }

    void rust_use_names(
        TSNode node, const std::string& path_name, std::vector<std::string>& names, int depth) const {
        if (ts_node_is_null(node) || depth > 16) {
            return;
        }
        const std::string_view type = ts_node_type(node);
        if (type == "use_as_clause") {
            names.push_back(text(field(node, "alias")));
        } else if (type == "use_wildcard") {
            names.emplace_back("*");
        } else if (type == "scoped_use_list") {
            const std::string prefix = last_name(field(node, "path"));
            rust_use_names(field(node, "list"), prefix, names, depth + 1);
        } else if (type == "use_list") {
            for (const TSNode item : named_children(node)) {
                rust_use_names(item, path_name, names, depth + 1);
            }
        } else if (type == "self") {
            names.push_back(path_name.empty() ? "self" : path_name);
        } else if (type == "scoped_identifier") {
            names.push_back(text(field(node, "name")));
        } else if (m_info.kind_of(node) != NodeKind::comment) {
            names.push_back(text(node));
        }
    }

    void add_import(TSNode node) {
        rules::Import import;
        import.line = line_of(node);
        import.text = first_line_text(node);
        switch (m_lang) {
        case Lang::python:
            for (const TSNode name : field_children(node, "name")) {
                python_import_name(name, import.names);
            }
            for (const TSNode child : named_children(node)) {
                if (is_type(child, "wildcard_import")) {
                    import.names.emplace_back("*");
                }
            }
            break;
        case Lang::java: {
            bool wildcard = false;
            std::string last;
            for (const TSNode child : named_children(node)) {
                if (is_type(child, "asterisk")) {
                    wildcard = true;
                } else if (is_type(child, "scoped_identifier") || is_type(child, "identifier")) {
                    last = last_name(child);
                }
            }
            import.names.push_back(wildcard ? "*" : last);
            break;
        }
        case Lang::javascript:
        case Lang::typescript:
        case Lang::tsx:
            for (const TSNode clause : named_children(node)) {
                if (is_type(clause, "import_clause") || is_type(clause, "import_require_clause")) {
                    js_import_clause(clause, import.names);
                }
            }
            break;
        case Lang::go: {
            const TSNode alias = field(node, "name");
            if (!ts_node_is_null(alias)) {
                import.names.push_back(text(alias));
            } else {
                const std::string path = unquote(text(field(node, "path")));
                const size_t slash = path.rfind('/');
                import.names.push_back(slash == std::string::npos ? path : path.substr(slash + 1));
            }
            break;
        }
        case Lang::c:
        case Lang::cpp: import.names.push_back(unquote(text(field(node, "path")))); break;
        case Lang::rust: rust_use_names(field(node, "argument"), "", import.names, 0); break;
        }
        m_out.imports.push_back(std::move(import));
    }

    void js_import_clause(TSNode clause, std::vector<std::string>& names) const {
        for (const TSNode part : named_children(clause)) {
            const std::string_view type = ts_node_type(part);
            if (type == "identifier") {
                names.push_back(text(part));  // the default import, or `import x = require()`
            } else if (type == "namespace_import") {
                for (const TSNode name : named_children(part)) {
                    names.push_back(text(name));
                }
            } else if (type == "named_imports") {
                for (const TSNode specifier : named_children(part)) {
                    if (!is_type(specifier, "import_specifier")) {
                        continue;
                    }
                    const TSNode alias = field(specifier, "alias");
                    names.push_back(text(ts_node_is_null(alias) ? field(specifier, "name") : alias));
                }
            }
        }
    }

    // `const fs = require('fs')`, `const {a, b} = require('m')`: imports in CommonJS.
    bool add_require(TSNode declarator, const std::vector<TSNode>& bound) {
        const TSNode value = field(declarator, "value");
        if (!is_type(value, "call_expression") || text(field(value, "function")) != "require") {
            return false;
        }
        rules::Import import;
        import.line = line_of(declarator);
        const std::string* whole_line = line(import.line);
        import.text =
            whole_line != nullptr ? std::string(trim_left(*whole_line)) : first_line_text(declarator);
        for (const TSNode name : bound) {
            import.names.push_back(text(name));
        }
        m_out.imports.push_back(std::move(import));
        return true;
    }

    // ---- Parameters -------------------------------------------------------------------

    static bool is_skippable_parameter(TSNode node) {
        const std::string_view type = ts_node_type(node);
        return type == "comment" || type == "line_comment" || type == "block_comment" ||
               type == "attribute_item" || type == "decorator" || type == "keyword_separator" ||
               type == "positional_separator";
    }

    // The name a C declarator declares: `*const *name[4]` -> name.
    static TSNode declarator_name(TSNode node) {
        for (int guard = 0; guard < 32 && !ts_node_is_null(node); ++guard) {
            const std::string_view type = ts_node_type(node);
            if (type == "identifier" || type == "field_identifier" || type == "type_identifier" ||
                type == "qualified_identifier" || type == "destructor_name" || type == "operator_name" ||
                type == "template_function") {
                return node;
            }
            const TSNode inner = field(node, "declarator");
            if (!ts_node_is_null(inner)) {
                node = inner;
                continue;
            }
            const auto children = named_children(node);
            if (children.empty()) {
                break;
            }
            node = children.front();
        }
        return TSNode{};
    }

    void add_parameter(
        std::vector<rules::Parameter>& out, TSNode at, std::string name, bool variadic = false) const {
        variadic = variadic || name.rfind('*', 0) == 0 || name.find("...") != std::string::npos;
        out.push_back({std::move(name), line_of(at), variadic});
    }

    void c_parameter(TSNode parameter, bool only_child, std::vector<rules::Parameter>& out) {
        if (is_type(parameter, "variadic_parameter")) {
            add_parameter(out, parameter, "...");
            return;
        }
        const TSNode name = declarator_name(field(parameter, "declarator"));
        if (!ts_node_is_null(name)) {
            mark_defining(name);
            add_parameter(out, parameter, text(name));
            return;
        }
        const std::string type = text(field(parameter, "type"));
        if (only_child && type == "void" && ts_node_is_null(field(parameter, "declarator"))) {
            return;  // `f(void)` takes nothing
        }
        add_parameter(out, parameter, type);  // an unnamed parameter: its type is all there is
    }

    std::vector<rules::Parameter> parameters_of(TSNode list) {
        std::vector<rules::Parameter> out;
        if (ts_node_is_null(list)) {
            return out;
        }
        if (is_name(list)) {  // `x => ...`, Java's `x -> ...`
            mark_defining(list);
            add_parameter(out, list, text(list));
            return out;
        }
        const auto children = named_children(list);
        for (const TSNode parameter : children) {
            if (is_skippable_parameter(parameter)) {
                continue;
            }
            const std::string_view type = ts_node_type(parameter);
            switch (m_lang) {
            case Lang::python:
                if (type == "default_parameter" || type == "typed_default_parameter") {
                    const TSNode name = field(parameter, "name");
                    mark_defining(name);
                    add_parameter(out, parameter, text(name));
                } else if (type == "typed_parameter") {
                    const auto inner = named_children(parameter);
                    if (!inner.empty()) {
                        bind_pattern(inner.front());
                        add_parameter(out, parameter, text(inner.front()));
                    }
                } else {  // identifier, *args, **kwargs, a tuple pattern
                    bind_pattern(parameter);
                    add_parameter(out, parameter, text(parameter));
                }
                break;
            case Lang::java:
                if (type == "formal_parameter") {
                    const TSNode name = field(parameter, "name");
                    mark_defining(name);
                    add_parameter(out, parameter, text(name));
                } else if (type == "spread_parameter") {
                    for (const TSNode part : named_children(parameter)) {
                        if (is_type(part, "variable_declarator")) {
                            const TSNode name = field(part, "name");
                            mark_defining(name);
                            add_parameter(out, parameter, text(name), true);
                        }
                    }
                } else if (type == "identifier") {
                    mark_defining(parameter);
                    add_parameter(out, parameter, text(parameter));
                }
                break;
            case Lang::javascript:
            case Lang::typescript:
            case Lang::tsx:
                if (type == "required_parameter" || type == "optional_parameter") {
                    TSNode pattern = field(parameter, "pattern");
                    if (ts_node_is_null(pattern)) {
                        pattern = field(parameter, "name");
                    }
                    if (is_type(pattern, "this")) {
                        break;  // TypeScript's `this: T` declares the receiver, no argument
                    }
                    bind_pattern(pattern);
                    add_parameter(out, parameter, text(pattern));
                } else if (type == "assignment_pattern") {
                    const TSNode left = field(parameter, "left");
                    bind_pattern(left);
                    add_parameter(out, parameter, text(left));
                } else {
                    bind_pattern(parameter);
                    add_parameter(out, parameter, text(parameter));
                }
                break;
            case Lang::go: {
                const auto names = field_children(parameter, "name");
                for (const TSNode name : names) {
                    mark_defining(name);
                    add_parameter(out, name, text(name), type == "variadic_parameter_declaration");
                }
                if (names.empty()) {
                    add_parameter(out, parameter, text(field(parameter, "type")));
                }
                break;
            }
            case Lang::c:
            case Lang::cpp: c_parameter(parameter, children.size() == 1, out); break;
            case Lang::rust:
                if (type == "self_parameter") {
                    for (const TSNode self : named_children(parameter)) {
                        mark_defining(self);
                    }
                    add_parameter(out, parameter, "self");
                } else if (type == "variadic_parameter") {
                    add_parameter(out, parameter, "...");
                } else {
                    const TSNode pattern = type == "parameter" ? field(parameter, "pattern") : parameter;
                    const auto bound = bind_pattern(pattern);
                    const bool plain = is_type(pattern, "mut_pattern") && bound.size() == 1;
                    add_parameter(out, parameter, plain ? text(bound.front()) : text(pattern));
                }
                break;
            }
        }
        return out;
    }

    // ---- Definitions ------------------------------------------------------------------

    // The first line of a definition without its decorators, annotations and attributes.
    static int first_own_line(TSNode node) {
        for (const TSNode child : named_children(node)) {
            const std::string_view type = ts_node_type(child);
            if (type == "modifiers") {
                for (const TSNode modifier : named_children(child)) {
                    if (!is_type(modifier, "annotation") && !is_type(modifier, "marker_annotation")) {
                        return line_of(modifier);
                    }
                }
                // Unnamed modifiers (`public`) are tokens: the first one starts the definition.
                const uint32_t count = ts_node_child_count(child);
                for (uint32_t i = 0; i < count; ++i) {
                    const TSNode token = ts_node_child(child, i);
                    if (!ts_node_is_named(token)) {
                        return line_of(token);
                    }
                }
                continue;
            }
            if (type == "decorator" || type == "annotation" || type == "marker_annotation" ||
                type == "attribute_item" || type == "comment" || type == "line_comment" ||
                type == "block_comment") {
                continue;
            }
            // An unnamed token (`def`, `class`, `fn`) may come before the first named child.
            const uint32_t count = ts_node_child_count(node);
            for (uint32_t i = 0; i < count; ++i) {
                const TSNode token = ts_node_child(node, i);
                if (ts_node_start_byte(token) >= ts_node_start_byte(child)) {
                    break;
                }
                if (!ts_node_is_named(token)) {
                    return line_of(token);
                }
            }
            return line_of(child);
        }
        return line_of(node);
    }

    // A Python docstring: the body's first statement, when it is a string.
    void python_docstring(TSNode body, rules::Definition& definition) const {
        if (ts_node_is_null(body)) {
            return;
        }
        // The first statement that is not a comment; the rest of the body is not looked at.
        TSNode statement{};
        TSTreeCursor* cursor = children_cursor(body);
        if (ts_tree_cursor_goto_first_child(cursor)) {
            do {
                const TSNode child = ts_tree_cursor_current_node(cursor);
                if (ts_node_is_named(child) && m_info.kind_of(child) != NodeKind::comment) {
                    statement = child;
                    break;
                }
            } while (ts_tree_cursor_goto_next_sibling(cursor));
        }
        if (!is_type(statement, "expression_statement")) {
            return;
        }
        const auto expressions = named_children(statement);
        if (expressions.size() != 1 || (!is_type(expressions.front(), "string") &&
                                           !is_type(expressions.front(), "concatenated_string"))) {
            return;
        }
        const TSNode string = expressions.front();
        definition.docstring_line = line_of(string);
        definition.docstring = text(string);
        if (is_type(string, "string")) {
            // Without the quotes: from the end of string_start to the start of string_end.
            const auto parts = named_children(string);
            if (parts.size() >= 2 && is_type(parts.front(), "string_start") &&
                is_type(parts.back(), "string_end")) {
                const uint32_t begin = ts_node_end_byte(parts.front());
                const uint32_t end = ts_node_start_byte(parts.back());
                definition.docstring = std::string(m_source.substr(begin, end > begin ? end - begin : 0));
            }
        }
    }

    // Adds DEFINITION, with its docstring from BODY (Python) or from the comment above
    // (resolved later), and returns its index.
    size_t push_definition(rules::Definition definition, TSNode node, TSNode body) {
        if (m_lang == Lang::python) {
            python_docstring(body, definition);
        }
        const size_t index = m_out.definitions.size();
        if (m_lang != Lang::python) {
            m_pending_docs.push_back({index, line_of(node)});
        }
        m_out.definitions.push_back(std::move(definition));
        return index;
    }

    // The name of an anonymous function or class from what holds it: `const f = () =>`,
    // `{f: function () {}}`, `this.f = () =>`, a class field `f = () =>`.
    TSNode name_from_holder(TSNode node, TSNode parent) const {
        if (ts_node_is_null(parent)) {
            return TSNode{};
        }
        const std::string_view type = ts_node_type(parent);
        TSNode value{};
        TSNode name{};
        if (type == "variable_declarator") {
            value = field(parent, "value");
            name = field(parent, "name");
        } else if (type == "pair") {
            value = field(parent, "value");
            name = field(parent, "key");
        } else if (type == "assignment_expression") {
            value = field(parent, "right");
            name = field(parent, "left");
            if (is_type(name, "member_expression")) {
                name = field(name, "property");
            }
        } else if (type == "field_definition") {
            value = field(parent, "value");
            name = field(parent, "property");
        } else if (type == "public_field_definition") {
            value = field(parent, "value");
            name = field(parent, "name");
        }
        if (ts_node_is_null(value) || !ts_node_eq(value, node) || !is_name(name)) {
            return TSNode{};
        }
        return name;
    }

    // The value a JavaScript declarator, field or assignment holds.
    static TSNode held_value(TSNode holder) {
        const std::string_view type = ts_node_type(holder);
        return field(holder, type == "assignment_expression" ? "right" : "value");
    }

    struct FunctionParts {
        TSNode name{};          // the node naming it, null when anonymous
        std::string qualifier;  // `W` of `W::m`, Go's receiver type: makes it a method of that
        TSNode parameters{};
        TSNode body{};
    };

    // Splits a qualified C++ name into its innermost scope and its name node:
    // `ns::W::m` -> ("W", m); an unqualified name has an empty scope.
    std::pair<std::string, TSNode> split_qualified(TSNode name) const {
        std::string qualifier;
        for (int guard = 0; guard < 16 && is_type(name, "qualified_identifier"); ++guard) {
            qualifier = text(field(name, "scope"));
            name = field(name, "name");
        }
        if (is_type(name, "template_function")) {
            name = field(name, "name");
        }
        return {qualifier, name};
    }

    // The function_declarator inside a C declarator (through pointers and references);
    // null for a function pointer, which declares a variable.
    static TSNode function_declarator(TSNode node) {
        for (int guard = 0; guard < 16 && !ts_node_is_null(node); ++guard) {
            if (is_type(node, "function_declarator")) {
                return is_type(field(node, "declarator"), "parenthesized_declarator") ? TSNode{} : node;
            }
            const TSNode inner = field(node, "declarator");
            if (!ts_node_is_null(inner)) {
                node = inner;
            } else if (is_type(node, "reference_declarator") || is_type(node, "attributed_declarator")) {
                const auto children = named_children(node);
                node = children.empty() ? TSNode{} : children.front();
            } else {
                break;
            }
        }
        return TSNode{};
    }

    // Go's receiver `(s *Server)`: the type's name.
    std::string go_receiver_type(TSNode receiver) {
        for (const TSNode parameter : named_children(receiver)) {
            for (const TSNode name : field_children(parameter, "name")) {
                mark_defining(name);
            }
            TSNode type = field(parameter, "type");
            for (int guard = 0; guard < 8 && !ts_node_is_null(type) && !is_type(type, "type_identifier");
                 ++guard) {
                const TSNode inner = field(type, "type");
                if (ts_node_is_null(inner)) {
                    const auto children = named_children(type);
                    type = children.empty() ? TSNode{} : children.front();
                } else {
                    type = inner;
                }
            }
            return text(type);
        }
        return {};
    }

    FunctionParts function_parts(TSNode node, TSNode parent) {
        FunctionParts parts;
        parts.body = field(node, "body");
        switch (m_lang) {
        case Lang::c:
        case Lang::cpp: {
            if (is_type(node, "lambda_expression")) {
                parts.parameters = field(field(node, "declarator"), "parameters");
                return parts;
            }
            const TSNode declarator = function_declarator(field(node, "declarator"));
            if (ts_node_is_null(declarator)) {
                return parts;
            }
            parts.parameters = field(declarator, "parameters");
            auto [qualifier, name] = split_qualified(declarator_name(field(declarator, "declarator")));
            parts.qualifier = std::move(qualifier);
            parts.name = name;
            return parts;
        }
        case Lang::go:
            parts.name = field(node, "name");
            parts.parameters = field(node, "parameters");
            if (const TSNode receiver = field(node, "receiver"); !ts_node_is_null(receiver)) {
                parts.qualifier = go_receiver_type(receiver);
            }
            return parts;
        default: break;
        }
        parts.name = field(node, "name");
        parts.parameters = field(node, "parameters");
        if (ts_node_is_null(parts.parameters)) {
            parts.parameters = field(node, "parameter");  // `x => x + 1`
        }
        if (ts_node_is_null(parts.name) && m_info.kind_of(node) == NodeKind::anonymous_function) {
            parts.name = name_from_holder(node, parent);
        }
        return parts;
    }

    bool enter_function(TSNode node, TSNode parent, const Scope& scope, Scope& entered) {
        FunctionParts parts = function_parts(node, parent);
        auto parameters = parameters_of(parts.parameters);
        const std::string name = text(parts.name);
        if (name.empty()) {
            return false;  // anonymous: its parameters are bound, the scope stays the holder's
        }
        mark_defining(parts.name);
        rules::Definition definition;
        definition.name = name;
        const bool member = scope.class_body || !parts.qualifier.empty();
        definition.kind = member ? rules::DefKind::method : rules::DefKind::function;
        definition.scope = parts.qualifier.empty() ? scope.innermost : parts.qualifier;
        definition.start_line = first_own_line(node);
        definition.end_line = end_line_of(node);
        definition.parameters = parameters;
        push_definition(std::move(definition), node, parts.body);
        if (!ts_node_is_null(parts.body)) {
            for (const auto& parameter : parameters) {
                m_out.definitions.push_back({parameter.name, rules::DefKind::parameter, name, parameter.line,
                    parameter.line, {}, {}, {}});
            }
        }
        entered.function = name;
        entered.klass = parts.qualifier.empty() ? scope.klass : parts.qualifier;
        entered.innermost = name;
        entered.class_body = false;
        return true;
    }

    bool enter_class(TSNode node, TSNode parent, const Scope& scope, Scope& entered) {
        const TSNode body = field(node, "body");
        if ((m_lang == Lang::c || m_lang == Lang::cpp) && ts_node_is_null(body)) {
            return false;  // `struct point p`: a use of the type, not its definition
        }
        TSNode name_node = field(node, "name");
        if (ts_node_is_null(name_node)) {
            name_node = name_from_holder(node, parent);
        }
        if (is_type(name_node, "qualified_identifier")) {
            name_node = split_qualified(name_node).second;
        }
        if (is_type(name_node, "template_type")) {
            name_node = field(name_node, "name");
        }
        const std::string name = text(name_node);
        if (name.empty()) {
            return false;
        }
        mark_defining(name_node);
        rules::Definition definition;
        definition.name = name;
        definition.kind = rules::DefKind::class_;
        definition.scope = scope.innermost;
        definition.start_line = first_own_line(node);
        definition.end_line = end_line_of(node);
        push_definition(std::move(definition), node, body);
        entered.function = scope.function;
        entered.klass = name;
        entered.innermost = name;
        entered.class_body = true;
        return true;
    }

    // A Rust impl block: methods inside belong to the implemented type.
    void enter_impl(TSNode node, Scope& entered) const {
        entered.klass = last_name(field(node, "type"));
        entered.innermost = entered.klass;
        entered.class_body = true;
    }

    // ---- Variables and fields ---------------------------------------------------------

    void add_variable(TSNode name, TSNode statement, const Scope& scope, bool member) {
        mark_defining(name);
        rules::Definition definition;
        definition.name = text(name);
        definition.kind = member ? rules::DefKind::field : rules::DefKind::variable;
        definition.scope = member ? scope.klass : scope.innermost;
        definition.start_line = line_of(name);
        definition.end_line = end_line_of(statement);
        m_out.definitions.push_back(std::move(definition));
    }

    void python_targets(TSNode target, TSNode statement, const Scope& scope, int depth) {
        if (ts_node_is_null(target) || depth > 16) {
            return;
        }
        const std::string_view type = ts_node_type(target);
        if (type == "identifier") {
            add_variable(target, statement, scope, scope.class_body);
        } else if (type == "attribute") {
            // `self.x = ...` in a method defines the field x of the class.
            const std::string object = text(field(target, "object"));
            const TSNode attribute = field(target, "attribute");
            if ((object == "self" || object == "cls") && !scope.klass.empty() && !scope.function.empty()) {
                add_variable(attribute, statement, scope, true);
            }
        } else if (type == "pattern_list" || type == "tuple_pattern" || type == "list_pattern" ||
                   type == "tuple" || type == "list" || type == "parenthesized_expression") {
            for (const TSNode element : named_children(target)) {
                python_targets(element, statement, scope, depth + 1);
            }
        }
    }

    // C and C++ declarations: variables, fields, and function prototypes.
    void c_declaration(TSNode node, const Scope& scope) {
        const bool member = scope.class_body;
        for (const TSNode declarator : field_children(node, "declarator")) {
            const TSNode function = function_declarator(declarator);
            if (ts_node_is_null(function)) {
                const TSNode name = declarator_name(declarator);
                if (is_type(name, "identifier") || is_type(name, "field_identifier")) {
                    add_variable(name, node, scope, member);
                }
                continue;
            }
            auto parameters = parameters_of(field(function, "parameters"));
            auto [qualifier, name] = split_qualified(declarator_name(field(function, "declarator")));
            if (ts_node_is_null(name)) {
                continue;
            }
            mark_defining(name);
            rules::Definition definition;
            definition.name = text(name);
            definition.kind =
                member || !qualifier.empty() ? rules::DefKind::method : rules::DefKind::function;
            definition.scope = qualifier.empty() ? scope.innermost : qualifier;
            definition.start_line = first_own_line(node);
            definition.end_line = end_line_of(node);
            definition.parameters = std::move(parameters);
            push_definition(std::move(definition), node, TSNode{});
        }
    }

    void add_variables(TSNode node, const Scope& scope) {
        const std::string_view type = ts_node_type(node);
        switch (m_lang) {
        case Lang::python: python_targets(field(node, "left"), node, scope, 0); return;
        case Lang::java: {
            const bool member = type != "local_variable_declaration";
            for (const TSNode declarator : field_children(node, "declarator")) {
                const TSNode name = field(declarator, "name");
                if (!ts_node_is_null(name)) {
                    add_variable(name, node, scope, member && scope.class_body);
                }
            }
            return;
        }
        case Lang::javascript:
        case Lang::typescript:
        case Lang::tsx:
            if (const TSNode held = held_value(node); is_function_like(held)) {
                // The function or class takes the name (name_from_holder); it is no variable.
                mark_defining(name_from_holder(held, node));
                return;
            }
            if (type == "variable_declarator") {
                const TSNode name = field(node, "name");
                const auto bound = bind_pattern(name);
                if (!add_require(node, bound)) {
                    for (const TSNode each : bound) {
                        add_variable(each, node, scope, false);
                    }
                }
            } else if (type == "field_definition" || type == "public_field_definition") {
                const TSNode name = field(node, type == "field_definition" ? "property" : "name");
                if (is_name(name)) {
                    add_variable(name, node, scope, true);
                }
            } else if (type == "assignment_expression") {
                const TSNode left = field(node, "left");
                if (is_type(left, "member_expression") && is_type(field(left, "object"), "this") &&
                    !scope.klass.empty()) {
                    const TSNode property = field(left, "property");
                    if (is_name(property)) {
                        add_variable(property, node, scope, true);
                    }
                }
            }
            return;
        case Lang::go:
            if (type == "short_var_declaration") {
                for (const TSNode name : named_children(field(node, "left"))) {
                    if (is_type(name, "identifier")) {
                        add_variable(name, node, scope, false);
                    }
                }
            } else {
                const bool member = type == "field_declaration";
                for (const TSNode name : field_children(node, "name")) {
                    add_variable(name, node, scope, member);
                }
            }
            return;
        case Lang::c:
        case Lang::cpp: c_declaration(node, scope); return;
        case Lang::rust:
            if (type == "let_declaration") {
                for (const TSNode name : bind_pattern(field(node, "pattern"))) {
                    add_variable(name, node, scope, false);
                }
            } else {
                const TSNode name = field(node, "name");
                if (!ts_node_is_null(name)) {
                    add_variable(name, node, scope, type == "field_declaration");
                }
            }
            return;
        }
    }

    // Loop variables, `with ... as f`, `(n := ...)`, Java resources and enum constants:
    // stores, not uses, so they are variables (or fields) rather than references.
    void add_bindings(TSNode node, const Scope& scope) {
        const std::string_view type = ts_node_type(node);
        const char* bound = "left";
        if (type == "as_pattern") {
            bound = "alias";
        } else if (type == "named_expression" || type == "enhanced_for_statement" || type == "resource" ||
                   type == "enum_constant") {
            bound = "name";
        } else if (type == "for_expression" || type == "let_condition") {
            bound = "pattern";
        } else if (type == "for_range_loop") {
            bound = "declarator";
        }
        const bool member = type == "enum_constant" && scope.class_body;
        for (const TSNode name : bind_pattern(field(node, bound))) {
            add_variable(name, node, scope, member);
        }
    }

    // ---- Doc comments -----------------------------------------------------------------

    // Whether only whitespace precedes COMMENT, starting at COLUMN, on its first line.
    bool starts_own_line(const rules::Comment& comment, size_t column) const {
        const std::string* first = line(comment.start_line);
        return first != nullptr &&
               trim_left(std::string_view(*first).substr(0, std::min(column, first->size()))).empty();
    }

    bool is_doc_comment(const rules::Comment& comment) const {
        if (m_lang != Lang::rust) {
            return true;
        }
        const std::string_view text = comment.text;
        return (text.starts_with("///") && !text.starts_with("////")) ||
               (text.starts_with("/**") && !text.starts_with("/***") && !text.starts_with("/**/"));
    }

    // Attaches to each pending definition the comment block that ends on the line right
    // above it (above its annotations, attributes and template header).
    void resolve_doc_comments() {
        if (m_pending_docs.empty()) {
            return;
        }
        std::map<int, size_t> ending_on;  // comments on lines of their own, by end line
        for (size_t i = 0; i < m_out.comments.size(); ++i) {
            const auto& comment = m_out.comments[i];
            if (starts_own_line(comment, m_comment_columns[i])) {
                ending_on[comment.end_line] = i;
            }
        }
        for (const auto& pending : m_pending_docs) {
            int anchor = pending.anchor_line;
            while (anchor > 1) {
                const std::string* above = line(anchor - 1);
                const std::string_view trimmed = above != nullptr ? trim_left(*above) : std::string_view();
                if (!trimmed.starts_with("@") && !trimmed.starts_with("#[") &&
                    !trimmed.starts_with("template")) {
                    break;
                }
                --anchor;
            }
            auto found = ending_on.find(anchor - 1);
            if (found == ending_on.end() || !is_doc_comment(m_out.comments[found->second])) {
                continue;
            }
            std::vector<size_t> block = {found->second};
            // A run of one-line comments (`//`, `///`, `#`) reads as one block.
            while (true) {
                const auto& first = m_out.comments[block.back()];
                if (first.start_line != first.end_line) {
                    break;
                }
                auto previous = ending_on.find(first.start_line - 1);
                if (previous == ending_on.end() || !is_doc_comment(m_out.comments[previous->second])) {
                    break;
                }
                const auto& candidate = m_out.comments[previous->second];
                if (candidate.start_line != candidate.end_line) {
                    break;
                }
                block.push_back(previous->second);
            }
            std::reverse(block.begin(), block.end());
            auto& definition = m_out.definitions[pending.definition];
            definition.docstring_line = m_out.comments[block.front()].start_line;
            definition.docstring.clear();
            for (const size_t index : block) {
                if (!definition.docstring.empty()) {
                    definition.docstring += '\n';
                }
                definition.docstring += m_out.comments[index].text;
            }
        }
    }

    const LanguageInfo& m_info;
    Lang m_lang;
    std::string_view m_source;
    const std::vector<std::string>& m_lines;
    rules::SourceFile& m_out;
    std::unordered_set<uint32_t> m_defining;  // start bytes of names being defined
    std::vector<PendingDoc> m_pending_docs;
    std::vector<size_t> m_comment_columns;  // start column of each comment, by index
};

}  // namespace

std::string language_for_path(const std::string& path) {
    const size_t slash = path.rfind('/');
    const std::string_view base = std::string_view(path).substr(slash == std::string::npos ? 0 : slash + 1);
    const size_t dot = base.rfind('.');
    if (dot == std::string_view::npos || dot == 0) {
        return {};
    }
    std::string extension(base.substr(dot + 1));
    std::transform(extension.begin(), extension.end(), extension.begin(),
        [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const std::map<std::string, std::string, std::less<>> by_extension = {
        {"py", "python"},
        {"pyi", "python"},
        {"java", "java"},
        {"js", "javascript"},
        {"mjs", "javascript"},
        {"cjs", "javascript"},
        {"jsx", "javascript"},
        {"ts", "typescript"},
        {"mts", "typescript"},
        {"cts", "typescript"},
        {"tsx", "tsx"},
        {"go", "go"},
        {"c", "c"},
        {"h", "c"},
        {"cc", "cpp"},
        {"cpp", "cpp"},
        {"cxx", "cpp"},
        {"c++", "cpp"},
        {"hpp", "cpp"},
        {"hh", "cpp"},
        {"hxx", "cpp"},
        {"h++", "cpp"},
        {"rs", "rust"},
    };
    const auto it = by_extension.find(extension);
    return it == by_extension.end() ? std::string() : it->second;
}

rules::SourceFile source_lines(const std::string& path, const std::string& content) {
    rules::SourceFile file;
    file.path = path;
    file.language = language_for_path(path);
    file.lines = split_lines(content);
    file.skipped_reason = "not parsed yet";
    return file;
}

namespace {

// A large file is parsed in pieces, on parallel threads: the parse of one big file is
// otherwise most of a check's time. A piece ends where a top-level item starts (see
// piece_starts below); pieces are parsed on their own, with tree-sitter's included
// ranges so that positions stay those of the file, and walked one by one. The facts of
// the pieces, in order, are the facts of the file when no piece has a syntax error: an
// item's parse depends only on its own text, and a cut inside a string, comment,
// bracket, block or preprocessor conditional leaves the piece before it unterminated,
// which is an error. On any error the whole file is parsed at once instead.

// Whether LINE (at column 0, after a blank line) opens a top-level item in LANG: the
// openers that cannot continue the statement before them.
bool opens_item(Lang lang, std::string_view line) {
    static const std::array<std::string_view, 4> python = {"def ", "class ", "async def ", "@"};
    // In the languages with braces, a comment at column 0 after a blank line opens the
    // item it documents.
    static const std::array<std::string_view, 8> script = {
        "function ", "async function ", "class ", "export ", "interface ", "abstract class ", "//", "/*"};
    static const std::array<std::string_view, 4> go = {"func ", "type ", "//", "/*"};
    static const std::array<std::string_view, 12> rust = {
        "fn ", "pub ", "impl ", "impl<", "struct ", "enum ", "trait ", "mod ", "#[", "unsafe ", "//", "/*"};
    static const std::array<std::string_view, 9> java = {
        "public ", "class ", "final ", "abstract ", "interface ", "enum ", "@", "//", "/*"};
    const auto starts = [&](const auto& openers) {
        return std::any_of(
            openers.begin(), openers.end(), [&](std::string_view o) { return line.starts_with(o); });
    };
    switch (lang) {
    case Lang::python: return starts(python);
    case Lang::javascript:
    case Lang::typescript:
    case Lang::tsx: return starts(script);
    case Lang::go: return starts(go);
    case Lang::rust: return starts(rust);
    case Lang::java: return starts(java);
    case Lang::c:
    case Lang::cpp:
        // A declaration or definition (an identifier first, and not a label such as
        // "out:"), or the comment before one.
        return line.starts_with("//") || line.starts_with("/*") ||
               (!line.empty() &&
                   (std::isalpha(static_cast<unsigned char>(line.front())) != 0 || line.front() == '_') &&
                   !line.ends_with(":") && !line.starts_with("public") && !line.starts_with("private") &&
                   !line.starts_with("protected"));
    }
    return false;
}

bool blank(std::string_view line) { return trim_left(line).empty() || line == "\r"; }

struct PieceStart {
    uint32_t byte;
    uint32_t row;
};

// Where the pieces of CONTENT start after the first: lines that open a top-level item
// after a blank line, outside braces (a rough count: a miscount only costs a piece that
// fails and a parse of the whole file), about every PIECE_BYTES; none in a file of less
// than twice that, nor when PIECE_BYTES is 0.
std::vector<PieceStart> piece_starts(Lang lang, const std::string& content, size_t piece_bytes) {
    std::vector<PieceStart> starts;
    if (piece_bytes == 0 || content.size() < 2 * piece_bytes) {
        return starts;
    }
    const bool braces = lang != Lang::python;
    const bool preprocessor = lang == Lang::c || lang == Lang::cpp;
    int depth = 0;
    bool after_blank = false;
    size_t last = 0;
    uint32_t row = 0;
    for (size_t begin = 0; begin < content.size(); ++row) {
        size_t end = content.find('\n', begin);
        if (end == std::string::npos) {
            end = content.size();
        }
        const std::string_view line(content.data() + begin, end - begin);
        if (depth == 0 && after_blank && begin - last >= piece_bytes &&
            content.size() - begin >= piece_bytes / 2 && opens_item(lang, line)) {
            starts.push_back({static_cast<uint32_t>(begin), row});
            last = begin;
        }
        after_blank = blank(line);
        if (preprocessor && line.starts_with("#")) {
            // Conditionals count as braces: a header's include guard spans the file.
            const std::string_view directive = trim_left(line.substr(1));
            if (directive.starts_with("if")) {
                ++depth;
            } else if (directive.starts_with("endif") && depth > 0) {
                --depth;
            }
        } else if (braces) {
            char quote = 0;
            for (size_t i = 0; i < line.size(); ++i) {
                const char c = line[i];
                if (quote != 0) {
                    if (c == '\\') {
                        ++i;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '`' || (c == '\'' && lang != Lang::rust)) {  // Rust: 'a lifetimes
                    quote = c;
                } else if (c == '/' && i + 1 < line.size() && line[i + 1] == '/') {
                    break;
                } else if (c == '{') {
                    ++depth;
                } else if (c == '}' && depth > 0) {
                    --depth;
                }
            }
        }
        begin = end + 1;
    }
    return starts;
}

// Why PATH cannot be parsed at all, or "" when it can.
std::string unparsable(const rules::SourceFile& file, const std::string& content) {
    if (file.language.empty()) {
        return "no grammar for " + file.path;
    }
    if (content.size() > k_max_file_bytes) {
        return file.path + " is " + std::to_string(content.size()) + " bytes, over the limit of " +
               std::to_string(k_max_file_bytes);
    }
    if (content.find('\0') != std::string::npos) {
        return file.path + " is binary (contains NUL bytes)";
    }
    return {};
}

// One parse and walk: of a whole file, or of the piece [BEGIN, END) of it.
struct Piece {
    PieceStart begin{0, 0};
    std::optional<PieceStart> end;  // none: to the end of the file
    rules::SourceFile facts;        // a piece's facts (no lines); a whole file's go to the file
    std::unique_ptr<Walker> walker;
    bool ok = false;      // parsed; for a piece, also without a syntax error
    std::string failure;  // why not, when not ok
};

void parse_piece(const LanguageInfo& info, const std::string& path, const std::string& content,
    const std::vector<std::string>& lines, rules::SourceFile& out, Piece& piece) {
    ParserHandle parser(ts_parser_new());
    if (!ts_parser_set_language(parser.get(), info.grammar)) {
        piece.failure = "the " + std::string(info.name) +
                        " grammar does not load into this tree-sitter (grammar ABI " +
                        std::to_string(ts_language_version(info.grammar)) + ")";
        return;
    }
    ts_parser_set_timeout_micros(parser.get(), k_parse_timeout_micros);
    const bool whole = piece.begin.byte == 0 && !piece.end;
    if (!whole) {
        TSRange range{};
        range.start_byte = piece.begin.byte;
        range.start_point = {piece.begin.row, 0};
        range.end_byte = piece.end ? piece.end->byte : UINT32_MAX;
        range.end_point = piece.end ? TSPoint{piece.end->row, 0} : TSPoint{UINT32_MAX, UINT32_MAX};
        ts_parser_set_included_ranges(parser.get(), &range, 1);
    }
    SyntaxTreeHandle tree(
        ts_parser_parse_string(parser.get(), nullptr, content.data(), static_cast<uint32_t>(content.size())));
    if (tree == nullptr) {
        piece.failure = "parsing " + path + " took too long";
        return;
    }
    const TSNode root = ts_tree_root_node(tree.get());
    if (!whole && ts_node_has_error(root)) {
        piece.failure = "a piece has a syntax error";
        return;
    }
    piece.walker = std::make_unique<Walker>(info, content, lines, out);
    piece.walker->walk(root);
    piece.ok = true;
}

// The file's facts from its walked pieces, in order.
void merge_pieces(std::vector<Piece>& pieces) {
    std::vector<Walker*> rest;
    for (size_t i = 1; i < pieces.size(); ++i) {
        rest.push_back(pieces[i].walker.get());
    }
    pieces.front().walker->absorb(rest);
    pieces.front().walker->finish();
}

// A file being parsed: its lines, and its pieces (one for a whole file).
struct Job {
    const SourceText* input = nullptr;
    const LanguageInfo* info = nullptr;
    rules::SourceFile* out = nullptr;
    std::vector<Piece> pieces;
};

// Runs TASK(i) for i in [0, COUNT) on up to THREADS threads, the calling one included.
template <typename Task>
void run_on_threads(size_t count, unsigned threads, const Task& task) {
    threads = std::min<unsigned>(threads, static_cast<unsigned>(count));
    std::atomic<size_t> next{0};
    auto work = [&] {
        for (size_t i = next++; i < count; i = next++) {
            task(i);
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) {
        pool.emplace_back(work);
    }
    work();
    for (auto& t : pool) {
        t.join();
    }
}

// Clears the facts of FILE, keeping its path, language and lines.
void clear_facts(rules::SourceFile& file) {
    file.definitions.clear();
    file.references.clear();
    file.calls.clear();
    file.comments.clear();
    file.try_blocks.clear();
    file.imports.clear();
    file.literals.clear();
}

// Parses JOBS' pieces on THREADS threads; a file with a failed piece is parsed whole.
void run_jobs(const std::vector<Job*>& jobs, unsigned threads) {
    std::vector<std::pair<Job*, Piece*>> tasks;
    for (Job* job : jobs) {
        for (auto& piece : job->pieces) {
            tasks.emplace_back(job, &piece);
        }
    }
    // Largest first, so that one big piece does not start last.
    const auto size = [](const std::pair<Job*, Piece*>& t) {
        const auto end = t.second->end ? t.second->end->byte : t.first->input->content.size();
        return end - t.second->begin.byte;
    };
    std::stable_sort(
        tasks.begin(), tasks.end(), [&](const auto& a, const auto& b) { return size(a) > size(b); });
    run_on_threads(tasks.size(), threads, [&](size_t i) {
        auto& [job, piece] = tasks[i];
        // The first piece's walk writes to the file, and takes over the others' facts.
        rules::SourceFile& out = piece == &job->pieces.front() ? *job->out : piece->facts;
        parse_piece(*job->info, job->input->path, job->input->content, job->out->lines, out, *piece);
    });
    std::vector<Job*> again;
    for (Job* job : jobs) {
        const bool failed =
            std::any_of(job->pieces.begin(), job->pieces.end(), [](const Piece& p) { return !p.ok; });
        if (failed && job->pieces.size() > 1) {
            clear_facts(*job->out);
            job->pieces.clear();
            job->pieces.emplace_back();
            again.push_back(job);
        } else if (failed) {
            job->out->skipped_reason = job->pieces.front().failure;
        } else {
            merge_pieces(job->pieces);
            job->out->parsed = true;
            job->out->skipped_reason.clear();
        }
    }
    if (!again.empty()) {
        run_jobs(again, threads);
    }
}

Job make_job(const SourceText& input, rules::SourceFile& out, size_t piece_bytes) {
    Job job;
    job.input = &input;
    job.out = &out;
    out.path = input.path;
    out.language = language_for_path(input.path);
    out.lines = split_lines(input.content);
    out.skipped_reason = unparsable(out, input.content);
    if (!out.skipped_reason.empty()) {
        return job;
    }
    job.info = language_info(out.language);
    if (job.info == nullptr) {
        out.skipped_reason = "no grammar for " + input.path;
        return job;
    }
    job.pieces.emplace_back();
    for (const auto start : piece_starts(job.info->lang, input.content, piece_bytes)) {
        job.pieces.back().end = start;
        job.pieces.emplace_back().begin = start;
    }
    return job;
}

// PIECE_BYTES 0: every file whole.
std::vector<rules::SourceFile> parse_all(const std::vector<SourceText>& inputs, unsigned threads,
    FactsCache* cache, size_t piece_bytes, size_t* pieces_parsed = nullptr) {
    std::vector<rules::SourceFile> out(inputs.size());
    if (threads == 0) {
        threads = std::max(1U, std::thread::hardware_concurrency());
    }
    std::vector<Job> jobs;
    for (size_t i = 0; i < inputs.size(); ++i) {
        if (auto kept = cache ? cache->find(inputs[i].path, inputs[i].content) : std::nullopt) {
            out[i] = std::move(*kept);
            continue;
        }
        Job job = make_job(inputs[i], out[i], piece_bytes);
        if (!job.pieces.empty()) {
            jobs.push_back(std::move(job));
        }
    }
    std::vector<Job*> pointers;
    for (auto& job : jobs) {
        pointers.push_back(&job);
    }
    run_jobs(pointers, threads);
    if (pieces_parsed != nullptr) {
        *pieces_parsed = 0;
        for (const auto& job : jobs) {
            *pieces_parsed += job.pieces.size();
        }
    }
    if (cache) {
        for (const auto& job : jobs) {
            cache->insert(job.input->path, job.input->content, *job.out);
        }
    }
    return out;
}

}  // namespace

rules::SourceFile parse_source(const std::string& path, const std::string& content) {
    return std::move(parse_all({{path, content}}, 1, nullptr, 0).front());
}

rules::SourceFile parse_source_in_pieces(const std::string& path, const std::string& content,
    unsigned threads, size_t* pieces, size_t piece_bytes) {
    return std::move(parse_all({{path, content}}, threads, nullptr, piece_bytes, pieces).front());
}

std::vector<rules::SourceFile> parse_sources(
    const std::vector<SourceText>& inputs, unsigned threads, FactsCache* cache) {
    return parse_all(inputs, threads, cache, k_piece_bytes);
}

}  // namespace vcs
