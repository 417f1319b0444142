// Exception handling: "the code catches `ValueError`", "catches some exceptions, such
// as `E`, but does not handle them", "no error handling around `get()`".
//
// Try blocks and their caught types settle it. "Catches E" is right when some try in
// the files catches E (by its last name, `a.E` = `E`); a catch-all (`except:`,
// `except Exception`, `catch (Throwable)`, `catch (...)`) may catch E too, so then the
// claim stays open. "No handling around f()" is wrong when every call of f sits in the
// body of a try block. Go, Rust and C have no exceptions: claims there stay open, as do
// "handles `X`" claims where `X` occurs in the code (an `if` may handle it). Claims tied to a line number are
// the line-reference kind's.

#include "rules/facts.h"
#include "rules/kinds.h"
#include "rules/regex.h"

namespace rules::kinds {

void extract_exception(const Sentence& s, std::vector<Claim>& out) {
    const std::string& l = s.lowered;
    if (!has_any(l, {"catch", "handl", "swallow"})) {
        return;
    }
    if (text::is_question(s.str())) {
        return;
    }
    static const text::Regex k_catches(
        R"(\b(?:code|it|function|method|test|this|block)\s+(?:also\s+)?(?:catches|is catching|handles|swallows)\s+)"
        R"((?:some\s+|the\s+|an?\s+)?(?:exceptions?,?\s+)?(?:such as|like|e\.g\.,?|including)?\s*)" +
        std::string(k_mention_re));
    static const text::Regex k_none(
        R"(\bno\s+(?:error|exception)\s+handling\s+(?:around|for|in|when calling)\s+(?:the\s+)?(?:call\s+to\s+)?)" +
        std::string(k_mention_re));
    std::smatch m;
    if (std::regex_search(l, m, k_catches)) {
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        if (mention && !text::mention_name(mention->code).empty()) {
            Claim c = make_claim(s, "exception-handling", s.span.begin, s.span.end);
            c.subject = text::mention_name(mention->code);
            // "handles `io.EOF`" may be an `if` or a `match` arm; "catches" is a handler.
            c.object = m.str(0).find("handl") != std::string::npos ? "handles" : "";
            out.push_back(c);
        }
    }
    if (std::regex_search(l, m, k_none)) {
        const auto* mention =
            mention_in(s, static_cast<size_t>(m.position(1)), static_cast<size_t>(m.position(1) + 1));
        if (mention && !text::mention_name(mention->code).empty()) {
            Claim c = make_claim(s, "exception-handling", s.at(static_cast<size_t>(m.position(0))),
                s.at(static_cast<size_t>(m.position(0) + m.length(0))));
            c.subject = text::mention_name(mention->code);
            c.negated = true;
            out.push_back(c);
        }
    }
}

namespace {

std::string last_name(const std::string& type) {
    const auto ids = text::identifiers(type);
    return ids.empty() ? "" : ids.back();
}

bool catch_all(const std::string& type) {
    const std::string n = last_name(type);
    return type.empty() || n == "Exception" || n == "BaseException" || n == "Throwable" || type == "..." ||
           n == "Error" || n == "StandardError";
}

// The line where T's first handler (`except`, `catch`, `finally`) starts: the body of
// the try ends before it.
int try_body_end(const SourceFile& f, const TryBlock& t) {
    static const text::Regex k_handler(R"(^\s*(?:\}\s*)?(?:except|catch|finally)\b)");
    for (int n = t.start_line + 1; n <= t.end_line; ++n) {
        if (const auto* line = f.line(n); line && std::regex_search(*line, k_handler)) {
            return n;
        }
    }
    return t.end_line + 1;
}

}  // namespace

Finding verify_exception(const Claim& c, const ReviewComment& comment, const Change& change) {
    const auto files = facts::files_for(change, comment);
    for (const auto* f : files) {
        if (!f->parsed) {
            return unverifiable(c, f->path + " could not be parsed");
        }
    }
    if (c.negated) {
        // Wrong when every call of it is in the body of a try (not in a handler, where a
        // raise escapes): a call outside may be the one the reviewer means.
        std::optional<std::vector<Evidence>> guarded;
        for (const auto* f : files) {
            for (const auto& call : f->calls) {
                if (call.callee != c.subject) {
                    continue;
                }
                std::optional<int> in_try;
                for (const auto& t : f->try_blocks) {
                    if (t.start_line <= call.line && call.line < try_body_end(*f, t)) {
                        in_try = t.start_line;
                    }
                }
                if (!in_try) {
                    return unverifiable(c, "a call of `" + c.subject + "` outside any try body: line " +
                                               std::to_string(call.line) + " of " + f->path);
                }
                if (!guarded) {
                    guarded =
                        std::vector<Evidence>{facts::evidence(*f, *in_try), facts::evidence(*f, call.line)};
                }
            }
        }
        if (guarded) {
            return make_finding(
                c, Verdict::inaccurate, "every call of `" + c.subject + "` is inside a try block", *guarded);
        }
        return unverifiable(c, "no call of `" + c.subject + "` found");
    }
    // Only languages with exceptions catch them; "handles" may mean a plain condition.
    for (const auto* f : files) {
        if (f->language == "go" || f->language == "rust" || f->language == "c") {
            return unverifiable(c, f->path + " has no exceptions: errors are values there");
        }
        if (c.object == "handles") {
            for (const auto& line : f->lines) {
                if (text::contains_word(line, c.subject)) {
                    return unverifiable(
                        c, "`" + c.subject + "` occurs in the code; it may be handled without a try");
                }
            }
        }
    }
    std::vector<Evidence> tries;
    for (const auto* f : files) {
        for (const auto& t : f->try_blocks) {
            tries.push_back(facts::evidence(*f, t.start_line));
            for (const auto& type : t.caught_types) {
                if (last_name(type) == c.subject) {
                    return make_finding(c, Verdict::accurate, "`" + c.subject + "` is caught",
                        {facts::evidence(*f, t.start_line)});
                }
                if (catch_all(type)) {
                    return unverifiable(c, "a catch-all handler may catch `" + c.subject + "`");
                }
            }
        }
    }
    std::string where;
    for (const auto* f : files) {
        where += (where.empty() ? "" : ", ") + f->path;
    }
    if (tries.empty()) {
        return make_finding(c, Verdict::inaccurate,
            "there is no try block in " + where + ", so nothing catches `" + c.subject + "`");
    }
    return make_finding(c, Verdict::inaccurate, "no handler catches `" + c.subject + "`", tries);
}

}  // namespace rules::kinds
