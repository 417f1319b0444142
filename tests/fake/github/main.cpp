// fake_github: the fake GitHub of fake_github.h as a program, for the end-to-end scripts.
//   fake_github [--port N] [--token T] [--bot-login L] [--app-id ID --app-public-key PEM_FILE]
//               [--token-lifetime SECONDS]
// Prints the port it listens on (on 127.0.0.1) and serves until SIGTERM or SIGINT.
#include <signal.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "fake/github/fake_github.h"

int main(int argc, char** argv) {
    fake_github::Options options;
    int port = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        const std::string value = argv[i + 1];
        if (flag == "--port") {
            port = std::atoi(value.c_str());
        } else if (flag == "--token") {
            options.token = value;
        } else if (flag == "--bot-login") {
            options.bot_login = value;
        } else if (flag == "--app-id") {
            options.app_id = value;
        } else if (flag == "--app-public-key") {
            std::ifstream in(value);
            std::ostringstream text;
            text << in.rdbuf();
            options.app_public_key = text.str();
        } else if (flag == "--token-lifetime") {
            options.token_lifetime = std::atoi(value.c_str());
        } else {
            std::cerr << "fake_github: unknown option " << flag << "\n";
            return 2;
        }
    }
    // Block the stop signals in every thread, then wait for one here.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGINT);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    fake_github::FakeGitHub fake(options);
    const int bound = fake.start(port);
    if (bound < 0) {
        std::cerr << "fake_github: cannot listen on port " << port << "\n";
        return 1;
    }
    std::cout << bound << std::endl;
    int received = 0;
    sigwait(&signals, &received);
    fake.stop();
    return 0;
}
