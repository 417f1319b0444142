#include "bot/forge_dryrun.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "bot/json_text.h"

namespace bot {

namespace {

using nlohmann::json;

rules::Error bad_input(std::string message) { return {rules::ErrorKind::bad_input, std::move(message)}; }

rules::Result<json> read_json(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return rules::Error{rules::ErrorKind::transient, path + ": cannot read"};
    }
    std::ostringstream text;
    text << in.rdbuf();
    try {
        return json::parse(text.str());
    } catch (const json::exception& e) {
        return bad_input(path + ": not valid JSON: " + e.what());
    }
}

CommentKind kind_of(const std::string& text) {
    if (text == "inline") {
        return CommentKind::inline_comment;
    }
    if (text == "review") {
        return CommentKind::review;
    }
    if (text == "conversation") {
        return CommentKind::conversation;
    }
    return CommentKind::message;
}

}  // namespace

DryRunForge::DryRunForge(std::unique_ptr<Forge> inner, std::ostream& out)
    : m_inner(std::move(inner)), m_out(out) {}

const std::string& DryRunForge::name() const { return m_inner->name(); }

rules::Result<std::vector<ChangeInfo>> DryRunForge::list_changes(std::int64_t since) {
    return m_inner->list_changes(since);
}

rules::Result<ChangeInfo> DryRunForge::get_change(const std::string& change) {
    return m_inner->get_change(change);
}

rules::Result<std::vector<ForgeComment>> DryRunForge::list_comments(const ChangeInfo& change) {
    return m_inner->list_comments(change);
}

rules::Result<std::string> DryRunForge::post_reply(
    const ChangeInfo& change, const ForgeComment& comment, const std::string& body) {
    std::lock_guard lock(m_mutex);
    m_out << "dry-run: " << name() << " change " << change.id << " patch set " << change.patchset
          << ": reply to comment " << comment.id << ":\n"
          << body << "\n";
    m_out.flush();
    return std::string("dry-run");
}

rules::Result<bool> DryRunForge::find_marker(const ChangeInfo& change, const std::string& marker) {
    return m_inner->find_marker(change, marker);
}

rules::Result<std::vector<ForgeEvent>> DryRunForge::parse_webhook(
    const std::map<std::string, std::string>& headers, const std::string& body) {
    return m_inner->parse_webhook(headers, body);
}

FileForge::FileForge(ForgeConfig config)
    : m_config(std::move(config)),
      m_author(m_config.bot_account.empty() ? "claimcheck" : m_config.bot_account) {}

const std::string& FileForge::name() const { return m_config.name; }

rules::Result<std::shared_ptr<const nlohmann::json>> FileForge::load() {
    std::error_code error;
    const auto stamp = std::filesystem::last_write_time(m_config.url, error);
    const auto size = std::filesystem::file_size(m_config.url, error);
    std::lock_guard lock(m_mutex);
    if (!error && m_data && stamp == m_stamp && size == m_size) {
        return m_data;
    }
    auto data = read_json(m_config.url);
    if (!data) {
        return data.error();
    }
    auto parsed = std::make_shared<const nlohmann::json>(std::move(*data));
    if (!error) {
        m_data = parsed;
        m_stamp = stamp;
        m_size = size;
    }
    return parsed;
}

namespace {

ChangeInfo change_of(const json& change, const std::string& json_path) {
    ChangeInfo info;
    info.id = json_text(change, "id");
    info.patchset = json_text(change, "patchset", "1");
    info.project = json_text(change, "project");
    info.head_ref = json_text(change, "head", "HEAD");
    info.base_ref = json_text(change, "base");
    info.updated = change.value("updated", std::int64_t{0});
    const auto local = [&](const std::filesystem::path& path) {
        return path.is_absolute() ? path.string()
                                  : (std::filesystem::path(json_path).parent_path() / path).string();
    };
    if (change.contains("url")) {
        info.fetch_url = local(json_text(change, "url"));
    } else {
        info.repo_path = local(json_text(change, "repo", "."));
    }
    return info;
}

// The "changes" list of DATA, without copying it.
const json& changes_of(const json& data) {
    static const json k_none = json::array();
    const auto it = data.find("changes");
    return it != data.end() && it->is_array() ? *it : k_none;
}

// The replies posted so far, one JSON object per line; a torn last line is ignored.
std::vector<json> read_replies(const std::string& path) {
    std::vector<json> replies;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        try {
            replies.push_back(json::parse(line));
        } catch (const json::exception&) {
            continue;
        }
    }
    return replies;
}

}  // namespace

rules::Result<std::vector<ChangeInfo>> FileForge::list_changes(std::int64_t since) {
    auto data = load();
    if (!data) {
        return data.error();
    }
    std::vector<ChangeInfo> changes;
    for (const auto& change : changes_of(**data)) {
        auto info = change_of(change, m_config.url);
        if (info.updated >= since) {
            changes.push_back(std::move(info));
        }
    }
    return changes;
}

rules::Result<ChangeInfo> FileForge::get_change(const std::string& change) {
    auto data = load();
    if (!data) {
        return data.error();
    }
    for (const auto& entry : changes_of(**data)) {
        if (json_text(entry, "id") == change) {
            return change_of(entry, m_config.url);
        }
    }
    return rules::Error{rules::ErrorKind::not_found, m_config.name + ": no change " + change};
}

rules::Result<std::vector<ForgeComment>> FileForge::list_comments(const ChangeInfo& change) {
    auto data = load();
    if (!data) {
        return data.error();
    }
    std::vector<ForgeComment> comments;
    for (const auto& entry : changes_of(**data)) {
        if (json_text(entry, "id") != change.id) {
            continue;
        }
        for (const auto& c : entry.value("comments", json::array())) {
            ForgeComment comment;
            comment.id = json_text(c, "id");
            comment.author = json_text(c, "author");
            comment.path = json_text(c, "path");
            comment.line = c.contains("line") && c["line"].is_number_integer() ? c["line"].get<int>() : 0;
            comment.body = json_text(c, "body");
            comment.patchset = json_text(c, "patchset", change.patchset);
            comment.parent_id = json_text(c, "parent");
            comment.kind = kind_of(json_text(c, "kind", "message"));
            comments.push_back(std::move(comment));
        }
    }
    std::lock_guard lock(m_mutex);
    for (const auto& reply : read_replies(m_config.replies_file)) {
        if (json_text(reply, "change") == change.id) {
            comments.push_back({json_text(reply, "reply_id"), m_author, "", 0, json_text(reply, "body"),
                json_text(reply, "patchset"), json_text(reply, "comment"), CommentKind::message});
        }
    }
    return comments;
}

rules::Result<std::string> FileForge::post_reply(
    const ChangeInfo& change, const ForgeComment& comment, const std::string& body) {
    auto data = load();
    if (data) {
        const auto delay = (*data)->value("post_delay_ms", 0);
        if (delay > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(delay));
        }
    }
    static std::atomic<std::uint64_t> counter = 0;
    const auto reply_id = "reply-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
    const auto line = json{{"change", change.id}, {"patchset", change.patchset}, {"comment", comment.id},
                          {"reply_id", reply_id}, {"body", body}}
                          .dump() +
                      "\n";
    std::lock_guard lock(m_mutex);
    const int fd = ::open(m_config.replies_file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        return rules::Error{
            rules::ErrorKind::transient, m_config.replies_file + ": cannot open for appending"};
    }
    const auto written = ::write(fd, line.data(), line.size());
    ::close(fd);
    if (written != static_cast<ssize_t>(line.size())) {
        return rules::Error{rules::ErrorKind::transient, m_config.replies_file + ": short write"};
    }
    return reply_id;
}

rules::Result<bool> FileForge::find_marker(const ChangeInfo& change, const std::string& marker) {
    auto comments = list_comments(change);
    if (!comments) {
        return comments.error();
    }
    for (const auto& comment : *comments) {
        if (comment.body.find(marker) != std::string::npos) {
            return true;
        }
    }
    return false;
}

}  // namespace bot
