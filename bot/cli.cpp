// GCC 12 reports a potential null dereference inside std::string as inlined into CLI11's
// header-only split(); it is a false positive in library code, and the warning is
// reported after inlining, so it is turned off for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wnull-dereference"
#endif
#include "bot/cli.h"

#include <sys/resource.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <iostream>

#include "bot/report.h"
#include "bot/version.h"
#include "vcs/facts_cache.h"

namespace bot::cli {

void add_common_options(CLI::App& app, bool& verbose) {
    app.set_version_flag("--version", k_version);
    app.add_flag("-v,--verbose", verbose, "Debug logs on stderr");
    app.fallthrough();  // -v also after the subcommand
}

std::optional<int> parse(CLI::App& app, int argc, char** argv) {
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
    return std::nullopt;
}

int guarded(const std::function<int()>& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        print_error(std::string("internal error: ") + e.what());
    } catch (...) {
        print_error("internal error");
    }
    return k_exit_internal;
}

void print_error(const std::string& message) { std::cerr << "claimcheck: error: " << message << "\n"; }

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
    check->add_flag("--cold", command.cold,
        "With --repeat: keep no facts between runs (the later runs then cost what a daemon's first check "
        "of a new patch set does)");
}

namespace {

// CPU time of this process so far, in milliseconds.
double cpu_ms() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + t.tv_usec / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

}  // namespace

int run_check_command(const CheckCommand& command) {
    CheckOptions options = command.options;
    if (!command.base.empty()) {
        options.base = command.base;
    }
    // Repeated checks keep facts as the daemon does, so that the later runs time a re-check.
    vcs::FactsCache facts_cache(64 << 20);
    if (command.repeat > 1 && !command.cold) {
        options.facts_cache = &facts_cache;
    }
    rules::Result<CheckReport> report = rules::Error{};
    for (int run = 1; run <= command.repeat; ++run) {
        const auto wall = std::chrono::steady_clock::now();
        const auto cpu = cpu_ms();
        report = run_check(options);
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
    std::cout << (command.format == "json" ? render_json(*report) + "\n" : render_text(*report));
    std::cout.flush();
    return std::cout ? k_exit_ok : k_exit_internal;
}

}  // namespace bot::cli
