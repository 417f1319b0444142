// Logging set-up: spdlog's default logger writes to stderr, so that stdout carries only
// the command's output.
#pragma once

namespace bot {

// Warnings and errors by default; debug messages too when VERBOSE.
void init_logging(bool verbose);

}  // namespace bot
