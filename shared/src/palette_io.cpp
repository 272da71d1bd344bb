#include "tint/palette_io.hpp"

#include "tint/file_io.hpp"

namespace tint {
namespace {
constexpr const char* kFormat = "tint.palette";
constexpr int kVersion = 1;
}  // namespace

Json palette_to_json(const Palette& palette) {
  Json json = Json::object();
  json["format"] = kFormat;
  json["version"] = kVersion;
  json["distance"] = to_string(palette.distance);
  Json colors = Json::array();
  for (const Rgb8& c : palette.colors) {
    Json rgb = Json::array();
    for (std::uint8_t channel : c) rgb.push_back(static_cast<int>(channel));
    colors.push_back(rgb);
  }
  json["colors"] = colors;
  return json;
}

Palette palette_from_json(const Json& json, const std::string& where) {
  if (json_string(json_at(json, "format", where), where + ".format") != kFormat)
    fail(where + ".format", "expected \"" + std::string(kFormat) + "\"");
  const int version = json_int(json_at(json, "version", where), where + ".version");
  if (version != kVersion)
    fail(where + ".version", "unsupported version " + std::to_string(version) +
                                 " (this build reads " + std::to_string(kVersion) + ")");
  Palette palette;
  palette.distance = color_distance_from_string(
      json_string(json_at(json, "distance", where), where + ".distance"), where + ".distance");
  const std::vector<Json>& colors = json_array(json_at(json, "colors", where), where + ".colors");
  if (colors.size() < 2 || colors.size() > 256)
    fail(where + ".colors", "a palette has 2..256 colours, got " + std::to_string(colors.size()));
  for (std::size_t i = 0; i < colors.size(); ++i) {
    const std::string at = where + ".colors[" + std::to_string(i) + "]";
    const std::vector<Json>& rgb = json_array(colors[i], at);
    if (rgb.size() != 3) fail(at, "expected [r, g, b]");
    Rgb8 color;
    for (int c = 0; c < 3; ++c) {
      const int value = json_int(rgb[c], at);
      if (value < 0 || value > 255)
        fail(at, "channel value " + std::to_string(value) + " outside 0..255");
      color[c] = static_cast<std::uint8_t>(value);
    }
    palette.colors.push_back(color);
  }
  return palette;
}

void write_palette(const std::string& path, const Palette& palette) {
  write_file_atomic(path, dump_json(palette_to_json(palette), 2) + "\n");
}

Palette read_palette(const std::string& path) {
  return palette_from_json(parse_json(read_text_file(path), path), path);
}

}  // namespace tint
