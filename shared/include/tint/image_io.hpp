// Decoding images to sRGB8 (JPEG incl. progressive and CMYK through libjpeg-turbo, PNG through
// libpng, BMP, GIF's first frame and TGA through stb_image), and encoding PNG.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "tint/image.hpp"

namespace tint {

struct DecodeOptions {
  std::size_t max_pixels = kDefaultMaxPixels;  // checked from the header, before decoding
};

// Always returns 3-channel sRGB8: gray is replicated, alpha is composited over white, 16-bit
// samples are reduced to 8 bits. A JPEG's EXIF orientation is applied, so a photo comes back
// upright (width and height swapped for the 90-degree turns); a damaged EXIF block is ignored.
// `name` only labels error messages.
Image8 decode_image(const std::uint8_t* bytes, std::size_t size, const std::string& name = "image",
                    const DecodeOptions& options = {});
Image8 decode_image(const std::vector<std::uint8_t>& bytes, const std::string& name = "image",
                    const DecodeOptions& options = {});
Image8 read_image(const std::string& path, const DecodeOptions& options = {});

// The pixel count a PNG, GIF, BMP or JPEG header states, without decoding (for deciding how to
// decode: at once or announced); nullopt when the bytes start no such header (or it states a
// side beyond 32 bits).
std::optional<std::uint64_t> stated_pixel_count(const std::uint8_t* bytes, std::size_t size);

// PNG of a 1-, 2-, 3- or 4-channel 8-bit image.
std::vector<std::uint8_t> encode_png(const Image8& image);
void write_png(const std::string& path, const Image8& image);  // atomic

}  // namespace tint
