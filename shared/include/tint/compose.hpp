// Puts predicted colour onto the full-resolution lightness: ab of any size is resampled to the
// L plane's size and the Lab result converted to sRGB8, clipped to the gamut per channel.
#pragma once

#include "tint/image.hpp"

namespace tint {

class RowResizer;

// lightness: 1 channel (L, 0..100) at the output size; ab: 2 channels at any size.
Image8 compose_lab(const ImageF& lightness, const ImageF& ab);

// compose_lab for rows [first_row, first_row + rows) only, for work spread over steps (the
// browser app composes a large photo's result over several frames): into `rgb` (3 channels, the
// lightness' size), with ab's rows from `ab_rows` (made for the lightness' size). The same bytes.
void compose_lab_rows(const ImageF& lightness, const RowResizer& ab_rows, Image8& rgb,
                      int first_row, int rows);

}  // namespace tint
