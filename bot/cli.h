// The command line's pieces shared by the two executables: `claimcheck`, which runs
// `check` itself and hands every other command to `claimcheck-daemon`, and
// `claimcheck-daemon`, which has them all (bot/main.cpp, bot/main_check.cpp).
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "bot/check.h"

namespace CLI {
class App;
}

namespace bot::cli {

// Exit codes: 0 success (whether or not inaccurate claims were found), 2 bad input
// (named on stderr), 1 an unexpected internal error.
inline constexpr int k_exit_ok = 0;
inline constexpr int k_exit_internal = 1;
inline constexpr int k_exit_bad_input = 2;

// "claimcheck: error: MESSAGE" on stderr.
void print_error(const std::string& message);

// The options every command line has: --version, and -v/--verbose (setting VERBOSE),
// also after the subcommand.
void add_common_options(CLI::App& app, bool& verbose);

// Parses ARGV into APP: an exit code when there is nothing more to do (help or version
// printed, or a mistake reported on stderr), none when the command is to run.
std::optional<int> parse(CLI::App& app, int argc, char** argv);

// BODY's exit code; an exception escaping it is reported as an internal error (exit 1).
int guarded(const std::function<int()>& body);

struct CheckCommand {
    CheckOptions options;
    std::string base;
    std::string format = "text";
    int repeat = 1;
    bool cold = false;  // with repeat: no facts cache between runs
};

// Adds the `check` subcommand to APP, filling COMMAND when parsed.
void add_check_command(CLI::App& app, CheckCommand& command);

// Runs a parsed `check`: the report on stdout; the exit code.
int run_check_command(const CheckCommand& command);

}  // namespace bot::cli
