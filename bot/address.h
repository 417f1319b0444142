// IP address ranges, as in a forge's allowed_sources: "10.0.0.0/8", "192.0.2.7", "::1",
// "2001:db8::/32". An IPv4 address seen as IPv6 (::ffff:192.0.2.7) matches IPv4 ranges.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bot {

struct AddressRange {
    std::array<unsigned char, 16> bytes{};  // IPv4 in the first 4
    int length = 4;                         // 4 or 16 bytes
    int prefix = 32;                        // bits that must match
};

// The range TEXT names, or nothing when it is not an address with an optional /prefix.
std::optional<AddressRange> parse_address_range(std::string_view text);

// Whether ADDRESS (as a peer's address is printed) lies in one of RANGES; an address
// that does not parse lies in none.
bool address_allowed(const std::string& address, const std::vector<std::string>& ranges);

}  // namespace bot
