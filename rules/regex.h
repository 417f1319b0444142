// The regular expressions of the extractors and verifiers: std::basic_regex with a
// traits class that answers exactly as std::regex_traits<char> does, but looks the
// locale's facets up once instead of on every question.
//
// Why: libstdc++ compiles each bracket or class of a pattern (`\w`, `\s`, `[a-z_]`)
// into a 256-entry table, asking the traits about every character; std::regex_traits
// calls use_facet (a dynamic_cast) and, for the equivalence-class test, a collation
// transform (strxfrm) on each ask. That made compiling the rules' fifty-odd patterns
// the costliest part of `claimcheck check` after parsing. Matching asks the traits too:
// every `\b` looks up the class "w". The answers below are the same facet calls on the
// same locale; only the lookups are hoisted, and in the "C" locale, whose collation is
// the identity, the transform is skipped.
#pragma once

#include <locale>
#include <regex>
#include <string>

namespace rules::text {

#if defined(__GLIBCXX__)

class RegexTraits : public std::regex_traits<char> {
public:
    RegexTraits() { cache(); }

    locale_type imbue(locale_type locale) {
        locale_type old = std::regex_traits<char>::imbue(std::move(locale));
        cache();
        return old;
    }

    char_type translate_nocase(char_type c) const { return m_ctype->tolower(c); }

    // As std::regex_traits<char>::transform_primary: the lower-cased sort key.
    template <typename Iterator>
    string_type transform_primary(Iterator first, Iterator last) const {
        string_type s(first, last);
        m_ctype->tolower(s.data(), s.data() + s.size());
        return m_identity_collation ? s : m_collate->transform(s.data(), s.data() + s.size());
    }

    template <typename Iterator>
    string_type transform(Iterator first, Iterator last) const {
        string_type s(first, last);
        return m_identity_collation ? s : m_collate->transform(s.data(), s.data() + s.size());
    }

    // "w" (asked at every `\b` while matching) from the cache; the rest as the base.
    template <typename Iterator>
    char_class_type lookup_classname(Iterator first, Iterator last, bool icase = false) const {
        if (last - first == 1 && *first == 'w') {
            return m_word;  // lower and upper are not in it, so icase changes nothing
        }
        return std::regex_traits<char>::lookup_classname(first, last, icase);
    }

    // As std::regex_traits<char>::isctype, with the ctype facet cached.
    bool isctype(char_type c, char_class_type mask) const {
        return m_ctype->is(mask._M_base, c) ||
               ((mask._M_extended & char_class_type::_S_under) != 0 && c == m_ctype->widen('_'));
    }

private:
    void cache() {
        const locale_type locale = getloc();
        m_ctype = &std::use_facet<std::ctype<char>>(locale);
        m_collate = &std::use_facet<std::collate<char>>(locale);
        m_identity_collation = locale == std::locale::classic();
        const char w = 'w';
        m_word = std::regex_traits<char>::lookup_classname(&w, &w + 1, false);
    }

    // Owned by the locale that the base class holds: valid as long as this object.
    const std::ctype<char>* m_ctype = nullptr;
    const std::collate<char>* m_collate = nullptr;
    bool m_identity_collation = false;
    char_class_type m_word{};
};

#else

using RegexTraits = std::regex_traits<char>;

#endif

using Regex = std::basic_regex<char, RegexTraits>;
using RegexIterator = std::regex_iterator<std::string::const_iterator, char, RegexTraits>;

}  // namespace rules::text
