#include "tint/json.hpp"

#include <cctype>
#include <clocale>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unordered_set>

namespace tint {
namespace {

// ---- numbers ---------------------------------------------------------------------------------
// Emscripten's libc++ has no floating-point std::to_chars / from_chars, so numbers go through
// snprintf / strtod. Both follow the C locale's decimal point, which is swapped for '.' here.

std::string locale_decimal_point() {
  const char* point = std::localeconv()->decimal_point;
  return point && *point ? point : ".";
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (from == to) return;
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at))
    text.replace(at, from.size(), to), at += to.size();
}

// "%.*g" in the current locale (the caller converts the decimal point).
std::string print_g(double value, int precision) {
  char buffer[64];
  const int length = std::snprintf(buffer, sizeof buffer, "%.*g", precision, value);
  return std::string(buffer, static_cast<std::size_t>(length > 0 ? length : 0));
}

// The shortest text that reads back to the same (finite) double; exact integers (below 2^53) in
// full digits without ".0".
std::string format_number(double value) {
  if (value == std::floor(value) && std::fabs(value) <= 9007199254740992.0) {
    if (value == 0.0) return std::signbit(value) ? "-0" : "0";
    return std::to_string(static_cast<long long>(value));
  }
  std::string text;
  for (int precision = 1; precision <= 17; ++precision) {
    text = print_g(value, precision);
    if (std::strtod(text.c_str(), nullptr) == value) break;
  }
  replace_all(text, locale_decimal_point(), ".");
  return text;
}

// For error messages: any double, NaN and infinities included.
std::string describe_number(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
  return format_number(value);
}

// ---- UTF-8 -----------------------------------------------------------------------------------

// Length of the valid UTF-8 sequence at text[at] (1..4), or 0 if the bytes there are not one
// (overlong forms, UTF-16 surrogates and code points above U+10FFFF are invalid).
std::size_t utf8_sequence_length(const std::string& text, std::size_t at) {
  const auto byte = [&](std::size_t i) {
    return at + i < text.size() ? static_cast<unsigned char>(text[at + i]) : 0u;
  };
  const unsigned first = byte(0);
  if (first < 0x80) return 1;
  const auto continuation = [&](std::size_t i) { return (byte(i) & 0xC0u) == 0x80u; };
  if (first >= 0xC2 && first <= 0xDF) return continuation(1) ? 2 : 0;
  if (first >= 0xE0 && first <= 0xEF) {
    const unsigned second = byte(1);
    const unsigned low = first == 0xE0 ? 0xA0 : 0x80;
    const unsigned high = first == 0xED ? 0x9F : 0xBF;
    return second >= low && second <= high && continuation(2) ? 3 : 0;
  }
  if (first >= 0xF0 && first <= 0xF4) {
    const unsigned second = byte(1);
    const unsigned low = first == 0xF0 ? 0x90 : 0x80;
    const unsigned high = first == 0xF4 ? 0x8F : 0xBF;
    return second >= low && second <= high && continuation(2) && continuation(3) ? 4 : 0;
  }
  return 0;
}

void append_utf8(std::string& out, std::uint32_t code_point) {
  const auto put = [&](std::uint32_t byte) { out.push_back(static_cast<char>(byte)); };
  if (code_point < 0x80) {
    put(code_point);
  } else if (code_point < 0x800) {
    put(0xC0 | (code_point >> 6));
    put(0x80 | (code_point & 0x3F));
  } else if (code_point < 0x10000) {
    put(0xE0 | (code_point >> 12));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  } else {
    put(0xF0 | (code_point >> 18));
    put(0x80 | ((code_point >> 12) & 0x3F));
    put(0x80 | ((code_point >> 6) & 0x3F));
    put(0x80 | (code_point & 0x3F));
  }
}

std::string hex_byte(unsigned char byte) {
  const char* digits = "0123456789ABCDEF";
  return std::string("0x") + digits[byte >> 4] + digits[byte & 15];
}

// ---- writing ---------------------------------------------------------------------------------

void write_string(const std::string& text, std::string& out) {
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = utf8_sequence_length(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD REPLACEMENT CHARACTER
        ++i;
      } else {
        out.append(text, i, length);
        i += length;
      }
      continue;
    }
    ++i;
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20) {
          out += "\\u00";
          out += hex_byte(byte).substr(2);
        } else {
          out.push_back(static_cast<char>(byte));
        }
    }
  }
  out.push_back('"');
}

// Thrown through the writer on a NaN or infinity; containers prepend their key or index.
struct NonFiniteNumber {
  std::string path;
  double value;
};

void newline(std::string& out, int indent, int level) {
  if (indent < 0) return;
  out.push_back('\n');
  out.append(static_cast<std::size_t>(indent) * static_cast<std::size_t>(level), ' ');
}

void write_value(const Json& value, std::string& out, int indent, int level) {
  switch (value.type()) {
    case Json::Type::kNull:
      out += "null";
      return;
    case Json::Type::kBool:
      out += value.as_bool("") ? "true" : "false";
      return;
    case Json::Type::kNumber: {
      const double number = value.as_number("");
      if (!std::isfinite(number)) throw NonFiniteNumber{"", number};
      out += format_number(number);
      return;
    }
    case Json::Type::kString:
      write_string(value.as_string(""), out);
      return;
    case Json::Type::kArray: {
      const std::vector<Json>& elements = value.as_array("");
      if (elements.empty()) {
        out += "[]";
        return;
      }
      out.push_back('[');
      for (std::size_t i = 0; i < elements.size(); ++i) {
        if (i > 0) out.push_back(',');
        newline(out, indent, level + 1);
        try {
          write_value(elements[i], out, indent, level + 1);
        } catch (NonFiniteNumber& error) {
          error.path = "[" + std::to_string(i) + "]" + error.path;
          throw;
        }
      }
      newline(out, indent, level);
      out.push_back(']');
      return;
    }
    case Json::Type::kObject: {
      const std::vector<Json::Member>& members = value.items();
      if (members.empty()) {
        out += "{}";
        return;
      }
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out.push_back(',');
        newline(out, indent, level + 1);
        write_string(members[i].first, out);
        out += indent < 0 ? ":" : ": ";
        try {
          write_value(members[i].second, out, indent, level + 1);
        } catch (NonFiniteNumber& error) {
          error.path = "." + members[i].first + error.path;
          throw;
        }
      }
      newline(out, indent, level);
      out.push_back('}');
      return;
    }
  }
}

}  // namespace

// ---- parsing ---------------------------------------------------------------------------------

class JsonParser {
 public:
  JsonParser(const std::string& text, const std::string& where) : text_(text), where_(where) {
    if (text_.compare(0, 3, "\xEF\xBB\xBF") == 0) start_ = pos_ = 3;  // UTF-8 byte order mark
  }

  Json parse_document() {
    skip_whitespace();
    Json value = parse_value(0);
    skip_whitespace();
    if (pos_ < text_.size()) error_at(pos_, "unexpected text after the JSON value");
    return value;
  }

 private:
  [[noreturn]] void error_at(std::size_t at, const std::string& what) const {
    int line = 1;
    int column = 1;
    for (std::size_t i = start_; i < at && i < text_.size(); ++i) {
      if (text_[i] == '\n') {
        ++line;
        column = 1;
      } else if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) {
        ++column;  // columns count characters, not UTF-8 bytes
      }
    }
    fail(where_,
         "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + what);
  }

  std::string describe_here() const {
    if (pos_ >= text_.size()) return "end of input";
    const auto byte = static_cast<unsigned char>(text_[pos_]);
    if (byte >= 0x20 && byte < 0x7F) return std::string("'") + text_[pos_] + "'";
    return "byte " + hex_byte(byte);
  }

  [[noreturn]] void expected(const std::string& what) const {
    error_at(pos_, "expected " + what + ", got " + describe_here());
  }

  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }

  void skip_whitespace() {
    while (!at_end() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                         text_[pos_] == '\r'))
      ++pos_;
  }

  Json parse_value(int depth) {
    switch (peek()) {
      case '{':
        return parse_object(depth + 1);
      case '[':
        return parse_array(depth + 1);
      case '"':
        return Json(parse_string());
      case '-':
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7':
      case '8':
      case '9':
        return Json(parse_number());
      default:
        break;
    }
    if (!at_end() && std::isalpha(static_cast<unsigned char>(text_[pos_]))) return parse_literal();
    expected("a JSON value");
  }

  Json parse_literal() {
    const std::size_t begin = pos_;
    std::size_t end = pos_;
    while (end < text_.size() && end - begin < 32 &&
           (std::isalnum(static_cast<unsigned char>(text_[end])) || text_[end] == '_'))
      ++end;
    const std::string word = text_.substr(begin, end - begin);
    pos_ = end;
    if (word == "true") return Json(true);
    if (word == "false") return Json(false);
    if (word == "null") return Json();
    error_at(begin, "invalid literal '" + word + "' (expected true, false or null)");
  }

  void check_depth(int depth, std::size_t at) const {
    if (depth > Json::kMaxDepth)
      error_at(at, "nesting deeper than " + std::to_string(Json::kMaxDepth) + " levels");
  }

  Json parse_array(int depth) {
    check_depth(depth, pos_);
    ++pos_;  // '['
    Json array = Json::array();
    skip_whitespace();
    if (peek() == ']') {
      ++pos_;
      return array;
    }
    for (;;) {
      skip_whitespace();
      array.push_back(parse_value(depth));
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() == ']') {
        ++pos_;
        return array;
      } else {
        expected("',' or ']'");
      }
    }
  }

  Json parse_object(int depth) {
    check_depth(depth, pos_);
    ++pos_;  // '{'
    Json object = Json::object();
    std::unordered_set<std::string> keys;
    skip_whitespace();
    if (peek() == '}') {
      ++pos_;
      return object;
    }
    for (;;) {
      skip_whitespace();
      if (peek() != '"') expected(object.size() == 0 ? "a string key or '}'" : "a string key");
      const std::size_t key_at = pos_;
      std::string key = parse_string();
      if (!keys.insert(key).second) error_at(key_at, "duplicate key '" + key + "'");
      skip_whitespace();
      if (peek() != ':') expected("':'");
      ++pos_;
      skip_whitespace();
      Json value = parse_value(depth);
      object.object_.emplace_back(std::move(key), std::move(value));
      skip_whitespace();
      if (peek() == ',') {
        ++pos_;
      } else if (peek() == '}') {
        ++pos_;
        return object;
      } else {
        expected("',' or '}'");
      }
    }
  }

  bool digit_here() const { return !at_end() && text_[pos_] >= '0' && text_[pos_] <= '9'; }

  void digits(const char* after) {
    if (!digit_here()) expected(std::string("a digit ") + after);
    while (digit_here()) ++pos_;
  }

  double parse_number() {
    const std::size_t begin = pos_;
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
      if (digit_here()) error_at(pos_ - 1, "invalid number: leading zero");
    } else {
      digits("in the number");
    }
    if (peek() == '.') {
      ++pos_;
      digits("after '.'");
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_;
      if (peek() == '+' || peek() == '-') ++pos_;
      digits("in the exponent");
    }
    std::string number = text_.substr(begin, pos_ - begin);
    replace_all(number, ".", locale_decimal_point());
    const double value = std::strtod(number.c_str(), nullptr);
    if (std::isinf(value))
      error_at(begin, "number " + text_.substr(begin, pos_ - begin) + " is out of range");
    return value;
  }

  std::uint32_t parse_hex4() {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = peek();
      std::uint32_t digit;
      if (c >= '0' && c <= '9') {
        digit = static_cast<std::uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        digit = static_cast<std::uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        digit = static_cast<std::uint32_t>(c - 'A' + 10);
      } else {
        expected("4 hex digits after \\u");
      }
      value = value * 16 + digit;
      ++pos_;
    }
    return value;
  }

  std::string parse_string() {
    const std::size_t open = pos_;
    ++pos_;  // '"'
    std::string out;
    for (;;) {
      // Copy the run of plain characters in one go.
      const std::size_t run = pos_;
      while (!at_end()) {
        const auto byte = static_cast<unsigned char>(text_[pos_]);
        if (byte == '"' || byte == '\\' || byte < 0x20 || byte >= 0x80) break;
        ++pos_;
      }
      out.append(text_, run, pos_ - run);
      if (at_end()) error_at(open, "unterminated string");
      const auto byte = static_cast<unsigned char>(text_[pos_]);
      if (byte == '"') {
        ++pos_;
        return out;
      }
      if (byte < 0x20)
        error_at(pos_, "control character " + hex_byte(byte) + " in a string (must be escaped)");
      if (byte >= 0x80) {
        const std::size_t length = utf8_sequence_length(text_, pos_);
        if (length == 0) error_at(pos_, "invalid UTF-8 byte " + hex_byte(byte) + " in a string");
        out.append(text_, pos_, length);
        pos_ += length;
        continue;
      }
      parse_escape(out);
    }
  }

  void parse_escape(std::string& out) {
    const std::size_t backslash = pos_;
    ++pos_;  // '\\'
    const char c = peek();
    ++pos_;
    switch (c) {
      case '"':
        out.push_back('"');
        return;
      case '\\':
        out.push_back('\\');
        return;
      case '/':
        out.push_back('/');
        return;
      case 'b':
        out.push_back('\b');
        return;
      case 'f':
        out.push_back('\f');
        return;
      case 'n':
        out.push_back('\n');
        return;
      case 'r':
        out.push_back('\r');
        return;
      case 't':
        out.push_back('\t');
        return;
      case 'u':
        break;
      default:
        pos_ = backslash + 1;
        if (at_end()) error_at(backslash, "unterminated string");
        error_at(backslash, "invalid escape \\" + (c >= 0x20 && c < 0x7F
                                                       ? std::string(1, c)
                                                       : hex_byte(static_cast<unsigned char>(c))));
    }
    std::uint32_t code_point = parse_hex4();
    if (code_point >= 0xDC00 && code_point <= 0xDFFF)
      error_at(backslash, "lone low surrogate in a \\u escape");
    if (code_point >= 0xD800 && code_point <= 0xDBFF) {
      if (text_.compare(pos_, 2, "\\u") != 0)
        error_at(backslash, "high surrogate not followed by a \\u low surrogate escape");
      pos_ += 2;
      const std::uint32_t low = parse_hex4();
      if (low < 0xDC00 || low > 0xDFFF)
        error_at(backslash, "high surrogate not followed by a \\u low surrogate escape");
      code_point = 0x10000 + ((code_point - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, code_point);
  }

  const std::string& text_;
  const std::string& where_;
  std::size_t start_ = 0;
  std::size_t pos_ = 0;
};

namespace {

const char* with_article(Json::Type type) {
  switch (type) {
    case Json::Type::kNull:
      return "null";
    case Json::Type::kBool:
      return "a boolean";
    case Json::Type::kNumber:
      return "a number";
    case Json::Type::kString:
      return "a string";
    case Json::Type::kArray:
      return "an array";
    case Json::Type::kObject:
      return "an object";
  }
  return "?";
}

}  // namespace

const char* to_string(Json::Type type) {
  switch (type) {
    case Json::Type::kNull:
      return "null";
    case Json::Type::kBool:
      return "boolean";
    case Json::Type::kNumber:
      return "number";
    case Json::Type::kString:
      return "string";
    case Json::Type::kArray:
      return "array";
    case Json::Type::kObject:
      return "object";
  }
  return "?";
}

Json::Json(bool value) : type_(Type::kBool), bool_(value) {}
Json::Json(double value) : type_(Type::kNumber), number_(value) {}
Json::Json(int value) : type_(Type::kNumber), number_(value) {}
Json::Json(long value) : type_(Type::kNumber), number_(static_cast<double>(value)) {}
Json::Json(long long value) : type_(Type::kNumber), number_(static_cast<double>(value)) {}
Json::Json(unsigned value) : type_(Type::kNumber), number_(value) {}
Json::Json(unsigned long value) : type_(Type::kNumber), number_(static_cast<double>(value)) {}
Json::Json(unsigned long long value) : type_(Type::kNumber), number_(static_cast<double>(value)) {}
Json::Json(const char* value) : type_(Type::kString), string_(value ? value : "") {}
Json::Json(std::string value) : type_(Type::kString), string_(std::move(value)) {}

Json::Json(float value) : type_(Type::kNumber), number_(static_cast<double>(value)) {
  if (!std::isfinite(value)) return;
  // The shortest "%.*g" that reads back to the same float, then that decimal as a double.
  for (int precision = 1; precision <= 9; ++precision) {
    const std::string text = print_g(static_cast<double>(value), precision);
    if (std::strtof(text.c_str(), nullptr) == value) {
      number_ = std::strtod(text.c_str(), nullptr);
      return;
    }
  }
}

Json Json::array() {
  Json value;
  value.type_ = Type::kArray;
  return value;
}

Json Json::object() {
  Json value;
  value.type_ = Type::kObject;
  return value;
}

bool Json::as_bool(const std::string& where) const {
  if (type_ != Type::kBool)
    fail(where, std::string("expected a boolean, got ") + with_article(type_));
  return bool_;
}

double Json::as_number(const std::string& where) const {
  if (type_ != Type::kNumber)
    fail(where, std::string("expected a number, got ") + with_article(type_));
  return number_;
}

int Json::as_int(const std::string& where) const {
  if (type_ != Type::kNumber)
    fail(where, std::string("expected an integer, got ") + with_article(type_));
  if (!(number_ == std::trunc(number_)))
    fail(where, "expected an integer, got " + describe_number(number_));
  if (number_ < -2147483648.0 || number_ > 2147483647.0)
    fail(where, "integer " + describe_number(number_) + " is out of range (" +
                    std::to_string(-2147483647 - 1) + ".." + std::to_string(2147483647) + ")");
  return static_cast<int>(number_);
}

long long Json::as_int64(const std::string& where) const {
  if (type_ != Type::kNumber)
    fail(where, std::string("expected an integer, got ") + with_article(type_));
  if (!(number_ == std::trunc(number_)))
    fail(where, "expected an integer, got " + describe_number(number_));
  if (number_ < -9223372036854775808.0 || number_ >= 9223372036854775808.0)
    fail(where, "integer " + describe_number(number_) + " is out of the 64-bit range");
  return static_cast<long long>(number_);
}

const std::string& Json::as_string(const std::string& where) const {
  if (type_ != Type::kString)
    fail(where, std::string("expected a string, got ") + with_article(type_));
  return string_;
}

const std::vector<Json>& Json::as_array(const std::string& where) const {
  if (type_ != Type::kArray)
    fail(where, std::string("expected an array, got ") + with_article(type_));
  return array_;
}

const std::vector<Json::Member>& Json::as_object(const std::string& where) const {
  if (type_ != Type::kObject)
    fail(where, std::string("expected an object, got ") + with_article(type_));
  return object_;
}

bool Json::contains(const std::string& key) const { return find(key) != nullptr; }

const Json* Json::find(const std::string& key) const {
  if (type_ != Type::kObject) return nullptr;
  for (const Member& member : object_)
    if (member.first == key) return &member.second;
  return nullptr;
}

const Json& Json::at(const std::string& key, const std::string& where) const {
  as_object(where);
  const Json* value = find(key);
  if (!value) fail(where, "missing field '" + key + "'");
  return *value;
}

Json& Json::operator[](const std::string& key) {
  if (type_ == Type::kNull) type_ = Type::kObject;
  if (type_ != Type::kObject)
    fail("Json::operator[]",
         std::string("cannot look up key '") + key + "' in " + with_article(type_));
  for (Member& member : object_)
    if (member.first == key) return member.second;
  object_.emplace_back(key, Json());
  return object_.back().second;
}

const std::vector<Json::Member>& Json::items() const { return as_object("Json::items"); }

void Json::push_back(Json value) {
  if (type_ == Type::kNull) type_ = Type::kArray;
  if (type_ != Type::kArray)
    fail("Json::push_back", std::string("expected an array, got ") + with_article(type_));
  array_.push_back(std::move(value));
}

std::size_t Json::size() const {
  switch (type_) {
    case Type::kNull:
      return 0;
    case Type::kArray:
      return array_.size();
    case Type::kObject:
      return object_.size();
    default:
      fail("Json::size", std::string("expected an array or object, got ") + with_article(type_));
  }
}

bool Json::operator==(const Json& other) const {
  if (type_ != other.type_) return false;
  switch (type_) {
    case Type::kNull:
      return true;
    case Type::kBool:
      return bool_ == other.bool_;
    case Type::kNumber:
      return number_ == other.number_;
    case Type::kString:
      return string_ == other.string_;
    case Type::kArray:
      return array_ == other.array_;
    case Type::kObject:
      return object_ == other.object_;
  }
  return false;
}

std::string Json::dump(int indent) const {
  std::string out;
  try {
    write_value(*this, out, indent, 0);
  } catch (const NonFiniteNumber& error) {
    const std::string path = error.path.substr(error.path.compare(0, 1, ".") == 0 ? 1 : 0);
    fail("Json::dump", (path.empty() ? std::string("the value") : "the value at " + path) + " is " +
                           describe_number(error.value) + ", which JSON cannot represent");
  }
  return out;
}

Json Json::parse(const std::string& text, const std::string& where) {
  return JsonParser(text, where).parse_document();
}

}  // namespace tint
