#include "bot/logging.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

namespace bot {

void init_logging(bool verbose) {
    static const auto logger = [] {
        auto l = spdlog::stderr_logger_st("claimcheck");
        l->set_pattern("claimcheck: %l: %v");
        return l;
    }();
    spdlog::set_default_logger(logger);
    spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::warn);
}

}  // namespace bot
