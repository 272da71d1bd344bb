#include "tint/compose.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "tint/color_space.hpp"
#include "tint/resample.hpp"

namespace tint {

// Row by row: the full-size ab and Lab planes (20 bytes a pixel, 240 MB for a 12-megapixel photo)
// never exist whole; each row's values are those of resizing and converting whole images.
void compose_lab_rows(const ImageF& lightness, const RowResizer& ab_rows, Image8& rgb,
                      int first_row, int rows) {
  require_channels(lightness, 1, "compose_lab: lightness");
  require_channels(rgb, 3, "compose_lab: rgb");
  const int width = lightness.width(), height = lightness.height();
  if (rgb.width() != width || rgb.height() != height)
    fail("compose_lab", "the output is " + std::to_string(rgb.width()) + "x" +
                            std::to_string(rgb.height()) + ", the lightness " +
                            std::to_string(width) + "x" + std::to_string(height));
  if (first_row < 0 || rows < 0 || first_row > height - rows)
    fail("compose_lab", "rows [" + std::to_string(first_row) + ", " +
                            std::to_string(first_row + rows) + ") outside an image of " +
                            std::to_string(height) + " rows");
  std::vector<float> ab_row(std::size_t(width) * 2);
  ImageF lab_row(width, 1, 3);
  Image8 rgb_row(width, 1, 3);
  for (int y = first_row; y < first_row + rows; ++y) {
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
}

Image8 compose_lab(const ImageF& lightness, const ImageF& ab) {
  require_channels(lightness, 1, "compose_lab: lightness");
  require_channels(ab, 2, "compose_lab: ab");
  const RowResizer ab_rows(ab, lightness.width(), lightness.height());
  Image8 rgb(lightness.width(), lightness.height(), 3);
  compose_lab_rows(lightness, ab_rows, rgb, 0, lightness.height());
  return rgb;
}

}  // namespace tint
