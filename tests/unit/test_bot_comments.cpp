#include <catch2/catch.hpp>

#include "bot/comments.h"

using bot::parse_comments;

TEST_CASE("a list of comments", "[bot][comments]") {
    auto comments = parse_comments(R"([
        {"id": "c1", "author": "llm", "path": "a.py", "line": 3, "body": "`f` takes two arguments"},
        {"id": "c2", "path": null, "line": null, "body": "LGTM"}
    ])",
        "comments.json");
    REQUIRE(comments.ok());
    REQUIRE(comments->size() == 2);
    const auto& first = (*comments)[0];
    CHECK(first.comment.id == "c1");
    CHECK(first.comment.author == "llm");
    CHECK(first.comment.path == std::optional<std::string>("a.py"));
    CHECK(first.comment.line == std::optional<int>(3));
    CHECK(first.comment.body == "`f` takes two arguments");
    CHECK(first.valid_utf8);
    const auto& second = (*comments)[1];
    CHECK(second.comment.author.empty());
    CHECK_FALSE(second.comment.path.has_value());
    CHECK_FALSE(second.comment.line.has_value());
}

TEST_CASE("an object with a comments list, as case.json", "[bot][comments]") {
    auto comments = parse_comments(
        R"({"id": "case-1", "language": "python", "comments": [{"id": "x", "body": "héllo"}]})", "case.json");
    REQUIRE(comments.ok());
    REQUIRE(comments->size() == 1);
    CHECK((*comments)[0].comment.body == "héllo");
}

TEST_CASE("bad comments files are bad input naming the file and the field", "[bot][comments]") {
    const auto error_of = [](const std::string& text) {
        auto comments = parse_comments(text, "comments.json");
        REQUIRE_FALSE(comments.ok());
        CHECK(comments.error().kind == rules::ErrorKind::bad_input);
        return comments.error().message;
    };
    CHECK_THAT(error_of("not json"), Catch::StartsWith("comments.json: not valid JSON at byte"));
    CHECK_THAT(error_of(R"([{"id": "a"}])"), Catch::Equals("comments.json: comment 0: missing field 'body'"));
    CHECK_THAT(error_of(R"([{"id": "a", "body": "x"}, {"id": "b", "body": 3}])"),
        Catch::Equals("comments.json: comment 1: field 'body' must be a string"));
    CHECK_THAT(error_of(R"([{"id": "a", "body": "x", "line": "12"}])"),
        Catch::Equals("comments.json: comment 0: field 'line' must be null or an integer"));
    CHECK_THAT(error_of(R"([{"id": 7, "body": "x"}])"), Catch::Contains("field 'id' must be a string"));
    CHECK_THAT(error_of(R"([{"id": "a", "body": "x", "path": 1}])"), Catch::Contains("field 'path'"));
    CHECK_THAT(error_of(R"({"other": []})"), Catch::Contains("'comments' list"));
    CHECK_THAT(error_of(R"("text")"), Catch::Contains("expected a list of comments"));
    CHECK_THAT(error_of(R"([1])"), Catch::Contains("comment 0: must be an object"));
}

TEST_CASE("a body that is not UTF-8 is kept as it is and marked", "[bot][comments]") {
    const std::string text =
        "[{\"id\": \"ok\", \"body\": \"fine\"}, {\"id\": \"bad\", \"body\": \"caf\xe9 `x`\"}]";
    auto comments = parse_comments(text, "comments.json");
    REQUIRE(comments.ok());
    REQUIRE(comments->size() == 2);
    CHECK((*comments)[0].valid_utf8);
    CHECK_FALSE((*comments)[1].valid_utf8);
    CHECK((*comments)[1].comment.body.size() == std::string("caf\xe9 `x`").size());
}

TEST_CASE("bytes that are not UTF-8 outside a body fail the file", "[bot][comments]") {
    auto comments = parse_comments("[{\"id\": \"b\xff\", \"body\": \"x\"}]", "c.json");
    REQUIRE_FALSE(comments.ok());
    CHECK_THAT(comments.error().message, Catch::Contains("field 'id' is not valid UTF-8"));
}

TEST_CASE("is_valid_utf8", "[bot][comments]") {
    CHECK(bot::is_valid_utf8("plain"));
    CHECK(bot::is_valid_utf8("h\xc3\xa9 \xe2\x80\xa6 \xf0\x9f\x98\x80"));
    CHECK_FALSE(bot::is_valid_utf8("\xc0\xaf"));          // overlong
    CHECK_FALSE(bot::is_valid_utf8("\xed\xa0\x80"));      // surrogate
    CHECK_FALSE(bot::is_valid_utf8("\xe2\x80"));          // truncated
    CHECK_FALSE(bot::is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
}

TEST_CASE("load_comments names a missing file", "[bot][comments]") {
    auto comments = bot::load_comments("/nonexistent/comments.json");
    REQUIRE_FALSE(comments.ok());
    CHECK(comments.error().message == "/nonexistent/comments.json: cannot read the comments file");
}
