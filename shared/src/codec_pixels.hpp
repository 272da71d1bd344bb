// What a format's decoder hands back to decode_image(): 8-bit pixels as stored in the file (before
// any EXIF orientation), RGB or RGBA.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace tint::detail {

struct StoredPixels {
  int width = 0, height = 0;
  int channels = 3;  // 3: RGB, 4: RGBA (not premultiplied)
  std::vector<std::uint8_t> data;
};

// Each throws tint::Error naming `name` for a damaged, truncated or over-large file (more than
// `max_pixels`, checked from the header before the pixels are allocated).
StoredPixels decode_jpeg(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         std::size_t max_pixels);  // libjpeg-turbo
StoredPixels decode_png(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        std::size_t max_pixels);  // libpng

bool is_jpeg(const std::uint8_t* bytes, std::size_t size);
bool is_png(const std::uint8_t* bytes, std::size_t size);

}  // namespace tint::detail
