#include "tint/json.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <random>
#include <string>
#include <vector>
#include "test_support.hpp"

namespace tint {
namespace {

using test::error_of;

std::vector<std::string> keys_of(const Json& object) {
  std::vector<std::string> keys;
  for (const JsonMember& member : json_object(object, "keys_of")) keys.push_back(member.first);
  return keys;
}

std::string parse_error(const std::string& text) {
  return error_of([&] { parse_json(text, "t.json"); });
}

TEST(Json, FloatsAreWrittenAsTheirShortestDecimal) {
  EXPECT_EQ(json_int64(Json(std::int64_t{-3}), "x"), -3);
  EXPECT_EQ(dump_json(Json(0.38f)), "0.38");
  EXPECT_EQ(static_cast<float>(json_number(Json(0.38f), "x")), 0.38f);
  EXPECT_EQ(dump_json(Json(1e-7f)), "1e-07");
  EXPECT_EQ(Json(0.38f).get<float>(), 0.38f);
  EXPECT_TRUE(std::isnan(json_number(Json(std::nanf("")), "x")));
}

TEST(Json, TypedReadsNameTheField) {
  const Json number(2.5);
  EXPECT_EQ(json_number(number, "x"), 2.5);
  EXPECT_EQ(error_of([&] { json_string(number, "card.mode"); }),
            "card.mode: expected a string, got a number");
  EXPECT_EQ(error_of([&] { json_bool(Json(), "card.flag"); }),
            "card.flag: expected a boolean, got null");
  EXPECT_EQ(error_of([&] { json_array(Json("x"), "a"); }), "a: expected an array, got a string");
  EXPECT_EQ(error_of([&] { json_object(Json::array(), "o"); }),
            "o: expected an object, got an array");
  EXPECT_EQ(error_of([&] { json_number(Json(true), "n"); }), "n: expected a number, got a boolean");
  EXPECT_EQ(error_of([&] { json_int(number, "card.size"); }),
            "card.size: expected an integer, got 2.5");
  EXPECT_EQ(error_of([&] { json_int(Json(3e9), "card.size"); }),
            "card.size: integer 3000000000 is out of range (-2147483648..2147483647)");
  EXPECT_EQ(error_of([&] { json_int(Json(3000000000LL), "card.size"); }),
            "card.size: integer 3000000000 is out of range (-2147483648..2147483647)");
  EXPECT_EQ(error_of([&] { json_int(Json(-3000000000LL), "card.size"); }),
            "card.size: integer -3000000000 is out of range (-2147483648..2147483647)");
  EXPECT_EQ(error_of([&] { json_int(Json("7"), "i"); }), "i: expected an integer, got a string");
  EXPECT_EQ(json_int(Json(-2147483648.0), "i"), std::numeric_limits<int>::min());
  EXPECT_EQ(json_int(Json(2147483647), "i"), 2147483647);
  EXPECT_EQ(json_int(Json(7u), "i"), 7);
  EXPECT_EQ(json_int(parse_json("3.0", "t"), "i"), 3);
  EXPECT_EQ(json_int64(Json(9007199254740992LL), "i"), 9007199254740992LL);
  EXPECT_EQ(error_of([&] { json_int64(Json(1e19), "i"); }),
            "i: integer 1e+19 is out of the 64-bit range");
  EXPECT_EQ(error_of([&] { json_int64(Json(18446744073709551615ULL), "i"); }),
            "i: integer 18446744073709551615 is out of the 64-bit range");
  EXPECT_EQ(error_of([&] { json_int64(Json(std::nan("")), "i"); }),
            "i: expected an integer, got NaN");
}

TEST(Json, ObjectsKeepInsertionOrder) {
  Json object;
  object["zebra"] = 1;
  object["apple"] = "two";
  object["mango"]["nested"] = true;  // a null member becomes an object
  object["zebra"] = 3;               // replaces in place
  ASSERT_TRUE(object.is_object());
  ASSERT_EQ(object.size(), 3u);
  EXPECT_EQ(keys_of(object), (std::vector<std::string>{"zebra", "apple", "mango"}));
  EXPECT_EQ(dump_json(object), R"({"zebra":3,"apple":"two","mango":{"nested":true}})");
  EXPECT_EQ(json_find(object, "pear"), nullptr);
  EXPECT_EQ(json_find(Json(1), "pear"), nullptr);
  ASSERT_NE(json_find(object, "apple"), nullptr);
  EXPECT_EQ(*json_find(object, "apple"), "two");
  EXPECT_EQ(json_string(json_at(object, "apple", "card"), "card.apple"), "two");
  EXPECT_EQ(error_of([&] { json_at(object, "pear", "card"); }), "card: missing field 'pear'");
  EXPECT_EQ(error_of([&] { json_at(Json(1), "pear", "card"); }),
            "card: expected an object, got a number");
  EXPECT_EQ(keys_of(parse_json(R"({"b":1,"a":2})", "t")), (std::vector<std::string>{"b", "a"}));
}

TEST(Json, PrettyPrinting) {
  Json object;
  object["name"] = "tint";
  object["list"].push_back(1);
  object["list"].push_back(2.5);
  object["empty"] = Json::object();
  object["none"] = Json::array();
  object["null"] = nullptr;
  EXPECT_EQ(dump_json(object, 2),
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
  EXPECT_EQ(parse_json(dump_json(object, 2), "t"), object);
  EXPECT_EQ(parse_json(dump_json(object, 0), "t"), object);
  EXPECT_EQ(dump_json(Json(true), 4), "true");
}

TEST(Json, NumbersAreShortestAndRoundTrip) {
  EXPECT_EQ(dump_json(Json(0)), "0");
  EXPECT_EQ(dump_json(Json(-0.0)), "-0.0");
  EXPECT_EQ(dump_json(Json(42.0)), "42.0");  // a double stays a double when read back
  EXPECT_EQ(dump_json(Json(-7)), "-7");
  EXPECT_EQ(dump_json(Json(0.1)), "0.1");
  EXPECT_EQ(dump_json(Json(1.0 / 3.0)), "0.3333333333333333");
  EXPECT_EQ(dump_json(Json(9007199254740992.0)), "9.007199254740992e+15");  // 2^53
  EXPECT_EQ(dump_json(Json(1e16)), "1e+16");
  EXPECT_EQ(dump_json(Json(1000000)), "1000000");
  EXPECT_EQ(dump_json(Json(1e21)), "1e+21");
  EXPECT_EQ(dump_json(Json(123456789012345678LL)), "123456789012345678");  // integers are exact
  EXPECT_EQ(dump_json(Json(5e-324)), "5e-324");
  EXPECT_EQ(dump_json(Json(1.7976931348623157e308)), "1.7976931348623157e+308");
  EXPECT_TRUE(std::signbit(json_number(parse_json("-0.0", "t"), "t")));
  // Messages and CSV cells: integral values without ".0", non-finite ones named.
  EXPECT_EQ(number_text(42.0), "42");
  EXPECT_EQ(number_text(-0.0), "-0");
  EXPECT_EQ(number_text(0.38f), "0.38");
  EXPECT_EQ(number_text(1e16), "1e+16");
  EXPECT_EQ(number_text(std::nan("")), "NaN");
  EXPECT_EQ(number_text(-std::numeric_limits<float>::infinity()), "-inf");
  // Random bit patterns: every finite double reads back exactly.
  std::mt19937_64 random(7);
  for (int i = 0; i < 20000; ++i) {
    const std::uint64_t bits = random();
    double value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = dump_json(Json(value));
    ASSERT_EQ(json_number(parse_json(text, "t"), "t"), value) << text;
  }
  // Floats are written as their shortest decimal; nlohmann-json's Grisu2 writes a few of those
  // doubles with more digits than needed.
  int longer = 0;
  for (int i = 0; i < 20000; ++i) {
    const auto bits = static_cast<std::uint32_t>(random());
    float value;
    std::memcpy(&value, &bits, sizeof value);
    if (!std::isfinite(value)) continue;
    const std::string text = dump_json(Json(value));
    ASSERT_EQ(static_cast<float>(json_number(parse_json(text, "t"), "t")), value) << text;
    if (value != std::trunc(value) && text.size() > 15u) ++longer;
  }
  EXPECT_LT(longer, 40);
}

TEST(Json, NonFiniteNumbersAreRejectedWhenWritten) {
  Json object;
  object["metrics"]["psnr"] = std::nan("");
  EXPECT_EQ(error_of([&] { dump_json(object); }),
            "dump_json: the value at metrics.psnr is NaN, which JSON cannot represent");
  Json array;
  array.push_back(1);
  array.push_back(std::numeric_limits<double>::infinity());
  EXPECT_EQ(error_of([&] { dump_json(array, 2); }),
            "dump_json: the value at [1] is infinity, which JSON cannot represent");
  EXPECT_EQ(error_of([&] { dump_json(Json(-std::numeric_limits<double>::infinity())); }),
            "dump_json: the value is -infinity, which JSON cannot represent");
}

TEST(Json, StringEscapes) {
  EXPECT_EQ(dump_json(Json("a\"b\\c/d")), R"("a\"b\\c/d")");
  EXPECT_EQ(dump_json(Json("\b\f\n\r\t")), R"("\b\f\n\r\t")");
  EXPECT_EQ(dump_json(Json(std::string("\x01\x1f\x7f", 3))), "\"\\u0001\\u001f\x7f\"");
  EXPECT_EQ(dump_json(Json(std::string("nul\0!", 5))), R"("nul\u0000!")");
  EXPECT_EQ(dump_json(Json("h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8E\xA8")),
            "\"h\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x8E\xA8\"");  // é € 🎨 as is
  // Invalid UTF-8 becomes U+FFFD, so the output always parses.
  EXPECT_EQ(dump_json(Json("a\xFF"
                           "b\xC3")),
            "\"a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\"");
  EXPECT_EQ(dump_json(Json("\xED\xA0\x80")), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
  for (int byte = 0; byte < 256; ++byte) {
    const Json value(std::string(1, static_cast<char>(byte)) + "x");
    EXPECT_NO_THROW(parse_json(dump_json(value), "t")) << byte;
  }
}

TEST(Json, ParsesStrictJson) {
  const Json value = parse_json(
      " \t\r\n{\"a\": [1, -2.5e3, 0.5E-1, 1E+2, true, false, null], \"b\": {}, \"c\": [], "
      "\"d\": \"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20AC\\ud83c\\udfa8\"} ",
      "t");
  const std::vector<Json>& a = json_array(json_at(value, "a", "t"), "t.a");
  ASSERT_EQ(a.size(), 7u);
  EXPECT_EQ(json_int(a[0], "a0"), 1);
  EXPECT_EQ(json_number(a[1], "a1"), -2500.0);
  EXPECT_EQ(json_number(a[2], "a2"), 0.05);
  EXPECT_EQ(json_number(a[3], "a3"), 100.0);
  EXPECT_TRUE(json_bool(a[4], "a4"));
  EXPECT_FALSE(json_bool(a[5], "a5"));
  EXPECT_TRUE(a[6].is_null());
  EXPECT_EQ(json_string(json_at(value, "d", "t"), "t.d"),
            "x\"\\/\b\f\n\r\tA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x8E\xA8");
  EXPECT_EQ(parse_json("\xEF\xBB\xBF[1]", "t").size(), 1u);  // byte order mark
  EXPECT_EQ(json_string(parse_json("\"\\u0000\"", "t"), "t"), std::string(1, '\0'));
  EXPECT_EQ(json_number(parse_json("1e-400", "t"), "t"), 0.0);  // underflow is fine
  EXPECT_EQ(json_number(parse_json("12345678901234567890123", "t"), "t"), 1.2345678901234568e22);
}

// Each error names the file and the position (or the object), and what is wrong in
// nlohmann-json's words.
TEST(Json, ParseErrorsSayWhereAndWhat) {
  const std::pair<const char*, const char*> cases[] = {
      {"{\n  \"a\": 1,\n  \"b\" 2\n}",
       "t.json: line 3, column 7: syntax error while parsing object separator - unexpected number "
       "literal; expected ':'"},
      {"[1, 2",
       "t.json: line 1, column 6: syntax error while parsing array - unexpected end of "
       "input; expected ']'"},
      {"", "t.json: line 1, column 1: syntax error while parsing value - unexpected end of input"},
      {"[1,]", "t.json: line 1, column 4: syntax error while parsing value - unexpected ']'"},
      {"{\"a\":1,}",
       "t.json: line 1, column 8: syntax error while parsing object key - "
       "unexpected '}'; expected string literal"},
      {"[1] x", "t.json: line 1, column 5: "},
      {"{\"a\":1,\"a\":2}", "t.json: duplicate key 'a' in the top-level object"},
      {"{\"x\":[0,{\"a\":1,\"a\":2}]}", "t.json: duplicate key 'a' in the object at x[1]"},
      {"[NaN]", "t.json: line 1, column 2: syntax error while parsing value - invalid literal"},
      {"01", "t.json: line 1, column 2: "},
      {"1.",
       "t.json: line 1, column 3: syntax error while parsing value - invalid number; "
       "expected digit after '.'"},
      {"1e400", "t.json: number overflow parsing '1e400'"},
      {"-1e400", "t.json: number overflow parsing '-1e400'"},
      {"\"abc",
       "t.json: line 1, column 5: syntax error while parsing value - invalid string: "
       "missing closing quote"},
      {"\"a\nb\"",
       "t.json: line 1, column 3: syntax error while parsing value - invalid string: "
       "control character U+000A (LF) must be escaped"},
      {"\"\\ud83c\"",
       "t.json: line 1, column 8: syntax error while parsing value - invalid string: "
       "surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF"},
      {"\"\xC3\xA9\xFF\"",
       "t.json: line 1, column 3: syntax error while parsing value - invalid "
       "string: ill-formed UTF-8 byte"},
      {"\"\xC0\xAF\"",
       "t.json: line 1, column 2: syntax error while parsing value - invalid string: "
       "ill-formed UTF-8 byte"},  // overlong
      {"\"\xED\xA0\x80\"",
       "t.json: line 1, column 3: syntax error while parsing value - invalid "
       "string: ill-formed UTF-8 byte"},  // a surrogate
      // Columns count characters: the 'x' after ["é" is column 5; a byte order mark is no column.
      {"[\"\xC3\xA9\"x", "t.json: line 1, column 5: syntax error while parsing array"},
      {"\xEF\xBB\xBF x", "t.json: line 1, column 2: syntax error while parsing value"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string error = parse_error(text);
    EXPECT_EQ(error.rfind(expected, 0), 0u) << "input " << text << "\n  error " << error;
  }
}

TEST(Json, NestingDepthIsLimited) {
  const std::string deepest = std::string(kMaxJsonDepth, '[') + std::string(kMaxJsonDepth, ']');
  EXPECT_NO_THROW(parse_json(deepest, "t"));
  const std::string too_deep =
      std::string(kMaxJsonDepth + 1, '[') + std::string(kMaxJsonDepth + 1, ']');
  EXPECT_EQ(parse_error(too_deep), "t.json: nesting deeper than 256 levels");
  std::string objects;
  for (int i = 0; i <= kMaxJsonDepth; ++i) objects += "{\"a\":";
  EXPECT_EQ(parse_error(objects + "1" + std::string(kMaxJsonDepth + 1, '}')),
            "t.json: nesting deeper than 256 levels");
  // A million brackets: an error, not a stack overflow.
  EXPECT_EQ(parse_error(std::string(1000000, '[')), "t.json: nesting deeper than 256 levels");
}

TEST(Json, LargeDocuments) {
  std::string text = "{";
  for (int i = 0; i < 50000; ++i)
    text += (i ? ",\"k" : "\"k") + std::to_string(i) + "\":" + std::to_string(i);
  text += "}";
  const Json object = parse_json(text, "t");
  ASSERT_EQ(object.size(), 50000u);
  EXPECT_EQ(keys_of(object).back(), "k49999");
  EXPECT_EQ(json_int(json_at(object, "k49999", "t"), "k"), 49999);
  EXPECT_EQ(dump_json(object), text);
}

// Random edits of a valid document: each parses or throws tint::Error, and what parses writes
// back to text that parses to the same value.
TEST(Json, MalformedInputNeverCrashes) {
  const std::string valid =
      R"({"name": "tint \u00e9\ud83c\udfa8", "list": [1, -2.5e3, true, null, {"x": []}], )"
      R"("s": "a\"b\\c\n", "n": 0.38})";
  ASSERT_NO_THROW(parse_json(valid, "t"));
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
      const Json value = parse_json(text, "t");
      ++parsed;
      ASSERT_EQ(parse_json(dump_json(value), "t"), value) << text;
      ASSERT_EQ(parse_json(dump_json(value, 2), "t"), value) << text;
    } catch (const Error& e) {
      const std::string error = e.what();
      ASSERT_TRUE(error.rfind("t: line ", 0) == 0 || error.rfind("t: duplicate key", 0) == 0 ||
                  error.rfind("t: number overflow", 0) == 0)
          << error;
    }
  }
  EXPECT_GT(parsed, 0);
  // Every truncation of the valid document.
  for (std::size_t size = 0; size < valid.size(); ++size)
    EXPECT_THROW(parse_json(valid.substr(0, size), "t"), Error) << size;
}

}  // namespace
}  // namespace tint
