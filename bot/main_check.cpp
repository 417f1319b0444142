// claimcheck: runs `check` itself and every other command (serve, config check, --help,
// --version) by executing claimcheck-daemon from its own directory with the same
// arguments. A check is run once per change, by hand or from CI, and loading the
// daemon's libraries (PostgreSQL, curl, OpenSSL, GnuTLS, Kerberos: 51 in all) cost a
// process about 9 ms before any work; this program links only what a check needs.
// Exit codes are in bot/cli.h.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"  // see bot/cli.cpp
#endif
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

#include "bot/cli.h"
#include "bot/logging.h"
#include "bot/version.h"

namespace {

using bot::cli::k_exit_internal;
using bot::cli::print_error;

// Whether the command is `check`: the first argument that is not -v/--verbose.
bool is_check(int argc, char** argv) {
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg != "-v" && arg != "--verbose") {
            return arg == "check";
        }
    }
    return false;
}

int run_check(int argc, char** argv) {
    CLI::App app{"claimcheck: checks factual claims in code-review comments against the code"};
    bool verbose = false;
    bot::cli::add_common_options(app, verbose);
    bot::cli::CheckCommand check;
    bot::cli::add_check_command(app, check);
    if (const auto done = bot::cli::parse(app, argc, argv)) {
        return *done;
    }
    bot::init_logging(verbose);
    return bot::cli::run_check_command(check);
}

// Replaces this process with claimcheck-daemon, next to this program; returns on failure.
int run_daemon_program(char** argv) {
    std::error_code error;
    const auto self = std::filesystem::read_symlink("/proc/self/exe", error);
    const auto program = (error ? std::filesystem::path(argv[0]) : self).parent_path() / "claimcheck-daemon";
    execv(program.c_str(), argv);
    print_error("cannot run " + program.string() + ": " + std::strerror(errno) +
                " (claimcheck-daemon is installed next to claimcheck and runs every command but check)");
    return k_exit_internal;
}

}  // namespace

int main(int argc, char** argv) {
    return bot::cli::guarded(
        [&] { return is_check(argc, argv) ? run_check(argc, argv) : run_daemon_program(argv); });
}
