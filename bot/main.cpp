// claimcheck-daemon: claimcheck's whole command line (check, serve, config check).
// `claimcheck` runs check itself and every other command through this program
// (bot/main_check.cpp). Exit codes are in bot/cli.h.
// GCC 12 reports a potential null dereference inside std::string as inlined into CLI11's
// header-only split(); it is a false positive in library code, and the warning is
// reported after inlining, so it is turned off for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif

#include <CLI/CLI.hpp>
#include <iostream>
#include <string>

#include "bot/cli.h"
#include "bot/config.h"
#include "bot/daemon.h"
#include "bot/logging.h"

namespace {

using bot::cli::k_exit_bad_input;
using bot::cli::k_exit_ok;
using bot::cli::print_error;

// `claimcheck config check FILE`: "ok", or every error with its key and line (exit 2).
int run_config_check_command(const std::string& path) {
    const auto parsed = bot::load_config(path);
    if (!parsed.config) {
        for (const auto& error : parsed.errors) {
            print_error(error);
        }
        return k_exit_bad_input;
    }
    std::cout << "ok\n";
    return k_exit_ok;
}

struct ServeCommand {
    std::string config_path;
    bot::ServeOptions options;
};

void add_serve_command(CLI::App& app, ServeCommand& command) {
    auto* serve = app.add_subcommand("serve", "Run the daemon: answer false claims on the configured forges");
    serve->add_option("--config", command.config_path, "The YAML configuration file")->required();
    serve->add_flag("--once", command.options.once, "One sweep over every configured project, then exit");
    serve->add_option("--change", command.options.change, "With --once: only this change, FORGE:ID");
    serve->add_flag("--dry-run", command.options.dry_run, "Print the replies instead of posting them");
}

// `claimcheck serve`: exit 0 when all went well, 1 when --once had failed jobs, 2 for a
// bad config or options, 3 when the state store or the listen address is unavailable.
int run_serve_command(const ServeCommand& command, bool verbose) {
    const auto parsed = bot::load_config(command.config_path);
    if (!parsed.config) {
        for (const auto& error : parsed.errors) {
            print_error(error);
        }
        return k_exit_bad_input;
    }
    auto log = parsed.config->log;
    if (verbose) {
        log.level = "debug";
    }
    bot::init_daemon_logging(log);
    return bot::serve(*parsed.config, command.options);
}

int run(int argc, char** argv) {
    CLI::App app{"claimcheck: checks factual claims in code-review comments against the code"};
    bool verbose = false;
    bot::cli::add_common_options(app, verbose);
    bot::cli::CheckCommand check;
    bot::cli::add_check_command(app, check);
    auto* config = app.add_subcommand("config", "Work with the daemon's configuration file");
    config->require_subcommand(1);
    auto* config_check = config->add_subcommand("check", "Validate a configuration file");
    std::string config_path;
    ServeCommand serve;
    add_serve_command(app, serve);
    config_check->add_option("FILE", config_path, "The YAML configuration file")->required();

    if (const auto done = bot::cli::parse(app, argc, argv)) {
        return *done;
    }
    bot::init_logging(verbose);

    if (app.got_subcommand("check")) {
        return bot::cli::run_check_command(check);
    }
    if (app.got_subcommand("serve")) {
        return run_serve_command(serve, verbose);
    }
    if (config_check->parsed()) {
        return run_config_check_command(config_path);
    }
    std::cerr << app.help();
    return k_exit_bad_input;
}

}  // namespace

int main(int argc, char** argv) {
    return bot::cli::guarded([&] { return run(argc, argv); });
}
