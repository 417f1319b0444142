// Test semantics: "the code appears to be a unit test", "the tests cover various
// scenarios".
//
// What a test asserts is mostly beyond a static checker, and so left open. Two things
// are plain from the change itself. The kind of test: projects file their tests by kind
// (`tests/unit/`, `tests/functional/`, `integration/`, `e2e/`), so calling a test under
// a functional or integration directory a unit test, or the reverse, is wrong. And how
// many tests there are: "the tests cover various scenarios" is wrong when the change
// adds a single test function.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

namespace {

enum Form { test_kind = 0, test_count = 1 };

bool is_test_name(const std::string& n) { return n.rfind("test", 0) == 0 || n.rfind("Test", 0) == 0; }

// "functional", "integration", "unit" or "" from the directories of PATH.
std::string kind_of_path(const std::string& path) {
    std::string out;
    size_t start = 0;
    while (start < path.size()) {
        const size_t slash = path.find('/', start);
        if (slash == std::string::npos) {
            break;
        }
        const std::string dir = text::lower(path.substr(start, slash - start));
        if (dir == "unit" || dir == "unittests" || dir == "unit_tests") {
            out = "unit";
        } else if (dir == "functional" || dir == "integration" || dir == "e2e" || dir == "acceptance" ||
                   dir == "integration_tests" || dir == "functional_tests") {
            out = dir.rfind("integration", 0) == 0 ? "integration"
                                                   : (dir == "e2e" ? "end-to-end" : "functional");
        }
        start = slash + 1;
    }
    return out;
}

}  // namespace

void extract_test(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    if (!has_any(l, {"test"})) {
        return;
    }
    static const text::Regex k_kind(
        R"(\b(?:is|appears to be|seems to be|looks like)\s+(?:a\s+|an\s+)?(unit|functional|integration)\s+tests?\b)");
    static const text::Regex k_count(
        R"(\btests?\s+(?:seem\s+to\s+|appear\s+to\s+)?(?:cover|covers|test|exercise)\s+(?:various|multiple|several|many|different|a variety of|a wide range of|numerous)\s+(?:scenarios|cases|situations|paths))");
    std::smatch m;
    if (std::regex_search(l, m, k_kind) && !has_negation_before(l, static_cast<size_t>(m.position(0)))) {
        size_t begin = static_cast<size_t>(m.position(0));
        for (const char* subj : {"the code ", "this code ", "the test ", "this test ", "this "}) {
            const size_t p = l.rfind(subj, begin);
            if (p != std::string::npos && begin - p < 30) {
                begin = p;
                break;
            }
        }
        Claim c = make_claim(
            s, "test-semantics", s.at(begin), s.at(static_cast<size_t>(m.position(0) + m.length(0))));
        c.object = m.str(1);
        c.number = test_kind;
        out.push_back(c);
    }
    if (std::regex_search(l, m, k_count) &&
        !has_negation_before(l, static_cast<size_t>(m.position(0) + m.length(0)))) {
        size_t begin = static_cast<size_t>(m.position(0));
        if (const size_t p = l.rfind("the ", begin); p != std::string::npos && begin - p < 6) {
            begin = p;
        }
        Claim c = make_claim(
            s, "test-semantics", s.at(begin), s.at(static_cast<size_t>(m.position(0) + m.length(0))));
        c.number = test_count;
        out.push_back(c);
    }
}

Finding verify_test(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    if (c.number == test_kind) {
        // The changed test files, and the kind their directories give.
        std::string kind;
        std::vector<Evidence> ev;
        for (const auto* f : files) {
            const std::string k = kind_of_path(f->path);
            bool has_tests = false;
            for (const auto& d : f->definitions) {
                has_tests = has_tests || is_test_name(d.name);
            }
            if (!has_tests) {
                continue;
            }
            if (k.empty() || (!kind.empty() && k != kind)) {
                return unverifiable(c, "the kind of test cannot be told from the paths");
            }
            kind = k;
            ev.push_back(Evidence{f->path, 1, ""});
        }
        if (kind.empty()) {
            return unverifiable(c, "no test file with a kind in its path");
        }
        const bool unit_said = c.object == "unit";
        const bool unit_is = kind == "unit";
        if (unit_said == unit_is) {
            return make_finding(c, Verdict::accurate, "it is filed as a " + kind + " test", ev);
        }
        return make_finding(c, Verdict::inaccurate,
            "it is a " + kind + " test, not a " + c.object + " test: " + ev.front().path, ev);
    }
    std::vector<Evidence> tests;
    for (const auto* f : files) {
        const auto added = facts::added_lines(change, f->path);
        for (const auto& d : f->definitions) {
            if ((d.kind == DefKind::function || d.kind == DefKind::method) && is_test_name(d.name) &&
                std::find(added.begin(), added.end(), d.start_line) != added.end()) {
                tests.push_back(facts::evidence(*f, d.start_line));
            }
        }
    }
    if (tests.size() == 1) {
        return make_finding(c, Verdict::inaccurate, "the change adds a single test", tests);
    }
    return unverifiable(c, "the change adds " + std::to_string(tests.size()) + " tests");
}

}  // namespace rules::kinds
