// rules/engine: sentences framed so that the kinds' patterns would misread them (a
// supposition, a doubt, a quotation, "nothing ...", the code before the change,
// agreement, an exception) are left out of those kinds; the plain statement is not.
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "rules/model.h"
#include "rules_support.h"

using rules::Verdict;
using rules_test::none_flagged;

namespace {

const char* const k_python = R"(import heapq


def run(queue, label):
    heapq.heapify(queue)
    return label


def cancel(queue):
    queue.clear()
)";

}  // namespace

TEST_CASE("rules/engine: framed sentences are left out, plain ones are read") {
    const auto change = rules_test::added_file("sched.py", k_python);
    // Each framing around a claim that, read plainly, would be wrong.
    for (const char* body : {"> `label` is never used.", "If `run` catches `KeyError`, it is swallowed.",
             "I don't think `run` has a docstring.", "Nothing calls `heapq.heapify()` in `cancel`.",
             "No try/except has been added around `heapify`.", "Previously `label` was never used.",
             "Agreed that `cancel` should use `queue.clear()`.",
             "`label` is never used, other than in the return."}) {
        INFO(body);
        CHECK(none_flagged(rules_test::check(body, change)));
    }
    // The plain statements are read, and these are wrong.
    for (const char* body : {"`label` is never used.", "`run` takes one argument."}) {
        INFO(body);
        CHECK_FALSE(none_flagged(rules_test::check(body, change)));
    }
}
