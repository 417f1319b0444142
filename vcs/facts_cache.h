// Facts already parsed, kept for the next check. The daemon checks a change again on
// every new comment, and from one patch set to the next most changed files stay the
// same text: parsing them again is most of what a check costs (BENCHMARKS.md). Entries
// are found by path and exact content, so a hit gives what parse_source() would.
#pragma once

#include <cstddef>
#include <list>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "rules/model.h"

namespace vcs {

class FactsCache {
public:
    // Keeps the most recently used entries whose contents total at most MAX_BYTES.
    explicit FactsCache(std::size_t max_bytes);

    // The facts of CONTENT as PATH, when they are kept.
    std::optional<rules::SourceFile> find(const std::string& path, const std::string& content);
    // Keeps FACTS, the facts of CONTENT as PATH; content larger than the whole budget is
    // not kept.
    void insert(const std::string& path, const std::string& content, const rules::SourceFile& facts);

    std::size_t hits() const;
    std::size_t entries() const;

private:
    struct Entry {
        std::string path;
        std::string content;
        rules::SourceFile facts;
    };
    using Key = std::pair<std::string, std::size_t>;  // path, hash of the content

    std::size_t m_max_bytes;
    std::size_t m_bytes = 0;
    std::size_t m_hits = 0;
    std::list<Entry> m_entries;  // most recently used first
    std::multimap<Key, std::list<Entry>::iterator> m_index;
    mutable std::mutex m_mutex;
};

}  // namespace vcs
