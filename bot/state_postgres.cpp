#include "bot/state.h"

namespace bot {

rules::Result<std::unique_ptr<StateStore>> open_postgres_store(const std::string&, int, int) {
    return rules::Error{rules::ErrorKind::permanent, "postgres: not built yet"};
}

}  // namespace bot
