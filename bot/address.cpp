#include "bot/address.h"

#include <arpa/inet.h>

#include <cstring>

namespace bot {

namespace {

std::optional<AddressRange> parse_address(const std::string& text) {
    AddressRange range;
    if (inet_pton(AF_INET, text.c_str(), range.bytes.data()) == 1) {
        return range;
    }
    if (inet_pton(AF_INET6, text.c_str(), range.bytes.data()) == 1) {
        static constexpr unsigned char k_mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (std::memcmp(range.bytes.data(), k_mapped, sizeof k_mapped) == 0) {
            std::memmove(range.bytes.data(), range.bytes.data() + 12, 4);
            std::memset(range.bytes.data() + 4, 0, 12);
            return range;
        }
        range.length = 16;
        range.prefix = 128;
        return range;
    }
    return std::nullopt;
}

bool contains(const AddressRange& range, const AddressRange& address) {
    if (range.length != address.length) {
        return false;
    }
    const int whole = range.prefix / 8;
    if (std::memcmp(range.bytes.data(), address.bytes.data(), static_cast<size_t>(whole)) != 0) {
        return false;
    }
    const int rest = range.prefix % 8;
    if (rest == 0) {
        return true;
    }
    const auto mask = static_cast<unsigned char>(0xff << (8 - rest));
    return (range.bytes[static_cast<size_t>(whole)] & mask) ==
           (address.bytes[static_cast<size_t>(whole)] & mask);
}

}  // namespace

std::optional<AddressRange> parse_address_range(std::string_view text) {
    const auto slash = text.find('/');
    auto range = parse_address(std::string(text.substr(0, slash)));
    if (!range || slash == std::string_view::npos) {
        return range;
    }
    const auto bits = text.substr(slash + 1);
    if (bits.empty() || bits.size() > 3) {
        return std::nullopt;
    }
    int prefix = 0;
    for (const char c : bits) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        prefix = prefix * 10 + (c - '0');
    }
    if (prefix > range->length * 8) {
        return std::nullopt;
    }
    range->prefix = prefix;
    return range;
}

bool address_allowed(const std::string& address, const std::vector<std::string>& ranges) {
    const auto peer = parse_address(address);
    if (!peer) {
        return false;
    }
    for (const auto& text : ranges) {
        if (const auto range = parse_address_range(text); range && contains(*range, *peer)) {
            return true;
        }
    }
    return false;
}

}  // namespace bot
