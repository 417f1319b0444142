#include <catch2/catch.hpp>

#include "bot/redact.h"

using bot::redact;

TEST_CASE("redact strips userinfo from URLs", "[bot][redact]") {
    CHECK(redact("fetching https://bot:s3cr3t@review.example.org/a/changes/1") ==
          "fetching https://***@review.example.org/a/changes/1");
    CHECK(redact("ssh://git@example.org:29418/nova") == "ssh://***@example.org:29418/nova");
}

TEST_CASE("redact masks authorization headers", "[bot][redact]") {
    CHECK(redact("Authorization: Basic Ym90OnMzY3IzdA==") == "Authorization: ***");
    CHECK(redact("authorization: Bearer abc.def") == "authorization: ***");
}

TEST_CASE("redact masks token parameters and forge tokens", "[bot][redact]") {
    CHECK(redact("GET /x?access_token=abc123&page=2") == "GET /x?access_token=***&page=2");
    CHECK(redact(R"({"token": "abc"})") == R"({"token": "***"})");
    CHECK(redact("using ghp_abcdefghijklmnopqrstuvwxyz0123") == "using ***");
}

TEST_CASE("redact leaves ordinary text alone", "[bot][redact]") {
    const std::string text = "diff of nova/virt/fake.py at 1a2b3c4: 3 files, user@example.org wrote";
    CHECK(redact(text) == text);
    CHECK(redact("") == "");
}
