// Reads the pixel size from a PNG, GIF, BMP or JPEG header. stb_image refuses very large images
// with a generic "unknown type" message; reading the size here lets the decoder say what is wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace tint::detail {

// As stored, before any EXIF orientation: it serves the pixel-count check, which turning keeps.
struct ImageSize {
  long long width, height;
};

std::optional<ImageSize> peek_image_size(const std::uint8_t* bytes, std::size_t size);

}  // namespace tint::detail
