// rules/regex: the traits with cached facets answer as std::regex_traits<char> does,
// question by question, and patterns compiled with them match as std::regex does.
#include <catch2/catch.hpp>
#include <regex>
#include <string>
#include <vector>

#include "rules/regex.h"

namespace {

const std::vector<std::string> k_class_names = {"d", "w", "s", "alnum", "alpha", "blank", "cntrl", "digit",
    "graph", "lower", "print", "punct", "space", "upper", "xdigit", "W", "Alpha", "nope"};

}  // namespace

TEST_CASE("regex traits: the same answers as std::regex_traits for every character", "[rules][regex]") {
    const std::regex_traits<char> standard;
    const rules::text::RegexTraits fast;
    for (const bool icase : {false, true}) {
        for (const auto& name : k_class_names) {
            const auto mask = standard.lookup_classname(name.begin(), name.end(), icase);
            CHECK(fast.lookup_classname(name.begin(), name.end(), icase) == mask);
            for (int i = 0; i < 256; ++i) {
                const char c = static_cast<char>(i);
                INFO("class " << name << ", character " << i);
                REQUIRE(fast.isctype(c, mask) == standard.isctype(c, mask));
            }
        }
    }
    for (int i = 0; i < 256; ++i) {
        const char c[2] = {static_cast<char>(i), 'A'};
        INFO("character " << i);
        REQUIRE(fast.translate_nocase(c[0]) == standard.translate_nocase(c[0]));
        REQUIRE(fast.transform(c, c + 2) == standard.transform(c, c + 2));
        REQUIRE(fast.transform_primary(c, c + 2) == standard.transform_primary(c, c + 2));
    }
}

TEST_CASE("regex traits: after imbue the caches follow the new locale", "[rules][regex]") {
    rules::text::RegexTraits fast;
    fast.imbue(std::locale::classic());
    const std::string name = "w";
    const auto mask = fast.lookup_classname(name.begin(), name.end());
    CHECK(fast.isctype('_', mask));
    CHECK(fast.isctype('q', mask));
    CHECK_FALSE(fast.isctype('-', mask));
}

TEST_CASE("regex: patterns of the rules match as with std::regex", "[rules][regex]") {
    struct Case {
        const char* pattern;
        std::regex_constants::syntax_option_type flags;
    };
    const std::vector<Case> cases = {
        {R"(\b(?:takes|accepts)\s+(\w+)\s+(?:arguments?|parameters?)\b)", std::regex_constants::ECMAScript},
        {R"([a-z_][\w$]*\s*[=:]\s*['"]?\d+($|[^\w$]))", std::regex_constants::icase},
        {R"(^(?:[\w.$]+\(.*\)\s*;?|[^ ].*;)$)", std::regex_constants::ECMAScript},
        {R"([[:alpha:]]+[^[:space:]]*\B)", std::regex_constants::ECMAScript},
    };
    const std::vector<std::string> subjects = {"The function `f` takes four arguments.", "x = '42' and Y: 7",
        "self.api.get_flavors(x);", "foo(bar)", "not code at all", "ÄÖ über_x 12", "TAKES Two Parameters",
        ""};
    for (const auto& c : cases) {
        const std::regex standard(c.pattern, c.flags);
        const rules::text::Regex fast(c.pattern, c.flags);
        for (const auto& s : subjects) {
            INFO("pattern " << c.pattern << " on " << s);
            std::smatch a;
            std::smatch b;
            const bool found = std::regex_search(s, a, standard);
            REQUIRE(std::regex_search(s, b, fast) == found);
            if (found) {
                REQUIRE(a.size() == b.size());
                for (size_t i = 0; i < a.size(); ++i) {
                    CHECK(a.position(i) == b.position(i));
                    CHECK(a.str(i) == b.str(i));
                }
            }
        }
    }
}
