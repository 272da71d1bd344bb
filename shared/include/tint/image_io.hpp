// Decoding images to sRGB8 (JPEG incl. progressive and CMYK through libjpeg-turbo, PNG through
// libpng, BMP, GIF's first frame and TGA through stb_image), and encoding PNG (image_encoder.hpp
// has JPEG too, and encodes a band of rows at a time).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
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

// decode_image a band of rows at a time, for a caller that spreads a large photo over several
// steps (the browser app, between frames, so that the page stays responsive): the same pixels. A
// JPEG decodes row by row; other formats decode whole in the first step. The bytes must outlive
// the decoder; errors throw tint::Error, as decode_image's.
class StepwiseImageDecoder {
 public:
  StepwiseImageDecoder(const std::uint8_t* bytes, std::size_t size, std::string name = "image",
                       const DecodeOptions& options = {});
  ~StepwiseImageDecoder();
  StepwiseImageDecoder(const StepwiseImageDecoder&) = delete;
  StepwiseImageDecoder& operator=(const StepwiseImageDecoder&) = delete;

  // Decodes up to `rows` more of the file's stored rows (at least one); true once the image is
  // complete.
  bool decode_rows(int rows);
  bool complete() const;
  // How much of the image is decoded, from 0 to 1.
  double progress() const;
  // The image, upright, once complete (then the decoder is empty).
  Image8 take();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The pixel count a PNG, GIF, BMP or JPEG header states, without decoding (for deciding how to
// decode: at once or announced); nullopt when the bytes start no such header (or it states a
// side beyond 32 bits).
std::optional<std::uint64_t> stated_pixel_count(const std::uint8_t* bytes, std::size_t size);

// PNG of a 1-, 2-, 3- or 4-channel 8-bit image.
std::vector<std::uint8_t> encode_png(const Image8& image);
void write_png(const std::string& path, const Image8& image);  // atomic

}  // namespace tint
