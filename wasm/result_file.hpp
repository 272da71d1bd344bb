// The colorized photo as the file the user saves, alone or in a batch's zip: the same bytes
// either way (tint/image_encoder.hpp).
#pragma once

#include <string>

#include "tint/image_encoder.hpp"

namespace tint::app {

// The photo's name with "-colour" added, in its folder: "trip/IMG_1.JPG" ->
// "trip/IMG_1-colour.JPG"; a PNG result of a BMP, GIF or TGA photo ends in ".png".
std::string result_file_name(const std::string& photo_name, ImageFormat format);

// A file's path without and with its extension: "trip/a.jpg" -> {"trip/a", ".jpg"}; a leading dot
// (".hidden") starts a name, not an extension.
struct SplitName {
  std::string stem, extension;
};
SplitName split_extension(const std::string& path);

}  // namespace tint::app
