#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "tint/json.hpp"

namespace tint {
namespace {

// "a number", "an array", "null": the type as an error message names it.
std::string type_with_article(const Json& value) {
  if (value.is_null()) return "null";
  const std::string name = value.type_name();
  return (name == "array" || name == "object" ? "an " : "a ") + name;
}

[[noreturn]] void throw_wrong_type(const Json& value, const char* expected,
                                   const std::string& where) {
  throw Error(where + ": expected " + expected + ", got " + type_with_article(value));
}

std::string text_of_number(double value) {
  if (std::isinf(value)) return value > 0 ? "infinity" : "-infinity";
  return number_text(value);
}

// Checks what nlohmann-json accepts and RFC 8259 or tint does not (duplicate keys, deep nesting),
// while keeping the path to the value being read, for the message.
class StrictnessCheck {
 public:
  explicit StrictnessCheck(const std::string& where) : where_(where) {}

  bool operator()(int /*depth*/, Json::parse_event_t event, Json& parsed) {
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        if (frames_.size() >= static_cast<std::size_t>(kMaxJsonDepth))
          fail("nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels");
        frames_.push_back({event == Json::parse_event_t::object_start, {}, {}, 0});
        break;
      case Json::parse_event_t::key: {
        Frame& object = frames_.back();
        object.key = parsed.get_ref<const std::string&>();  // the path of what follows
        if (!object.keys.insert(object.key).second)
          fail("duplicate key '" + object.key + "' in " + container());
        break;
      }
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        frames_.pop_back();
        count_element();
        break;
      case Json::parse_event_t::value:
        count_element();
        break;
    }
    return true;
  }

 private:
  struct Frame {
    bool is_object;
    std::unordered_set<std::string> keys;
    std::string key;
    std::size_t index;
  };

  void count_element() {
    if (!frames_.empty() && !frames_.back().is_object) ++frames_.back().index;
  }

  [[noreturn]] void fail(const std::string& what) const { throw Error(where_ + ": " + what); }

  // "the object at x[1]" or "the top-level object": the container being read.
  std::string container() const {
    std::string path;
    for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
      if (frames_[i].is_object)
        path += (path.empty() ? "" : ".") + frames_[i].key;
      else
        path += "[" + std::to_string(frames_[i].index) + "]";
    }
    return path.empty() ? "the top-level object" : "the object at " + path;
  }

  const std::string& where_;
  std::vector<Frame> frames_;
};

// "line L, column C" of the byte at `offset`; columns count characters, not UTF-8 bytes.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  std::size_t start = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;  // the byte order mark
  for (std::size_t i = start; i < offset && i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

// nlohmann-json's message without its "[json.exception.parse_error.101] parse error at line 1,
// column 4: " prefix, whose column is counted after the token.
std::string description_of(const std::string& message) {
  const std::size_t after_id = message.find("] ");
  std::string description = after_id == std::string::npos ? message : message.substr(after_id + 2);
  const std::string prefix = "parse error";
  if (description.rfind(prefix, 0) == 0) {
    const std::size_t colon = description.find(": ");
    if (colon != std::string::npos) description = description.substr(colon + 2);
  }
  return description;
}

void check_finite(const Json& value, const std::string& path) {
  if (value.is_number_float() && !std::isfinite(value.get<double>())) {
    throw Error("dump_json: the value" + (path.empty() ? "" : " at " + path) + " is " +
                text_of_number(value.get<double>()) + ", which JSON cannot represent");
  }
  if (value.is_object()) {
    for (const JsonMember& member : value.get_ref<const Json::object_t&>())
      check_finite(member.second, path.empty() ? member.first : path + "." + member.first);
  } else if (value.is_array()) {
    const Json::array_t& elements = value.get_ref<const Json::array_t&>();
    for (std::size_t i = 0; i < elements.size(); ++i)
      check_finite(elements[i], path + "[" + std::to_string(i) + "]");
  }
}

// The integral value of a number within [low, high], or an error naming `range`.
long long integer_within(const Json& value, long long low, long long high, const std::string& range,
                         const std::string& where) {
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    const auto integer = value.get<long long>();
    if (integer >= low && integer <= high) return integer;
    throw Error(where + ": integer " + std::to_string(integer) + " is out of " + range);
  }
  if (value.is_number_unsigned()) {
    const auto integer = value.get<unsigned long long>();
    if (integer <= static_cast<unsigned long long>(high)) return static_cast<long long>(integer);
    throw Error(where + ": integer " + std::to_string(integer) + " is out of " + range);
  }
  if (!value.is_number()) throw_wrong_type(value, "an integer", where);
  const double number = value.get<double>();
  if (std::isnan(number) || number != std::trunc(number))
    throw Error(where + ": expected an integer, got " + text_of_number(number));
  // 2^63 is exactly representable and is the first double beyond int64.
  if (number < static_cast<double>(low) || number >= -static_cast<double>(low) ||
      number > static_cast<double>(high))
    throw Error(where + ": integer " + text_of_number(number) + " is out of " + range);
  return static_cast<long long>(number);
}

}  // namespace

Json parse_json(std::string_view text, const std::string& where) {
  try {
    return Json::parse(text.begin(), text.end(), StrictnessCheck(where));
  } catch (const Json::parse_error& error) {
    const std::size_t offset = error.byte == 0 ? 0 : error.byte - 1;
    throw Error(where + ": " + position_of(text, offset) + ": " + description_of(error.what()));
  } catch (const Json::exception& error) {  // a number beyond the double range
    throw Error(where + ": " + description_of(error.what()));
  }
}

std::string dump_json(const Json& value, int indent) {
  check_finite(value, "");
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

std::string number_text(double value) {
  if (!std::isfinite(value)) return std::isnan(value) ? "NaN" : value > 0 ? "inf" : "-inf";
  std::string text = Json(value).dump();
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

std::string number_text(float value) {
  return number_text(std::isfinite(value) ? Json(value).get<double>() : static_cast<double>(value));
}

bool json_bool(const Json& value, const std::string& where) {
  if (!value.is_boolean()) throw_wrong_type(value, "a boolean", where);
  return value.get<bool>();
}

double json_number(const Json& value, const std::string& where) {
  if (!value.is_number()) throw_wrong_type(value, "a number", where);
  return value.get<double>();
}

int json_int(const Json& value, const std::string& where) {
  constexpr long long low = std::numeric_limits<int>::min(), high = std::numeric_limits<int>::max();
  return static_cast<int>(
      integer_within(value, low, high,
                     "range (" + std::to_string(low) + ".." + std::to_string(high) + ")", where));
}

long long json_int64(const Json& value, const std::string& where) {
  return integer_within(value, std::numeric_limits<long long>::min(),
                        std::numeric_limits<long long>::max(), "the 64-bit range", where);
}

const std::string& json_string(const Json& value, const std::string& where) {
  if (!value.is_string()) throw_wrong_type(value, "a string", where);
  return value.get_ref<const std::string&>();
}

const Json::array_t& json_array(const Json& value, const std::string& where) {
  if (!value.is_array()) throw_wrong_type(value, "an array", where);
  return value.get_ref<const Json::array_t&>();
}

const Json::object_t& json_object(const Json& value, const std::string& where) {
  if (!value.is_object()) throw_wrong_type(value, "an object", where);
  return value.get_ref<const Json::object_t&>();
}

const Json* json_find(const Json& object, const std::string& key) {
  if (!object.is_object()) return nullptr;
  const auto found = object.find(key);
  return found == object.end() ? nullptr : &*found;
}

const Json& json_at(const Json& object, const std::string& key, const std::string& where) {
  json_object(object, where);
  if (const Json* value = json_find(object, key)) return *value;
  throw Error(where + ": missing field '" + key + "'");
}

}  // namespace tint

void nlohmann::adl_serializer<float>::to_json(tint::Json& json, float value) {
  if (!std::isfinite(value)) {
    json = static_cast<double>(value);
    return;
  }
  // The shortest %g text that reads back to the same float, then that text's double.
  char text[32];
  for (int digits = 1; digits <= 9; ++digits) {
    std::snprintf(text, sizeof text, "%.*g", digits, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) break;
  }
  json = std::strtod(text, nullptr);
}

void nlohmann::adl_serializer<float>::from_json(const tint::Json& json, float& value) {
  value = static_cast<float>(json.get<double>());
}
