// Encoding sRGB8 images as PNG (libpng) or JPEG (libjpeg-turbo), whole or a band of rows at a time:
// the browser app spreads a large photo's encoding over frames, and the bytes are the same either
// way, so a photo saved alone and the same photo in a batch's zip are the same file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "tint/image.hpp"

namespace tint {

enum class ImageFormat { kPng, kJpeg };

// A colorized photo keeps its file's kind: JPEG for a JPEG, PNG (lossless) for every other format.
ImageFormat output_format_for(const std::uint8_t* file_bytes, std::size_t size);
// "image/png" or "image/jpeg".
const char* mime_type(ImageFormat format);

// The JPEG quality of colorized photos: visually lossless for photos, a third of a PNG's size.
constexpr int kJpegQuality = 92;

class ImageEncoder {
 public:
  // A 1-, 2-, 3- or 4-channel image for PNG; 1 or 3 channels for JPEG (`jpeg_quality` 1..100). The
  // image must outlive the encoder and stay unchanged while it works.
  ImageEncoder(const Image8& image, ImageFormat format, int jpeg_quality = kJpegQuality);
  ImageEncoder(Image8&&, ImageFormat, int = kJpegQuality) = delete;  // it would outlive the image
  ~ImageEncoder();
  ImageEncoder(const ImageEncoder&) = delete;
  ImageEncoder& operator=(const ImageEncoder&) = delete;

  // Encodes up to `rows` more rows (at least one); true once the file is complete.
  bool encode_rows(int rows);
  int rows_done() const;
  // The file, once complete (then the encoder is empty).
  std::vector<std::uint8_t> take();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

std::vector<std::uint8_t> encode_image(const Image8& image, ImageFormat format,
                                       int jpeg_quality = kJpegQuality);

}  // namespace tint
