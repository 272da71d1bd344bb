// One image type for 8-bit and float pixels: interleaved channels, row-major, top row first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tint/error.hpp"

namespace tint {

// Largest image the core will allocate or decode unless told otherwise (64 megapixels), so that a
// decompression bomb is refused before any allocation.
constexpr std::size_t kDefaultMaxPixels = std::size_t{64} * 1024 * 1024;
// Largest image the browser app opens. At about 30 bytes per pixel for the original, L, gray, ab
// and result, 36 megapixels (a full-frame camera photo) stays well inside WebAssembly's 4 GB.
constexpr std::size_t kBrowserMaxPixels = std::size_t{36} * 1024 * 1024;

// Throws if width x height is not a positive size within max_pixels.
void check_image_size(long long width, long long height, std::size_t max_pixels,
                      const std::string& where);

template <class T>
class Image {
 public:
  Image() = default;
  Image(int width, int height, int channels, std::size_t max_pixels = kDefaultMaxPixels)
      : width_(width), height_(height), channels_(channels) {
    check_shape(max_pixels);
    pixels_.assign(sample_count(), T{});
  }
  Image(int width, int height, int channels, std::vector<T> pixels)
      : width_(width), height_(height), channels_(channels), pixels_(std::move(pixels)) {
    check_shape(kDefaultMaxPixels);
    if (pixels_.size() != sample_count())
      fail("Image", "expected " + std::to_string(sample_count()) + " samples for " +
                        std::to_string(width) + "x" + std::to_string(height) + "x" +
                        std::to_string(channels) + ", got " + std::to_string(pixels_.size()));
  }

  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  bool empty() const { return pixels_.empty(); }
  std::size_t pixel_count() const { return std::size_t(width_) * std::size_t(height_); }
  std::size_t sample_count() const { return pixel_count() * std::size_t(channels_); }

  T* data() { return pixels_.data(); }
  const T* data() const { return pixels_.data(); }
  const std::vector<T>& samples() const { return pixels_; }
  T* pixel(int x, int y) { return pixels_.data() + offset(x, y); }
  const T* pixel(int x, int y) const { return pixels_.data() + offset(x, y); }

  bool operator==(const Image& other) const {
    return width_ == other.width_ && height_ == other.height_ && channels_ == other.channels_ &&
           pixels_ == other.pixels_;
  }
  bool operator!=(const Image& other) const { return !(*this == other); }

 private:
  std::size_t offset(int x, int y) const {
    return (std::size_t(y) * std::size_t(width_) + std::size_t(x)) * std::size_t(channels_);
  }
  void check_shape(std::size_t max_pixels) const {
    if (channels_ < 1 || channels_ > 4)
      fail("Image", "channels must be 1..4, got " + std::to_string(channels_));
    check_image_size(width_, height_, max_pixels, "Image");
  }

  int width_ = 0;
  int height_ = 0;
  int channels_ = 0;
  std::vector<T> pixels_;
};

using Image8 = Image<std::uint8_t>;  // sRGB (3 channels) or gray (1 channel), 0..255
using ImageF = Image<float>;         // Lab (3), L (1), ab (2) or RGB in 0..1 (3)

// Throws unless the image is non-empty and has the expected channel count.
template <class T>
void require_channels(const Image<T>& image, int channels, const std::string& where) {
  if (image.empty()) fail(where, "empty image");
  if (image.channels() != channels)
    fail(where, "expected " + std::to_string(channels) + " channel(s), got " +
                    std::to_string(image.channels()));
}

}  // namespace tint
