#include "tint/compose.hpp"

#include "tint/color_space.hpp"
#include "tint/resample.hpp"

namespace tint {

Image8 compose_lab(const ImageF& lightness, const ImageF& ab) {
  require_channels(lightness, 1, "compose_lab: lightness");
  require_channels(ab, 2, "compose_lab: ab");
  const ImageF full_ab = resize(ab, lightness.width(), lightness.height());
  ImageF lab(lightness.width(), lightness.height(), 3);
  for (std::size_t i = 0, n = lab.pixel_count(); i < n; ++i) {
    lab.data()[3 * i] = lightness.data()[i];
    lab.data()[3 * i + 1] = full_ab.data()[2 * i];
    lab.data()[3 * i + 2] = full_ab.data()[2 * i + 1];
  }
  return lab_to_rgb8(lab);
}

}  // namespace tint
