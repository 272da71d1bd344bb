#include "tint/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include "test_support.hpp"

namespace tint {
namespace {

using test::error_of;

std::string parse_error(const std::string& text) {
  return error_of([&] { Json::parse(text, "t.json"); });
}

TEST(Json, ConstructorsAndTypes) {
  EXPECT_TRUE(Json().is_null());
  EXPECT_TRUE(Json(nullptr).is_null());
  EXPECT_TRUE(Json(true).is_bool());
  EXPECT_TRUE(Json(1.5).is_number());
  EXPECT_TRUE(Json(3).is_number());
  EXPECT_TRUE(Json(3LL).is_number());
  EXPECT_TRUE(Json(std::size_t{3}).is_number());
  EXPECT_TRUE(Json(std::int64_t{-3}).is_number());
  EXPECT_TRUE(Json("text").is_string());
  EXPECT_TRUE(Json(std::string("text")).is_string());
  EXPECT_TRUE(Json::array().is_array());
  EXPECT_TRUE(Json::object().is_object());
  EXPECT_EQ(Json::array().type(), Json::Type::kArray);
  EXPECT_STREQ(to_string(Json::Type::kObject), "object");
  EXPECT_EQ(Json(std::int64_t{-3}).as_int64("x"), -3);
  EXPECT_EQ(Json(0.38f).dump(), "0.38");
  EXPECT_EQ(static_cast<float>(Json(0.38f).as_number("x")), 0.38f);
  EXPECT_EQ(Json(1e-7f).dump(), "1e-07");
}

TEST(Json, TypedGettersNameTheField) {
  const Json number(2.5);
  EXPECT_EQ(number.as_number("x"), 2.5);
  EXPECT_EQ(error_of([&] { number.as_string("card.mode"); }),
            "card.mode: expected a string, got a number");
  EXPECT_EQ(error_of([&] { Json().as_bool("card.flag"); }),
            "card.flag: expected a boolean, got null");
  EXPECT_EQ(error_of([&] { Json("x").as_array("a"); }), "a: expected an array, got a string");
  EXPECT_EQ(error_of([&] { Json::array().as_object("o"); }), "o: expected an object, got an array");
  EXPECT_EQ(error_of([&] { Json(true).as_number("n"); }), "n: expected a number, got a boolean");
  EXPECT_EQ(error_of([&] { number.as_int("card.size"); }),
            "card.size: expected an integer, got 2.5");
  EXPECT_EQ(error_of([&] { Json(3e9).as_int("card.size"); }),
            "card.size: integer 3000000000 is out of range (-2147483648..2147483647)");
  EXPECT_EQ(error_of([&] { Json("7").as_int("i"); }), "i: expected an integer, got a string");
  EXPECT_EQ(Json(-2147483648.0).as_int("i"), std::numeric_limits<int>::min());
  EXPECT_EQ(Json(2147483647).as_int("i"), 2147483647);
  EXPECT_EQ(Json(9007199254740992LL).as_int64("i"), 9007199254740992LL);
  EXPECT_EQ(error_of([&] { Json(1e19).as_int64("i"); }),
            "i: integer 1e+19 is out of the 64-bit range");
  EXPECT_EQ(error_of([&] { Json(std::nan("")).as_int64("i"); }), "i: expected an integer, got NaN");
}

TEST(Json, ObjectsKeepInsertionOrder) {
  Json object;
  object["zebra"] = 1;
  object["apple"] = "two";
  object["mango"]["nested"] = true;  // a null member becomes an object
  object["zebra"] = 3;               // replaces in place
  ASSERT_TRUE(object.is_object());
  ASSERT_EQ(object.size(), 3u);
  EXPECT_EQ(object.items()[0].first, "zebra");
  EXPECT_EQ(object.items()[1].first, "apple");
  EXPECT_EQ(object.items()[2].first, "mango");
  EXPECT_EQ(object.dump(), R"({"zebra":3,"apple":"two","mango":{"nested":true}})");
  EXPECT_TRUE(object.contains("apple"));
  EXPECT_FALSE(object.contains("pear"));
  EXPECT_FALSE(Json(1).contains("pear"));
  EXPECT_EQ(object.find("pear"), nullptr);
  EXPECT_EQ(object.at("apple", "card").as_string("card.apple"), "two");
  EXPECT_EQ(error_of([&] { object.at("pear", "card"); }), "card: missing field 'pear'");
  EXPECT_EQ(error_of([&] { Json(1).at("pear", "card"); }),
            "card: expected an object, got a number");
  EXPECT_EQ(Json::parse(R"({"b":1,"a":2})", "t").items()[0].first, "b");
  Json text("x");
  EXPECT_THROW(text["key"], Error);
  EXPECT_THROW(text.items(), Error);
}

TEST(Json, Arrays) {
  Json array;
  array.push_back(1);
  array.push_back("two");
  array.push_back(Json::array());
  ASSERT_TRUE(array.is_array());
  EXPECT_EQ(array.size(), 3u);
  EXPECT_EQ(array.as_array("a")[1].as_string("a[1]"), "two");
  EXPECT_EQ(array.dump(), R"([1,"two",[]])");
  EXPECT_EQ(Json().size(), 0u);
  EXPECT_THROW(Json(1).size(), Error);
  Json number(1);
  EXPECT_THROW(number.push_back(2), Error);
}

TEST(Json, PrettyPrinting) {
  Json object;
  object["name"] = "tint";
  object["list"].push_back(1);
  object["list"].push_back(2.5);
  object["empty"] = Json::object();
  object["none"] = Json::array();
  object["null"] = nullptr;
  EXPECT_EQ(object.dump(2),
            "{\n"
            "  \"name\": \"tint\",\n"
            "  \"list\": [\n"
            "    1,\n"
            "    2.5\n"
            "  ],\n"
            "  \"empty\": {},\n"
            "  \"none\": [],\n"
            "  \"null\": null\n"
            "}");
  EXPECT_EQ(Json::parse(object.dump(2), "t"), object);
  EXPECT_EQ(Json::parse(object.dump(0), "t"), object);
  EXPECT_EQ(Json(true).dump(4), "true");
}

TEST(Json, NumbersAreShortestAndRoundTrip) {
  EXPECT_EQ(Json(0).dump(), "0");
  EXPECT_EQ(Json(-0.0).dump(), "-0");
  EXPECT_EQ(Json(42.0).dump(), "42");
  EXPECT_EQ(Json(-7).dump(), "-7");
  EXPECT_EQ(Json(0.1).dump(), "0.1");
  EXPECT_EQ(Json(1.0 / 3.0).dump(), "0.3333333333333333");
  EXPECT_EQ(Json(9007199254740992.0).dump(), "9007199254740992");  // 2^53
  EXPECT_EQ(Json(1e16).dump(), "1e+16");
  EXPECT_EQ(Json(1000000).dump(), "1000000");
  EXPECT_EQ(Json(1e21).dump(), "1e+21");
  EXPECT_EQ(Json(123456789012345678LL).dump(), "1.2345678901234568e+17");
  EXPECT_EQ(Json(5e-324).dump(), "5e-324");
  EXPECT_EQ(Json(1.7976931348623157e308).dump(), "1.7976931348623157e+308");
  EXPECT_TRUE(std::signbit(Json::parse("-0", "t").as_number("t")));
  // Random bit patterns: every finite double reads back exactly.
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = Json(value).dump();
    ASSERT_EQ(Json::parse(text, "t").as_number("t"), value) << text;
  }
  for (int i = 0; i < 20000; ++i) {
    const auto bits = static_cast<std::uint32_t>(random());
    float value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = Json(value).dump();
    ASSERT_EQ(static_cast<float>(Json::parse(text, "t").as_number("t")), value) << text;
    if (value != std::trunc(value)) {
      ASSERT_LE(text.size(), 15u) << text;
    }
  }
}

TEST(Json, NonFiniteNumbersAreRejectedWhenWritten) {
  Json object;
  object["metrics"]["psnr"] = std::nan("");
  EXPECT_EQ(error_of([&] { object.dump(); }),
            "Json::dump: the value at metrics.psnr is NaN, which JSON cannot represent");
  Json array;
  array.push_back(1);
  array.push_back(std::numeric_limits<double>::infinity());
  EXPECT_EQ(error_of([&] { array.dump(2); }),
            "Json::dump: the value at [1] is infinity, which JSON cannot represent");
  EXPECT_EQ(error_of([&] { Json(-std::numeric_limits<double>::infinity()).dump(); }),
            "Json::dump: the value is -infinity, which JSON cannot represent");
}

TEST(Json, StringEscapes) {
  EXPECT_EQ(Json("a\"b\\c/d").dump(), R"("a\"b\\c/d")");
  EXPECT_EQ(Json("\b\f\n\r\t").dump(), R"("\b\f\n\r\t")");
  EXPECT_EQ(Json(std::string("\x01\x1f\x7f", 3)).dump(), "\"\\u0001\\u001F\x7f\"");
  EXPECT_EQ(Json(std::string("nul\0!", 5)).dump(), R"("nul\u0000!")");
  EXPECT_EQ(Json("h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8E\xA8").dump(),
            "\"h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8E\xA8\"");  // é € 🎨 as is
  // Invalid UTF-8 becomes U+FFFD, so the output always parses.
  EXPECT_EQ(Json("a\xFF"
                 "b\xC3")
                .dump(),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  EXPECT_EQ(Json("\xED\xA0\x80").dump(), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  for (int byte = 0; byte < 256; ++byte) {
    const Json value(std::string(1, static_cast<char>(byte)) + "x");
    EXPECT_NO_THROW(Json::parse(value.dump(), "t")) << byte;
  }
}

TEST(Json, ParsesStrictJson) {
  const Json value = Json::parse(
      " \t\r\n{\"a\": [1, -2.5e3, 0.5E-1, 1E+2, true, false, null], \"b\": {}, \"c\": [], "
      "\"d\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83c\\udfa8\"} ",
      "t");
  const std::vector<Json>& a = value.at("a", "t").as_array("t.a");
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(a[0].as_int("a0"), 1);
  EXPECT_EQ(a[1].as_number("a1"), -2500.0);
  EXPECT_EQ(a[2].as_number("a2"), 0.05);
  EXPECT_EQ(a[3].as_number("a3"), 100.0);
  EXPECT_TRUE(a[4].as_bool("a4"));
  EXPECT_FALSE(a[5].as_bool("a5"));
  EXPECT_TRUE(a[6].is_null());
  EXPECT_EQ(value.at("d", "t").as_string("t.d"),
            "x\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8E\xA8");
  EXPECT_EQ(Json::parse("\xEF\xBB\xBF[1]", "t").size(), 1u);  // byte order mark
  EXPECT_EQ(Json::parse("\"\\u0000\"", "t").as_string("t"), std::string(1, '\0'));
  EXPECT_EQ(Json::parse("1e-400", "t").as_number("t"), 0.0);  // underflow is fine
  EXPECT_EQ(Json::parse("12345678901234567890123", "t").as_number("t"), 1.2345678901234568e22);
}

TEST(Json, ParseErrorsSayWhereAndWhat) {
  EXPECT_EQ(parse_error("{\n  \"a\": 1,\n  \"b\" 2\n}"),
            "t.json: line 3, column 7: expected ':', got '2'");
  EXPECT_EQ(parse_error("{\"a\": 1 \"b\": 2}"),
            "t.json: line 1, column 9: expected ',' or '}', got '\"'");
  EXPECT_EQ(parse_error("[1, 2"),
            "t.json: line 1, column 6: expected ',' or ']', got end of input");
  EXPECT_EQ(parse_error(""), "t.json: line 1, column 1: expected a JSON value, got end of input");
  EXPECT_EQ(parse_error("   "),
            "t.json: line 1, column 4: expected a JSON value, got end of input");
  EXPECT_EQ(parse_error("[1,]"), "t.json: line 1, column 4: expected a JSON value, got ']'");
  EXPECT_EQ(parse_error("{\"a\":1,}"), "t.json: line 1, column 8: expected a string key, got '}'");
  EXPECT_EQ(parse_error("{'a':1}"),
            "t.json: line 1, column 2: expected a string key or '}', got '''");
  EXPECT_EQ(parse_error("[1] x"), "t.json: line 1, column 5: unexpected text after the JSON value");
  EXPECT_EQ(parse_error("{\"a\":1,\"a\":2}"), "t.json: line 1, column 8: duplicate key 'a'");
  EXPECT_EQ(parse_error("[NaN]"),
            "t.json: line 1, column 2: invalid literal 'NaN' (expected true, false or null)");
  EXPECT_EQ(parse_error("tru"),
            "t.json: line 1, column 1: invalid literal 'tru' (expected true, false or null)");
  EXPECT_EQ(parse_error("Infinity"),
            "t.json: line 1, column 1: invalid literal 'Infinity' (expected true, false or null)");
  EXPECT_EQ(parse_error("01"), "t.json: line 1, column 1: invalid number: leading zero");
  EXPECT_EQ(parse_error("-"),
            "t.json: line 1, column 2: expected a digit in the number, got end of input");
  EXPECT_EQ(parse_error("1."),
            "t.json: line 1, column 3: expected a digit after '.', got end of input");
  EXPECT_EQ(parse_error(".5"), "t.json: line 1, column 1: expected a JSON value, got '.'");
  EXPECT_EQ(parse_error("+1"), "t.json: line 1, column 1: expected a JSON value, got '+'");
  EXPECT_EQ(parse_error("1e"),
            "t.json: line 1, column 3: expected a digit in the exponent, got end of input");
  EXPECT_EQ(parse_error("0x10"), "t.json: line 1, column 2: unexpected text after the JSON value");
  EXPECT_EQ(parse_error("1e400"), "t.json: line 1, column 1: number 1e400 is out of range");
  EXPECT_EQ(parse_error("-1e400"), "t.json: line 1, column 1: number -1e400 is out of range");
  EXPECT_EQ(parse_error("\"abc"), "t.json: line 1, column 1: unterminated string");
  EXPECT_EQ(parse_error("\"a\\"), "t.json: line 1, column 3: unterminated string");
  EXPECT_EQ(parse_error("\"a\nb\""),
            "t.json: line 1, column 3: control character 0x0A in a string (must be escaped)");
  EXPECT_EQ(parse_error("\"\\x\""), "t.json: line 1, column 2: invalid escape \\x");
  EXPECT_EQ(parse_error("\"\\u12G4\""),
            "t.json: line 1, column 6: expected 4 hex digits after \\u, got 'G'");
  EXPECT_EQ(parse_error("\"\\ud83c\""),
            "t.json: line 1, column 2: high surrogate not followed by a \\u low surrogate escape");
  EXPECT_EQ(parse_error("\"\\ud83c\\u0041\""),
            "t.json: line 1, column 2: high surrogate not followed by a \\u low surrogate escape");
  EXPECT_EQ(parse_error("\"\\udfa8\""),
            "t.json: line 1, column 2: lone low surrogate in a \\u escape");
  EXPECT_EQ(parse_error("\"\xC3\xA9\xFF\""),
            "t.json: line 1, column 3: invalid UTF-8 byte 0xFF in a string");
  EXPECT_EQ(parse_error("\"\xC0\xAF\""),
            "t.json: line 1, column 2: invalid UTF-8 byte 0xC0 in a string");  // overlong
  EXPECT_EQ(parse_error("\"\xED\xA0\x80\""),
            "t.json: line 1, column 2: invalid UTF-8 byte 0xED in a string");  // surrogate
  EXPECT_EQ(parse_error("\"\xF4\x90\x80\x80\""),
            "t.json: line 1, column 2: invalid UTF-8 byte 0xF4 in a string");  // > U+10FFFF
  EXPECT_EQ(parse_error("[\xC3\xA9]"),
            "t.json: line 1, column 2: expected a JSON value, got byte 0xC3");
  // Columns count characters: the 'x' after ["é" is column 5.
  EXPECT_EQ(parse_error("[\"\xC3\xA9\"x"),
            "t.json: line 1, column 5: expected ',' or ']', got 'x'");
  EXPECT_EQ(parse_error("\xEF\xBB\xBF x"),
            "t.json: line 1, column 2: invalid literal 'x' (expected true, false or null)");
}

TEST(Json, NestingDepthIsLimited) {
  const int limit = Json::kMaxDepth;
  const std::string deepest = std::string(limit, '[') + std::string(limit, ']');
  EXPECT_NO_THROW(Json::parse(deepest, "t"));
  const std::string too_deep = std::string(limit + 1, '[') + std::string(limit + 1, ']');
  EXPECT_EQ(parse_error(too_deep), "t.json: line 1, column 257: nesting deeper than 256 levels");
  std::string objects;
  for (int i = 0; i <= limit; ++i) objects += "{\"a\":";
  EXPECT_NE(parse_error(objects + "1" + std::string(limit + 1, '}')).find("nesting deeper"),
            std::string::npos);
  // A million brackets: an error, not a stack overflow.
  EXPECT_NE(parse_error(std::string(1000000, '[')).find("nesting deeper"), std::string::npos);
}

TEST(Json, LargeDocuments) {
  std::string text = "{";
  for (int i = 0; i < 50000; ++i)
    text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  text += "}";
  const Json object = Json::parse(text, "t");
  ASSERT_EQ(object.size(), 50000u);
  EXPECT_EQ(object.items()[49999].first, "k49999");
  EXPECT_EQ(object.items()[49999].second.as_int("k"), 49999);
  EXPECT_EQ(object.dump(), text);
}

// Random edits of a valid document: each parses or throws tint::Error, and what parses writes
// back to text that parses to the same value.
TEST(Json, MalformedInputNeverCrashes) {
  const std::string valid =
      R"({"name": "tint \u00e9\ud83c\udfa8", "list": [1, -2.5e3, true, null, {"x": []}], )"
      R"("s": "a\"b\\c\n", "n": 0.38})";
  ASSERT_NO_THROW(Json::parse(valid, "t"));
  std::mt19937 random(11);
  const char alphabet[] = "{}[]\":,\\u0123456789abcdefe+-. \n\x01\x80\xC3\xA9\xF0";
  int parsed = 0;
  for (int round = 0; round < 20000; ++round) {
    std::string text = valid;
    const int edits = 1 + static_cast<int>(random() % 4);
    for (int e = 0; e < edits; ++e) {
      const std::size_t at = random() % (text.size() + 1);
      switch (random() % 4) {
        case 0:
          text.insert(at, 1, alphabet[random() % (sizeof alphabet - 1)]);
          break;
        case 1:
          if (at < text.size()) text.erase(at, 1);
          break;
        case 2:
          if (at < text.size()) text[at] = static_cast<char>(random() & 0xFF);
          break;
        default:
          text.resize(at);
      }
    }
    try {
      const Json value = Json::parse(text, "t");
      ++parsed;
      ASSERT_EQ(Json::parse(value.dump(), "t"), value) << text;
      ASSERT_EQ(Json::parse(value.dump(2), "t"), value) << text;
    } catch (const Error& e) {
      ASSERT_EQ(std::string(e.what()).rfind("t: line ", 0), 0u) << e.what();
    }
  }
  EXPECT_GT(parsed, 0);
  // Every truncation of the valid document.
  for (std::size_t size = 0; size < valid.size(); ++size)
    EXPECT_THROW(Json::parse(valid.substr(0, size), "t"), Error) << size;
}

}  // namespace
}  // namespace tint
