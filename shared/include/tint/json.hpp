// A small JSON value type, because the colour core may use only the standard library and stb (no
// nlohmann-json): model cards, settings and reports are read and written with it, natively and in
// WebAssembly alike.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "tint/error.hpp"

namespace tint {

// One JSON value: null, boolean, number (a double), string (UTF-8), array or object. Objects keep
// their members in insertion order (and parse() keeps the order of the text).
//
// Numbers are doubles, so integers are exact up to 2^53. The typed getters throw tint::Error
// naming `where` (a file, field or function) when the value has another type, e.g.
//   "card.mode: expected a string, got a number".
class Json {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, Json>;

  // Implicit on purpose, so that values read naturally: object["name"] = "tint".
  Json() = default;                // null
  Json(std::nullptr_t) {}          // NOLINT(google-explicit-constructor): null
  Json(bool value);                // NOLINT(google-explicit-constructor)
  Json(double value);              // NOLINT(google-explicit-constructor)
  Json(int value);                 // NOLINT(google-explicit-constructor)
  Json(long value);                // NOLINT(google-explicit-constructor)
  Json(long long value);           // NOLINT(google-explicit-constructor)
  Json(unsigned value);            // NOLINT(google-explicit-constructor)
  Json(unsigned long value);       // NOLINT(google-explicit-constructor)
  Json(unsigned long long value);  // NOLINT(google-explicit-constructor)
  Json(const char* value);         // NOLINT(google-explicit-constructor)
  Json(std::string value);         // NOLINT(google-explicit-constructor)
  // A float becomes the double of its shortest decimal form, so Json(0.38f) is written as 0.38
  // (not 0.37999999523162842) and static_cast<float>(as_number()) gives 0.38f back.
  Json(float value);  // NOLINT(google-explicit-constructor)

  static Json array();
  static Json object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::kNull; }
  bool is_bool() const { return type_ == Type::kBool; }
  bool is_number() const { return type_ == Type::kNumber; }
  bool is_string() const { return type_ == Type::kString; }
  bool is_array() const { return type_ == Type::kArray; }
  bool is_object() const { return type_ == Type::kObject; }

  // Typed getters: throw "<where>: expected a <type>, got a <type>" on another type.
  bool as_bool(const std::string& where) const;
  double as_number(const std::string& where) const;
  int as_int(const std::string& where) const;          // throws unless integral and within int
  long long as_int64(const std::string& where) const;  // throws unless integral and in int64
  const std::string& as_string(const std::string& where) const;
  const std::vector<Json>& as_array(const std::string& where) const;
  const std::vector<Member>& as_object(const std::string& where) const;

  // Objects. contains() and find() are false / null on a non-object.
  bool contains(const std::string& key) const;
  const Json* find(const std::string& key) const;
  // Throws "<where>: missing field 'key'" (or "<where>: expected an object, got ...").
  const Json& at(const std::string& key, const std::string& where) const;
  // Inserts a null member if the key is absent; turns a null into an empty object first.
  Json& operator[](const std::string& key);
  const std::vector<Member>& items() const;  // throws on a non-object

  // Arrays: push_back() turns a null into an empty array first.
  void push_back(Json value);
  // Element count of an array or object; 0 for null; throws for other types.
  std::size_t size() const;

  // Same type and value; object members are compared in order.
  bool operator==(const Json& other) const;
  bool operator!=(const Json& other) const { return !(*this == other); }

  // JSON text: compact when indent < 0, else pretty with `indent` spaces per level. Numbers are
  // the shortest text that reads back to the same double, integers up to 2^53 in full digits
  // without ".0" (1e+16 beyond); NaN and infinities throw. Strings are escaped per RFC 8259 (\u00XX
  // for control characters), UTF-8 is written as is and invalid UTF-8 bytes become U+FFFD, so the
  // output always parses.
  std::string dump(int indent = -1) const;

  // Strict RFC 8259 parser: one value surrounded by optional whitespace (a leading UTF-8 byte
  // order mark is ignored); \uXXXX escapes including surrogate pairs become UTF-8; strings must be
  // valid UTF-8; duplicate object keys, numbers out of the double range and nesting deeper than
  // kMaxDepth are errors. Errors read "<where>: line L, column C: <what>".
  static Json parse(const std::string& text, const std::string& where);
  static constexpr int kMaxDepth = 256;

 private:
  friend class JsonParser;  // appends members directly, having checked keys for duplicates

  Type type_ = Type::kNull;
  bool bool_ = false;
  double number_ = 0.0;
  std::string string_;
  std::vector<Json> array_;
  std::vector<Member> object_;
};

// "null", "boolean", "number", "string", "array" or "object".
const char* to_string(Json::Type type);

}  // namespace tint
