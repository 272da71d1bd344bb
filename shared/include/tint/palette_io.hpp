// Palettes as JSON: {"format": "tint.palette", "version": 1, "distance": "rgb", "colors": [[r,g,b],
// ...]}.
#pragma once

#include <string>

#include "tint/json.hpp"
#include "tint/palette.hpp"

namespace tint {

Json palette_to_json(const Palette& palette);
// Throws with the field at fault: wrong format tag, 2..256 colours, each 3 integers in 0..255.
Palette palette_from_json(const Json& json, const std::string& where);

void write_palette(const std::string& path, const Palette& palette);  // atomic
Palette read_palette(const std::string& path);

}  // namespace tint
