#include <catch2/catch.hpp>

#include "bot/address.h"
#include "bot/webhook.h"

TEST_CASE("address ranges parse", "[bot][address]") {
    CHECK(bot::parse_address_range("10.0.0.0/8"));
    CHECK(bot::parse_address_range("192.0.2.7"));
    CHECK(bot::parse_address_range("::1"));
    CHECK(bot::parse_address_range("2001:db8::/32"));
    CHECK_FALSE(bot::parse_address_range("10.0.0.0/33"));
    CHECK_FALSE(bot::parse_address_range("2001:db8::/129"));
    CHECK_FALSE(bot::parse_address_range("10.0.0.0/"));
    CHECK_FALSE(bot::parse_address_range("10.0.0.0/8x"));
    CHECK_FALSE(bot::parse_address_range("review.example.org"));
    CHECK_FALSE(bot::parse_address_range(""));
}

TEST_CASE("addresses are matched against ranges by prefix", "[bot][address]") {
    const std::vector<std::string> ranges = {"10.0.0.0/8", "192.0.2.7", "2001:db8::/32", "172.16.0.0/12"};
    CHECK(bot::address_allowed("10.200.3.4", ranges));
    CHECK(bot::address_allowed("192.0.2.7", ranges));
    CHECK_FALSE(bot::address_allowed("192.0.2.8", ranges));
    CHECK(bot::address_allowed("172.31.255.255", ranges));
    CHECK_FALSE(bot::address_allowed("172.32.0.0", ranges));
    CHECK(bot::address_allowed("2001:db8:1::5", ranges));
    CHECK_FALSE(bot::address_allowed("2001:db9::5", ranges));
    // An IPv4 peer seen on an IPv6 socket.
    CHECK(bot::address_allowed("::ffff:10.1.2.3", ranges));
    CHECK_FALSE(bot::address_allowed("::ffff:11.1.2.3", ranges));
    // Nothing matches what does not parse, and IPv6 ranges never match IPv4 peers.
    CHECK_FALSE(bot::address_allowed("not an address", ranges));
    CHECK_FALSE(bot::address_allowed("10.0.0.1", {"::/0"}));
    CHECK(bot::address_allowed("10.0.0.1", {"0.0.0.0/0"}));
}

TEST_CASE("a forge without allowed_sources takes webhooks from anywhere", "[bot][address]") {
    bot::ForgeConfig forge;
    CHECK(bot::source_allowed(forge, "203.0.113.9"));
    forge.allowed_sources = {"127.0.0.1", "::1"};
    CHECK(bot::source_allowed(forge, "127.0.0.1"));
    CHECK(bot::source_allowed(forge, "::1"));
    CHECK_FALSE(bot::source_allowed(forge, "203.0.113.9"));
}
