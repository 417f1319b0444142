#include "vcs/facts_cache.h"

#include <functional>

namespace vcs {

FactsCache::FactsCache(std::size_t max_bytes) : m_max_bytes(max_bytes) {}

std::optional<rules::SourceFile> FactsCache::find(const std::string& path, const std::string& content) {
    std::lock_guard lock(m_mutex);
    const auto [first, last] = m_index.equal_range({path, std::hash<std::string>{}(content)});
    for (auto it = first; it != last; ++it) {
        if (it->second->content == content) {
            m_entries.splice(m_entries.begin(), m_entries, it->second);
            ++m_hits;
            return it->second->facts;
        }
    }
    return std::nullopt;
}

void FactsCache::insert(const std::string& path, const std::string& content, const rules::SourceFile& facts) {
    if (content.size() > m_max_bytes) {
        return;
    }
    std::lock_guard lock(m_mutex);
    const Key key{path, std::hash<std::string>{}(content)};
    const auto [first, last] = m_index.equal_range(key);
    for (auto it = first; it != last; ++it) {
        if (it->second->content == content) {
            return;  // another thread parsed it too
        }
    }
    m_entries.push_front({path, content, facts});
    m_index.emplace(key, m_entries.begin());
    m_bytes += content.size();
    while (m_bytes > m_max_bytes) {
        const auto oldest = std::prev(m_entries.end());
        const auto [from, to] =
            m_index.equal_range({oldest->path, std::hash<std::string>{}(oldest->content)});
        for (auto it = from; it != to; ++it) {
            if (it->second == oldest) {
                m_index.erase(it);
                break;
            }
        }
        m_bytes -= oldest->content.size();
        m_entries.erase(oldest);
    }
}

std::size_t FactsCache::hits() const {
    std::lock_guard lock(m_mutex);
    return m_hits;
}

std::size_t FactsCache::entries() const {
    std::lock_guard lock(m_mutex);
    return m_entries.size();
}

}  // namespace vcs
