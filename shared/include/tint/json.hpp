// JSON in the colour core: nlohmann-json's values (Debian's nlohmann-json3-dev, header-only, native
// and WebAssembly alike), with the reads and writes that say which file, field and index is wrong.
// Model cards, palettes, hints files, settings and reports all go through these functions.
#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

#include "tint/error.hpp"

namespace tint {

// Objects keep their members in insertion order (and parsing keeps the order of the text), so
// cards and reports read in the order they were written.
using Json = nlohmann::ordered_json;
using JsonMember = Json::object_t::value_type;  // std::pair<const std::string, Json>

// Strict RFC 8259: one value surrounded by optional whitespace (a leading UTF-8 byte order mark is
// ignored); strings must be valid UTF-8; duplicate object keys, numbers beyond the double range and
// nesting deeper than kMaxJsonDepth are errors. Errors read "<where>: line L, column C: <what>" (a
// duplicate key names the object's path instead: "<where>: duplicate key 'k' in the object at
// a.b[2]").
Json parse_json(std::string_view text, const std::string& where);
constexpr int kMaxJsonDepth = 256;

// JSON text: compact when indent < 0, else pretty with `indent` spaces per level. Numbers are the
// shortest text that reads back to the same double; invalid UTF-8 in strings becomes U+FFFD, so the
// output always parses. NaN and infinities throw, naming the value's path ("metrics.psnr").
std::string dump_json(const Json& value, int indent = -1);

// A number for a message or a CSV cell: the shortest decimal that reads back to the same value,
// integral values without ".0" ("42"), "NaN", "inf" and "-inf" for the rest.
std::string number_text(double value);
std::string number_text(float value);

// Typed reads: throw "<where>: expected a <type>, got a <type>" on another type.
bool json_bool(const Json& value, const std::string& where);
double json_number(const Json& value, const std::string& where);
int json_int(const Json& value, const std::string& where);          // integral and within int
long long json_int64(const Json& value, const std::string& where);  // integral and within int64
const std::string& json_string(const Json& value, const std::string& where);
const Json::array_t& json_array(const Json& value, const std::string& where);
const Json::object_t& json_object(const Json& value, const std::string& where);

// Objects: json_find() is null when the key is absent or `object` is no object; json_at() throws
// "<where>: missing field 'key'" (or "<where>: expected an object, got ...").
const Json* json_find(const Json& object, const std::string& key);
const Json& json_at(const Json& object, const std::string& key, const std::string& where);

}  // namespace tint

// A float becomes the double of its shortest decimal form, so Json(0.38f) is written as 0.38 (not
// 0.3799999952316284) and static_cast<float>(json_number(...)) gives 0.38f back.
template <>
struct nlohmann::adl_serializer<float> {
  static void to_json(tint::Json& json, float value);
  static void from_json(const tint::Json& json, float& value);
};
