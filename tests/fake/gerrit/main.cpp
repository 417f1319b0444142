// fake_gerrit: the fake Gerrit of fake_gerrit.h as a program, for the end-to-end scripts.
//
//   fake_gerrit [--port N] [--username U] [--password P] [--git-root DIR] [--seed FILE]
//
// Serves on 127.0.0.1:N (0, the default: any free port), prints "port N" on stdout once
// it listens, and runs until SIGTERM or SIGINT. FILE holds the changes to serve (see
// FakeGerrit::load_seed); DIR the bare repositories <project>.git behind them.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <string>

#include "fake/gerrit/fake_gerrit.h"

int main(int argc, char** argv) {
    fake::GerritOptions options;
    int port = 0;
    std::string seed;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--port") {
            port = std::stoi(value);
        } else if (flag == "--username") {
            options.username = value;
        } else if (flag == "--password") {
            options.password = value;
        } else if (flag == "--git-root") {
            options.git_root = value;
        } else if (flag == "--seed") {
            seed = value;
        } else {
            std::cerr << "fake_gerrit: unknown option " << flag << "\n";
            return 2;
        }
    }
    if (argc % 2 == 0) {
        std::cerr << "fake_gerrit: every option takes a value\n";
        return 2;
    }
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);  // before the server's threads start

    fake::FakeGerrit gerrit(options);
    if (!seed.empty()) {
        std::ifstream in(seed);
        const auto parsed = nlohmann::json::parse(in, nullptr, false);
        if (parsed.is_discarded()) {
            std::cerr << "fake_gerrit: " << seed << ": not valid JSON\n";
            return 2;
        }
        gerrit.load_seed(parsed);
    }
    const int bound = gerrit.start("127.0.0.1", port);
    if (bound < 0) {
        std::cerr << "fake_gerrit: cannot bind 127.0.0.1:" << port << "\n";
        return 1;
    }
    std::cout << "port " << bound << std::endl;
    int signal = 0;
    sigwait(&signals, &signal);
    gerrit.stop();
    return 0;
}
