// Puts predicted colour onto the full-resolution lightness: ab of any size is resampled to the
// L plane's size and the Lab result converted to sRGB8, clipped to the gamut per channel.
#pragma once

#include "tint/image.hpp"

namespace tint {

// lightness: 1 channel (L, 0..100) at the output size; ab: 2 channels at any size.
Image8 compose_lab(const ImageF& lightness, const ImageF& ab);

}  // namespace tint
