#include "bot/comments.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace bot {

namespace {

using nlohmann::json;

// Stands in for bytes that are not UTF-8 so that the JSON parser (which rejects them)
// can read the rest of the file. DEL is one byte, like each byte it replaces, is legal
// inside JSON strings and is next to never written by people.
constexpr char k_invalid_byte_marker = '\x7f';

rules::Error bad_input(const std::string& message) { return {rules::ErrorKind::bad_input, message}; }

// Length of the well-formed UTF-8 sequence at TEXT[i], or 0 when there is none.
size_t utf8_sequence_length(std::string_view text, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) {
        return 1;
    }
    size_t length = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        length = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        length = 3;
        low = b0 == 0xE0 ? 0xA0 : 0x80;   // no overlong forms
        high = b0 == 0xED ? 0x9F : 0xBF;  // no surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        length = 4;
        low = b0 == 0xF0 ? 0x90 : 0x80;
        high = b0 == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (i + length > text.size()) {
        return 0;
    }
    if (byte(i + 1) < low || byte(i + 1) > high) {
        return 0;
    }
    for (size_t k = 2; k < length; ++k) {
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) {
            return 0;
        }
    }
    return length;
}

// TEXT with every byte that is not part of a well-formed UTF-8 sequence replaced by the
// marker; *replaced counts them.
std::string mask_invalid_utf8(std::string_view text, size_t* replaced) {
    std::string out(text);
    *replaced = 0;
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            out[i] = k_invalid_byte_marker;
            ++*replaced;
            ++i;
        } else {
            i += length;
        }
    }
    return out;
}

// Offset of the first byte of TEXT that is not part of a well-formed sequence, or
// TEXT.size() when there is none.
size_t first_invalid_utf8(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            return i;
        }
        i += length;
    }
    return text.size();
}

std::string prefix(const std::string& name, size_t index) {
    return name + ": comment " + std::to_string(index) + ": ";
}

rules::Result<LoadedComment> read_comment(
    const json& item, const std::string& name, size_t index, bool masked) {
    if (!item.is_object()) {
        return bad_input(prefix(name, index) + "must be an object");
    }
    const auto field_error = [&](const char* field, const char* expected) {
        return bad_input(prefix(name, index) + "field '" + field + "' must be " + expected);
    };
    LoadedComment loaded;
    rules::ReviewComment& c = loaded.comment;

    const auto id = item.find("id");
    if (id == item.end()) {
        return bad_input(prefix(name, index) + "missing field 'id'");
    }
    if (!id->is_string()) {
        return field_error("id", "a string");
    }
    c.id = id->get<std::string>();

    const auto body = item.find("body");
    if (body == item.end()) {
        return bad_input(prefix(name, index) + "missing field 'body'");
    }
    if (!body->is_string()) {
        return field_error("body", "a string");
    }
    c.body = body->get<std::string>();

    if (const auto author = item.find("author"); author != item.end() && !author->is_null()) {
        if (!author->is_string()) {
            return field_error("author", "a string");
        }
        c.author = author->get<std::string>();
    }
    if (const auto path = item.find("path"); path != item.end() && !path->is_null()) {
        if (!path->is_string()) {
            return field_error("path", "null or a string");
        }
        c.path = path->get<std::string>();
    }
    if (const auto line = item.find("line"); line != item.end() && !line->is_null()) {
        if (!line->is_number_integer()) {
            return field_error("line", "null or an integer");
        }
        const auto value = line->get<long long>();
        if (value < 0 || value > 100'000'000) {
            return field_error("line", "a line number");
        }
        c.line = static_cast<int>(value);
    }

    if (masked) {
        for (const auto* field : {&c.id, &c.author}) {
            if (field->find(k_invalid_byte_marker) != std::string::npos) {
                return bad_input(prefix(name, index) + "field '" + (field == &c.id ? "id" : "author") +
                                 "' is not valid UTF-8");
            }
        }
        if (c.path && c.path->find(k_invalid_byte_marker) != std::string::npos) {
            return bad_input(prefix(name, index) + "field 'path' is not valid UTF-8");
        }
    }
    // The marker can only have come from a masked byte: the file held no DEL of its own.
    const bool has_marker = masked && c.body.find(k_invalid_byte_marker) != std::string::npos;
    loaded.valid_utf8 = !has_marker && is_valid_utf8(c.body);
    return loaded;
}

}  // namespace

bool is_valid_utf8(std::string_view text) { return first_invalid_utf8(text) == text.size(); }

rules::Result<std::vector<LoadedComment>> parse_comments(std::string_view text, const std::string& name) {
    size_t replaced = 0;
    const std::string masked_text = mask_invalid_utf8(text, &replaced);
    const bool masked = replaced > 0;
    if (masked && text.find(k_invalid_byte_marker) != std::string_view::npos) {
        // The marker would be ambiguous; report the first bad byte instead of guessing.
        return bad_input(name + ": not valid UTF-8 at byte " + std::to_string(first_invalid_utf8(text)));
    }

    json document;
    try {
        document = json::parse(masked_text);
    } catch (const json::parse_error& e) {
        return bad_input(name + ": not valid JSON at byte " + std::to_string(e.byte) + ": " + e.what());
    }

    const json* list = &document;
    if (document.is_object()) {
        const auto it = document.find("comments");
        if (it == document.end()) {
            return bad_input(name + ": an object must have a 'comments' list");
        }
        list = &*it;
    }
    if (!list->is_array()) {
        return bad_input(name + ": expected a list of comments or an object with a 'comments' list");
    }

    std::vector<LoadedComment> comments;
    comments.reserve(list->size());
    for (size_t i = 0; i < list->size(); ++i) {
        auto comment = read_comment((*list)[i], name, i, masked);
        if (!comment) {
            return comment.error();
        }
        comments.push_back(std::move(*comment));
    }
    if (masked &&
        std::none_of(comments.begin(), comments.end(), [](const auto& c) { return !c.valid_utf8; })) {
        // Bad bytes outside any body (in an id, a path, a key): the file is not usable.
        return bad_input(name + ": not valid UTF-8 at byte " + std::to_string(first_invalid_utf8(text)));
    }
    return comments;
}

rules::Result<std::vector<LoadedComment>> load_comments(const std::string& path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) {
        return bad_input(path + ": is a directory, not a comments file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return bad_input(path + ": cannot read the comments file");
    }
    std::ostringstream content;
    content << in.rdbuf();
    if (in.bad()) {
        return bad_input(path + ": cannot read the comments file");
    }
    return parse_comments(content.str(), path);
}

}  // namespace bot
