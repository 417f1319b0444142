// claimcheck's command line. Exit codes: 0 success (whether or not inaccurate claims
// were found), 2 bad input (named on stderr), 1 an unexpected internal error.
// GCC 12 reports a potential null dereference inside std::string as inlined into CLI11's
// header-only split(); it is a false positive in library code, and the warning is
// reported after inlining, so it is turned off for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <exception>
#include <iostream>
#include <optional>
#include <string>

#include "bot/check.h"
#include "bot/config.h"
#include "bot/daemon.h"
#include "bot/logging.h"
#include "bot/report.h"
#include "bot/version.h"
#include "vcs/facts_cache.h"

namespace {

constexpr int k_exit_ok = 0;
constexpr int k_exit_internal = 1;
constexpr int k_exit_bad_input = 2;

void print_error(const std::string& message) { std::cerr << "claimcheck: error: " << message << "\n"; }

struct CheckCommand {
    bot::CheckOptions options;
    std::string base;
    std::string format = "text";
    int repeat = 1;
};

void add_check_command(CLI::App& app, CheckCommand& command) {
    auto* check = app.add_subcommand("check", "Check the claims in review comments against a change");
    check
        ->add_option("--repo", command.options.repo,
            "The git repository: a local path, or a URL (http, https, ssh, git) fetched into a mirror")
        ->required();
    check->add_option("--head", command.options.head, "Revision of the change (sha, branch, tag, ref)")
        ->required();
    check->add_option(
        "--base", command.base, "Revision to compare with (default: the first parent of --head)");
    check->add_option("--cache-dir", command.options.cache_dir,
        "Where mirrors of remote repositories are kept (default: ~/.cache/claimcheck/mirrors)");
    check
        ->add_option("--comments", command.options.comments_file,
            "JSON file: a list of comments {id, author, path, line, body} or {\"comments\": [...]}")
        ->required();
    check->add_option("--format", command.format, "Output format: text or json (default: text)")
        ->check(CLI::IsMember({"text", "json"}));
    check
        ->add_option("--repeat", command.repeat,
            "Check N times in this process and print each run's wall and CPU time on stderr "
            "(a benchmark: later runs cost what a daemon's re-check of the change does)")
        ->check(CLI::Range(1, 1000));
}

// CPU time of this process so far, in milliseconds.
double cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + t.tv_usec / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

int run_check_command(const CheckCommand& command) {
    bot::CheckOptions options = command.options;
    if (!command.base.empty()) {
        options.base = command.base;
    }
    // Repeated checks keep facts as the daemon does, so that the later runs time a re-check.
    vcs::FactsCache facts_cache(64 << 20);
    if (command.repeat > 1) {
        options.facts_cache = &facts_cache;
    }
    rules::Result<bot::CheckReport> report = rules::Error{};
    for (int run = 1; run <= command.repeat; ++run) {
        const auto wall = std::chrono::steady_clock::now();
        const auto cpu = cpu_ms();
        report = bot::run_check(options);
        if (command.repeat > 1) {
            std::cerr
                << "run " << run << ": wall "
                << std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - wall).count()
                << " ms, cpu " << cpu_ms() - cpu << " ms\n";
        }
        if (!report) {
            break;
        }
    }
    if (!report) {
        print_error(report.error().message);
        return report.error().kind == rules::ErrorKind::bad_input ? k_exit_bad_input : k_exit_internal;
    }
    std::cout << (command.format == "json" ? bot::render_json(*report) + "\n" : bot::render_text(*report));
    std::cout.flush();
    return std::cout ? k_exit_ok : k_exit_internal;
}

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
    app.set_version_flag("--version", bot::k_version);
    bool verbose = false;
    app.add_flag("-v,--verbose", verbose, "Debug logs on stderr");
    app.fallthrough();  // -v also after the subcommand
    CheckCommand check;
    add_check_command(app, check);
    auto* config = app.add_subcommand("config", "Work with the daemon's configuration file");
    config->require_subcommand(1);
    auto* config_check = config->add_subcommand("check", "Validate a configuration file");
    std::string config_path;
    ServeCommand serve;
    add_serve_command(app, serve);
    config_check->add_option("FILE", config_path, "The YAML configuration file")->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        print_error(e.what());
        std::cerr << "Run with --help for more information.\n";
        return k_exit_bad_input;
    }
    bot::init_logging(verbose);

    if (app.got_subcommand("check")) {
        return run_check_command(check);
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
    try {
        return run(argc, argv);
    } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what());
    } catch (...) {
        print_error("internal error");
    }
    return k_exit_internal;
}
