// Node type names of the pinned grammar versions (see cmake/Grammars.cmake), checked
// against each grammar's node-types.json; tests/unit/test_vcs_syntax.cpp fails when a
// name here is unknown to its grammar, which catches a grammar upgrade that renames one.
#include "vcs/syntax_tables.h"

#include <cstring>
#include <initializer_list>
#include <map>
#include <utility>

extern "C" {
const TSLanguage* tree_sitter_python(void);
const TSLanguage* tree_sitter_java(void);
const TSLanguage* tree_sitter_javascript(void);
const TSLanguage* tree_sitter_typescript(void);
const TSLanguage* tree_sitter_tsx(void);
const TSLanguage* tree_sitter_go(void);
const TSLanguage* tree_sitter_c(void);
const TSLanguage* tree_sitter_cpp(void);
const TSLanguage* tree_sitter_rust(void);
}

namespace vcs {

namespace {

using Table = std::initializer_list<std::pair<const char*, NodeKind>>;
using K = NodeKind;

const Table k_python = {
    {"for_statement", K::binding},
    {"for_in_clause", K::binding},
    {"as_pattern", K::binding},
    {"named_expression", K::binding},
    {"function_definition", K::function},
    {"lambda", K::anonymous_function},
    {"class_definition", K::class_},
    {"assignment", K::variable},
    {"call", K::call},
    {"comment", K::comment},
    {"string", K::string},
    {"integer", K::number},
    {"float", K::number},
    {"try_statement", K::try_},
    {"import_statement", K::import},
    {"import_from_statement", K::import},
    {"future_import_statement", K::import},
    {"identifier", K::name},
    {"keyword_argument", K::labelled},
};

const Table k_java = {
    {"enhanced_for_statement", K::binding},
    {"resource", K::binding},
    {"enum_constant", K::binding},
    {"method_declaration", K::function},
    {"constructor_declaration", K::function},
    {"compact_constructor_declaration", K::function},
    {"lambda_expression", K::anonymous_function},
    {"class_declaration", K::class_},
    {"interface_declaration", K::class_},
    {"enum_declaration", K::class_},
    {"record_declaration", K::class_},
    {"annotation_type_declaration", K::class_},
    {"field_declaration", K::variable},
    {"constant_declaration", K::variable},
    {"local_variable_declaration", K::variable},
    {"method_invocation", K::call},
    {"object_creation_expression", K::call},
    {"explicit_constructor_invocation", K::call},
    {"line_comment", K::comment},
    {"block_comment", K::comment},
    {"string_literal", K::string},
    {"decimal_integer_literal", K::number},
    {"hex_integer_literal", K::number},
    {"octal_integer_literal", K::number},
    {"binary_integer_literal", K::number},
    {"decimal_floating_point_literal", K::number},
    {"hex_floating_point_literal", K::number},
    {"try_statement", K::try_},
    {"try_with_resources_statement", K::try_},
    {"import_declaration", K::import},
    {"identifier", K::name},
    {"type_identifier", K::name},
};

const Table k_javascript = {
    {"for_in_statement", K::binding},
    {"function_declaration", K::function},
    {"generator_function_declaration", K::function},
    {"method_definition", K::function},
    {"function_expression", K::anonymous_function},
    {"generator_function", K::anonymous_function},
    {"arrow_function", K::anonymous_function},
    {"class_declaration", K::class_},
    {"class", K::class_},
    {"variable_declarator", K::variable},
    {"assignment_expression", K::variable},
    {"call_expression", K::call},
    {"new_expression", K::call},
    {"comment", K::comment},
    {"string", K::string},
    {"template_string", K::string},
    {"number", K::number},
    {"try_statement", K::try_},
    {"import_statement", K::import},
    {"identifier", K::name},
    {"property_identifier", K::name},
    {"private_property_identifier", K::name},
    {"shorthand_property_identifier", K::name},
    {"pair", K::labelled},
};

// Only plain JavaScript: TypeScript names class fields public_field_definition.
const Table k_javascript_only = {
    {"field_definition", K::variable},
};

// TypeScript and TSX: JavaScript's table plus the type-level declarations.
const Table k_typescript_extra = {
    {"function_signature", K::function},
    {"method_signature", K::function},
    {"abstract_method_signature", K::function},
    {"interface_declaration", K::class_},
    {"abstract_class_declaration", K::class_},
    {"enum_declaration", K::class_},
    {"type_alias_declaration", K::class_},
    {"public_field_definition", K::variable},
    {"type_identifier", K::name},
};

const Table k_go = {
    {"range_clause", K::binding},
    {"function_declaration", K::function},
    {"method_declaration", K::function},
    {"method_elem", K::function},
    {"func_literal", K::anonymous_function},
    {"type_spec", K::class_},
    {"type_alias", K::class_},
    {"short_var_declaration", K::variable},
    {"var_spec", K::variable},
    {"const_spec", K::variable},
    {"field_declaration", K::variable},
    {"call_expression", K::call},
    {"comment", K::comment},
    {"interpreted_string_literal", K::string},
    {"raw_string_literal", K::string},
    {"int_literal", K::number},
    {"float_literal", K::number},
    {"imaginary_literal", K::number},
    {"import_spec", K::import},
    {"identifier", K::name},
    {"field_identifier", K::name},
    {"type_identifier", K::name},
    {"package_identifier", K::name},
};

const Table k_c = {
    {"function_definition", K::function},
    {"struct_specifier", K::class_},
    {"union_specifier", K::class_},
    {"enum_specifier", K::class_},
    {"declaration", K::variable},
    {"field_declaration", K::variable},
    {"call_expression", K::call},
    {"comment", K::comment},
    {"string_literal", K::string},
    {"number_literal", K::number},
    {"preproc_include", K::import},
    {"identifier", K::name},
    {"field_identifier", K::name},
    {"type_identifier", K::name},
};

// C++: C's table plus classes, lambdas, try/catch and namespaces.
const Table k_cpp_extra = {
    {"for_range_loop", K::binding},
    {"lambda_expression", K::anonymous_function},
    {"class_specifier", K::class_},
    {"raw_string_literal", K::string},
    {"try_statement", K::try_},
    {"namespace_identifier", K::name},
};

const Table k_rust = {
    {"for_expression", K::binding},
    {"let_condition", K::binding},
    {"function_item", K::function},
    {"function_signature_item", K::function},
    {"closure_expression", K::anonymous_function},
    {"struct_item", K::class_},
    {"enum_item", K::class_},
    {"trait_item", K::class_},
    {"union_item", K::class_},
    {"type_item", K::class_},
    {"impl_item", K::impl},
    {"let_declaration", K::variable},
    {"const_item", K::variable},
    {"static_item", K::variable},
    {"field_declaration", K::variable},
    {"call_expression", K::call},
    {"macro_invocation", K::call},
    {"line_comment", K::comment},
    {"block_comment", K::comment},
    {"string_literal", K::string},
    {"raw_string_literal", K::string},
    {"integer_literal", K::number},
    {"float_literal", K::number},
    {"use_declaration", K::import},
    {"identifier", K::name},
    {"field_identifier", K::name},
    {"type_identifier", K::name},
    {"shorthand_field_identifier", K::name},
    {"self", K::name},
};

struct Spec {
    Lang lang;
    const char* name;
    const TSLanguage* (*grammar)();
    std::vector<const Table*> tables;
};

const std::vector<Spec>& specs() {
    static const std::vector<Spec> all = {
        {Lang::python, "python", tree_sitter_python, {&k_python}},
        {Lang::java, "java", tree_sitter_java, {&k_java}},
        {Lang::javascript, "javascript", tree_sitter_javascript, {&k_javascript, &k_javascript_only}},
        {Lang::typescript, "typescript", tree_sitter_typescript, {&k_javascript, &k_typescript_extra}},
        {Lang::tsx, "tsx", tree_sitter_tsx, {&k_javascript, &k_typescript_extra}},
        {Lang::go, "go", tree_sitter_go, {&k_go}},
        {Lang::c, "c", tree_sitter_c, {&k_c}},
        {Lang::cpp, "cpp", tree_sitter_cpp, {&k_c, &k_cpp_extra}},
        {Lang::rust, "rust", tree_sitter_rust, {&k_rust}},
    };
    return all;
}

// Maps every named symbol of the grammar (aliases included) to its kind by name.
LanguageInfo build(const Spec& spec) {
    LanguageInfo info{spec.lang, spec.name, spec.grammar(), {}};
    std::map<std::string_view, NodeKind> by_name;
    for (const Table* table : spec.tables) {
        for (const auto& [type, kind] : *table) {
            by_name[type] = kind;
        }
    }
    const uint32_t count = ts_language_symbol_count(info.grammar);
    info.kinds.assign(count, NodeKind::other);
    for (uint32_t symbol = 0; symbol < count; ++symbol) {
        const auto id = static_cast<TSSymbol>(symbol);
        if (ts_language_symbol_type(info.grammar, id) != TSSymbolTypeRegular) {
            continue;
        }
        const char* name = ts_language_symbol_name(info.grammar, id);
        if (name == nullptr) {
            continue;
        }
        if (auto it = by_name.find(name); it != by_name.end()) {
            info.kinds[symbol] = it->second;
        }
    }
    return info;
}

}  // namespace

const LanguageInfo* language_info(std::string_view name) {
    static const std::vector<LanguageInfo> infos = [] {
        std::vector<LanguageInfo> built;
        for (const auto& spec : specs()) {
            built.push_back(build(spec));
        }
        return built;
    }();
    for (const auto& info : infos) {
        if (name == info.name) {
            return &info;
        }
    }
    return nullptr;
}

std::vector<std::string> unknown_node_types() {
    std::vector<std::string> unknown;
    for (const auto& spec : specs()) {
        const TSLanguage* grammar = spec.grammar();
        for (const Table* table : spec.tables) {
            for (const auto& [type, kind] : *table) {
                const auto length = static_cast<uint32_t>(std::strlen(type));
                if (ts_language_symbol_for_name(grammar, type, length, true) == 0) {
                    unknown.push_back(std::string(spec.name) + ": " + type);
                }
            }
        }
    }
    return unknown;
}

}  // namespace vcs
