#include <catch2/catch.hpp>

#include "vcs/facts_cache.h"
#include "vcs/syntax.h"

namespace {

const std::string k_source = "def f(a, b):\n    return a + b\n\n\ndef g():\n    return f(1, 2)\n";

}  // namespace

TEST_CASE("facts from the cache are the facts a parse gives", "[vcs][facts_cache]") {
    vcs::FactsCache cache(1 << 20);
    const std::vector<vcs::SourceText> inputs{{"m.py", k_source}, {"n.py", "x = 1\n"}};
    const auto parsed = vcs::parse_sources(inputs, 1, &cache);
    CHECK(cache.hits() == 0);
    CHECK(cache.entries() == 2);
    const auto kept = vcs::parse_sources(inputs, 2, &cache);
    CHECK(cache.hits() == 2);
    REQUIRE(kept.size() == 2);
    const auto fresh = vcs::parse_source("m.py", k_source);
    CHECK(kept[0].path == "m.py");
    CHECK(kept[0].parsed);
    CHECK(kept[0].lines == fresh.lines);
    REQUIRE(kept[0].definitions.size() == fresh.definitions.size());
    for (size_t i = 0; i < fresh.definitions.size(); ++i) {
        CHECK(kept[0].definitions[i].name == fresh.definitions[i].name);
        CHECK(kept[0].definitions[i].parameters.size() == fresh.definitions[i].parameters.size());
    }
    CHECK(kept[0].calls.size() == fresh.calls.size());
    CHECK(kept[1].path == "n.py");
}

TEST_CASE("the cache keys on path and exact content", "[vcs][facts_cache]") {
    vcs::FactsCache cache(1 << 20);
    cache.insert("m.py", k_source, vcs::parse_source("m.py", k_source));
    CHECK(cache.find("m.py", k_source));
    CHECK_FALSE(cache.find("other.py", k_source));          // same text, another path
    CHECK_FALSE(cache.find("m.py", k_source + "# new\n"));  // another text
    CHECK(cache.hits() == 1);
}

TEST_CASE("the cache keeps the most recently used within its budget", "[vcs][facts_cache]") {
    const std::string a(400, 'a');
    const std::string b(400, 'b');
    const std::string c(400, 'c');
    vcs::FactsCache cache(1000);
    cache.insert("a.txt", a, vcs::source_lines("a.txt", a));
    cache.insert("b.txt", b, vcs::source_lines("b.txt", b));
    CHECK(cache.find("a.txt", a));  // a is now the most recent
    cache.insert("c.txt", c, vcs::source_lines("c.txt", c));
    CHECK(cache.entries() == 2);
    CHECK(cache.find("a.txt", a));
    CHECK(cache.find("c.txt", c));
    CHECK_FALSE(cache.find("b.txt", b));  // the least recently used went
    // Content larger than the whole budget is never kept.
    const std::string huge(2000, 'h');
    cache.insert("h.txt", huge, vcs::source_lines("h.txt", huge));
    CHECK_FALSE(cache.find("h.txt", huge));
    CHECK(cache.entries() == 2);
}
