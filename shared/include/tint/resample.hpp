// Resizing to any size, separably per axis: area averaging where an axis shrinks, bilinear
// interpolation (pixel centres aligned, edges clamped) where it grows, a copy where it keeps its
// size.
#pragma once

#include <memory>

#include "tint/image.hpp"

namespace tint {

ImageF resize(const ImageF& image, int width, int height,
              std::size_t max_pixels = kDefaultMaxPixels);
// The rows of resize(image, width, height), one at a time and with the same values, without the
// whole result in memory: for work done row by row at a large size (compose_lab).
class RowResizer {
 public:
  RowResizer(const ImageF& image, int width, int height,
             std::size_t max_pixels = kDefaultMaxPixels);
  RowResizer(const RowResizer&) = delete;
  RowResizer& operator=(const RowResizer&) = delete;
  ~RowResizer();

  // Writes row y, width x channels floats.
  void row(int y, float* out) const;

 private:
  struct Taps;
  std::size_t row_samples_;
  std::unique_ptr<Taps> down_;  // the vertical taps; none when the size stays (rows are copied)
  ImageF wide_;                 // the horizontal pass: width x the source's height
};

// 8-bit images are resampled in float and rounded back.
Image8 resize(const Image8& image, int width, int height,
              std::size_t max_pixels = kDefaultMaxPixels);

}  // namespace tint
