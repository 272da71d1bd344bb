// Resizing to any size, separably per axis: area averaging where an axis shrinks, bilinear
// interpolation (pixel centres aligned, edges clamped) where it grows, a copy where it keeps its
// size.
#pragma once

#include "tint/image.hpp"

namespace tint {

ImageF resize(const ImageF& image, int width, int height,
              std::size_t max_pixels = kDefaultMaxPixels);
// 8-bit images are resampled in float and rounded back.
Image8 resize(const Image8& image, int width, int height,
              std::size_t max_pixels = kDefaultMaxPixels);

}  // namespace tint
