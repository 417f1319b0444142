// Reading the forges' JSON: a field as text, whatever its JSON type.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace bot {

// OBJECT[KEY] as text: a string as it is, a number or other value as JSON prints it,
// FALLBACK when the key is absent or null. Forges send ids as numbers or strings.
inline std::string json_text(
    const nlohmann::json& object, const char* key, const std::string& fallback = "") {
    const auto it = object.find(key);
    if (it == object.end() || it->is_null()) {
        return fallback;
    }
    return it->is_string() ? it->get<std::string>() : it->dump();
}

}  // namespace bot
