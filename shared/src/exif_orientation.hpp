// The EXIF orientation of a JPEG (tag 0x0112 of IFD0 in the APP1 "Exif" segment) and the pixel
// layout that turns the picture as stored into the picture as the camera held it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tint::detail {

// 1..8 as EXIF defines them. 1 (keep as stored) when the bytes are not a JPEG, carry no orientation
// before the first scan, or their EXIF block is damaged. Never reads outside [bytes, bytes + size).
int jpeg_exif_orientation(const std::uint8_t* bytes, std::size_t size);

// Stored pixel (x, y) of a width x height picture goes to pixel index
// origin + x * step_x + y * step_y of the upright picture, which is width x height in size
// (the stored size with width and height swapped for orientations 5..8).
struct UprightLayout {
  int width, height;
  std::ptrdiff_t origin, step_x, step_y;
};

// Any orientation outside 2..8 keeps the picture as stored.
UprightLayout upright_layout(int orientation, int stored_width, int stored_height);

}  // namespace tint::detail
