#include "tint/compose.hpp"

#include <algorithm>
#include <vector>

#include "tint/color_space.hpp"
#include "tint/resample.hpp"

namespace tint {

// Row by row: the full-size ab and Lab planes (20 bytes a pixel, 240 MB for a 12-megapixel photo)
// never exist whole; each row's values are those of resizing and converting whole images.
Image8 compose_lab(const ImageF& lightness, const ImageF& ab) {
  require_channels(lightness, 1, "compose_lab: lightness");
  require_channels(ab, 2, "compose_lab: ab");
  const int width = lightness.width(), height = lightness.height();
  const RowResizer ab_rows(ab, width, height);
  std::vector<float> ab_row(std::size_t(width) * 2);
  ImageF lab_row(width, 1, 3);
  Image8 rgb_row(width, 1, 3);
  Image8 rgb(width, height, 3);
  for (int y = 0; y < height; ++y) {
    ab_rows.row(y, ab_row.data());
    const float* l = lightness.pixel(0, y);
    for (int x = 0; x < width; ++x) {
      lab_row.data()[3 * x] = l[x];
      lab_row.data()[3 * x + 1] = ab_row[2 * std::size_t(x)];
      lab_row.data()[3 * x + 2] = ab_row[2 * std::size_t(x) + 1];
    }
    lab_to_rgb8(lab_row, rgb_row);
    std::copy(rgb_row.data(), rgb_row.data() + rgb_row.sample_count(), rgb.pixel(0, y));
  }
  return rgb;
}

}  // namespace tint
