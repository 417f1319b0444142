// The program's version; keep equal to project(VERSION) in the top CMakeLists.txt.
#pragma once

namespace bot {

inline constexpr const char* k_version = "0.1.0";

}  // namespace bot
