// K-colour palettes: k-means (k-means++ seeding, Lloyd iterations) on a seeded random sample of
// the pixels of many images, nearest-colour mapping to class-index maps, and decoding back.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tint/color_space.hpp"
#include "tint/image.hpp"

namespace tint {

// The space in which colour distances are measured: sRGB 0..255 or CIELAB.
enum class ColorDistance { kRgb, kLab };
std::string to_string(ColorDistance distance);
ColorDistance color_distance_from_string(const std::string& name, const std::string& where);

struct Palette {
  std::vector<Rgb8> colors;  // class index -> sRGB8 colour
  ColorDistance distance = ColorDistance::kRgb;
};

struct KMeansOptions {
  int k = 24;
  double sample_fraction = 1.0;  // share of each image's pixels drawn (a seeded Bernoulli sample)
  int max_iterations = 100;
  double tolerance = 0.5;  // stop when no centroid moves further (0..255 RGB or Lab units)
  std::uint64_t seed = 0;
  ColorDistance distance = ColorDistance::kRgb;
  int threads = 0;  // 0: all hardware threads; the result does not depend on it
};

struct KMeansResult {
  Palette palette;  // colours sorted from dark to light
  int iterations = 0;
  bool converged = false;
  double inertia = 0.0;  // mean squared distance of the samples to their centroid
  std::size_t samples = 0;
};

// Throws for an empty image list, K outside 2..256, K above the number of sampled pixels,
// a sample fraction outside (0, 1], or non-positive iteration counts.
KMeansResult fit_palette(const std::vector<Image8>& images, const KMeansOptions& options);

// Class-index map (1 channel, values < palette size) of the nearest palette colour per pixel.
Image8 map_to_palette(const Image8& rgb, const Palette& palette, int threads = 0);
// Colours of a class-index map; throws on an index outside the palette.
Image8 decode_classes(const Image8& classes, const Palette& palette);
// The ab of each class's colour (2 channels), to compose onto a full-resolution L.
ImageF classes_to_ab(const Image8& classes, const Palette& palette);

}  // namespace tint
