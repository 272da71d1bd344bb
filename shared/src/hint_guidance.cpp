#include "tint/hint_guidance.hpp"

#include <algorithm>
#include <cmath>

#include "tint/color_space.hpp"
#include "tint/error.hpp"

namespace tint {

void follow_hints(ImageF& ab, const ImageF& lightness, const std::vector<ColourHint>& hints,
                  int image_width, int image_height) {
  if (hints.empty()) return;
  require_channels(ab, 2, "follow_hints");
  require_channels(lightness, 1, "follow_hints");
  if (lightness.width() != ab.width() || lightness.height() != ab.height())
    fail("follow_hints", "the lightness and the ab differ in size");
  const int width = ab.width(), height = ab.height();
  const std::size_t cells = std::size_t(width) * std::size_t(height);
  // Per cell: the summed hint weights and the weighted hint ab.
  std::vector<float> weight(cells, 0.0f), weighted_a(cells, 0.0f), weighted_b(cells, 0.0f);
  const int reach = static_cast<int>(std::ceil(3.0f * kHintReachCells));
  const float spatial = 1.0f / (2.0f * kHintReachCells * kHintReachCells);
  const float tonal = 1.0f / (2.0f * kHintLightnessSigma * kHintLightnessSigma);
  for (const ColourHint& hint : hints) {
    const HintCell centre = hint_cell(hint, image_width, image_height, width, height);
    const Lab colour = srgb8_to_lab(hint.rgb);
    const float centre_l = *lightness.pixel(centre.x, centre.y);
    for (int y = std::max(0, centre.y - reach); y <= std::min(height - 1, centre.y + reach); ++y)
      for (int x = std::max(0, centre.x - reach); x <= std::min(width - 1, centre.x + reach); ++x) {
        const float dx = float(x - centre.x), dy = float(y - centre.y);
        const float dl = *lightness.pixel(x, y) - centre_l;
        const float w = std::exp(-(dx * dx + dy * dy) * spatial - dl * dl * tonal);
        const std::size_t p = std::size_t(y) * std::size_t(width) + std::size_t(x);
        weight[p] += w;
        weighted_a[p] += w * colour.a;
        weighted_b[p] += w * colour.b;
      }
  }
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      const std::size_t p = std::size_t(y) * std::size_t(width) + std::size_t(x);
      if (weight[p] <= 0.0f) continue;
      // Near one hint its colour; where hints overlap, their weighted mean; the network's own
      // colour keeps the share the hints leave.
      const float share = std::min(1.0f, weight[p]);
      float* cell = ab.pixel(x, y);
      cell[0] = (1.0f - share) * cell[0] + share * weighted_a[p] / weight[p];
      cell[1] = (1.0f - share) * cell[1] + share * weighted_b[p] / weight[p];
    }
}

}  // namespace tint
