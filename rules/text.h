// Reading review prose: sentences and clauses with their byte spans, code mentions
// (backticks, quotes, call forms, identifiers that can only be code), numbers in digits
// or words, and the little grammar the extractors share (negation, suggestion, hedges).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rules::text {

struct Span {
    size_t begin = 0;  // byte offsets into the comment body, end exclusive
    size_t end = 0;
};

// Sentences of BODY: split at . ! ? followed by space or end, at line breaks, and at
// list markers. Abbreviations ("e.g.", "i.e.") and dots inside code do not split.
std::vector<Span> sentences(std::string_view body);

// Clauses of a sentence: split further at ";" and ", but" / ", while" / ", and" before a
// new subject. Used to keep a claim's span on the words that make it.
std::vector<Span> clauses(std::string_view body, Span sentence);

struct Mention {
    Span span;         // the mention including its backticks or quotes
    std::string code;  // the code inside, trimmed
    bool backticked = false;
    bool quoted = false;     // in '...' or "..."
    bool call_form = false;  // written as name() or name(...)
};

// Code mentions inside SPAN of BODY, in order.
std::vector<Mention> mentions(std::string_view body, Span span);

// The identifiers in a code fragment: `self._wait(x)` -> {"self", "_wait", "x"}.
std::vector<std::string> identifiers(std::string_view code);

// The identifier a mention names: the last component of a dotted/arrow path, with call
// parentheses dropped (`self.api.get()` -> "get"); "" when it is not a name.
std::string mention_name(std::string_view code);

// True when CODE is a plain identifier or a dotted path of identifiers, maybe with ().
bool is_name_like(std::string_view code);

// "four" -> 4, "12" -> 12, "a single" -> 1; empty when WORD is no number.
std::optional<int> number_word(std::string_view word);

std::string lower(std::string_view s);
std::string trim(std::string_view s);
// Collapses runs of whitespace to one space and trims.
std::string squash(std::string_view s);
bool is_ident_char(char c);
// Whole-word search: NAME occurs in HAY not preceded or followed by an identifier char.
bool contains_word(std::string_view hay, std::string_view name);
// Whether BODY is valid UTF-8.
bool valid_utf8(std::string_view body);

// Cut a claim's text for a reply: at most MAX bytes, on a UTF-8 boundary, with "…".
std::string excerpt(std::string_view s, size_t max);

// Whether the words of S (lower-cased) hedge, suggest or negate.
bool is_question(std::string_view s);
bool has_negation(std::string_view lowered);

}  // namespace rules::text
