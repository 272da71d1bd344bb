#include "tint/reference_hints.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <limits>
#include <tuple>

#include "tint/color_space.hpp"
#include "tint/error.hpp"
#include "tint/json.hpp"
#include "tint/palette.hpp"
#include "tint/resample.hpp"

namespace tint {
namespace {

// Matching works on pictures of about this many pixels (160x107 for a 3:2 photo): enough to tell
// things apart, small enough for a fraction of a second in one browser thread.
constexpr double kMatchPixels = 160.0 * 107.0;
// The reference at these scales of the photo's match size: a reference framed closer or wider
// than the photo still matches.
constexpr std::array<double, 3> kReferenceScales = {0.8, 1.0, 1.25};
// Every other reference pixel is a sample.
constexpr int kSampleStride = 2;
// The nearest samples whose colours must agree for a confident match.
constexpr int kNeighbours = 8;
// Every kPointStep-th photo point (in match pixels) is matched; each grid cell's most confident
// one may give a hint.
constexpr int kPointStep = 4;
// Coherence (see coherence()) at chance and where a reference surely shows the photo's scene.
constexpr float kChanceCoherence = 0.12f;
constexpr float kFullCoherence = 0.25f;

// Per point: the lightness of a 3x3 grid of blocks around it, at two block sizes (3 and 9
// pixels: a 9 and a 27 pixel neighbourhood). Each row of the grid gives its middle block, the mean
// of its left and right blocks and their difference's size, so that a mirrored view matches too.
struct Blocks {
  int radius;  // a block is 2 * radius + 1 pixels wide
  float weight;
};
constexpr std::array<Blocks, 2> kBlocks = {{{1, 1.0f}, {4, 0.5f}}};
constexpr int kFeatures = 9 * static_cast<int>(kBlocks.size());
using Feature = std::array<float, kFeatures>;

// A match's cost: its nearest sample's distance over kMatchDistance (lightness units, over the
// weighted features), squared, plus its neighbours' colour spread over kColourSpread (ab units),
// squared; at most 0.5 to 1.5 (with the strength) times the reference's coherence is confident.
constexpr float kMatchDistance = 12.0f;
constexpr float kColourSpread = 9.0f;

// Box sums over an image's lightness, for window means in constant time.
class BoxSums {
 public:
  explicit BoxSums(const ImageF& l)
      : width_(l.width()),
        height_(l.height()),
        sums_(std::size_t(width_ + 1) * std::size_t(height_ + 1), 0.0) {
    for (int y = 0; y < height_; ++y) {
      double row = 0.0;
      for (int x = 0; x < width_; ++x) {
        row += double(*l.pixel(x, y));
        at(x + 1, y + 1) = at(x + 1, y) + row;
      }
    }
  }

  // The mean over the window of `radius` around (x, y), clipped to the image; a centre outside
  // the image is taken at the nearest edge.
  float mean(int x, int y, int radius) const {
    x = std::clamp(x, 0, width_ - 1);
    y = std::clamp(y, 0, height_ - 1);
    const int x0 = std::max(0, x - radius), x1 = std::min(width_, x + radius + 1);
    const int y0 = std::max(0, y - radius), y1 = std::min(height_, y + radius + 1);
    const double sum = at(x1, y1) - at(x0, y1) - at(x1, y0) + at(x0, y0);
    return float(sum / (double(x1 - x0) * double(y1 - y0)));
  }

 private:
  double& at(int x, int y) {
    return sums_[std::size_t(y) * std::size_t(width_ + 1) + std::size_t(x)];
  }
  double at(int x, int y) const {
    return sums_[std::size_t(y) * std::size_t(width_ + 1) + std::size_t(x)];
  }

  int width_, height_;
  std::vector<double> sums_;
};

Feature feature_at(const BoxSums& sums, int x, int y) {
  Feature feature{};
  std::size_t f = 0;
  for (const Blocks& blocks : kBlocks) {
    const int step = 2 * blocks.radius + 1;
    for (int row = -1; row <= 1; ++row) {
      const int by = y + row * step;
      const float left = sums.mean(x - step, by, blocks.radius);
      const float middle = sums.mean(x, by, blocks.radius);
      const float right = sums.mean(x + step, by, blocks.radius);
      feature[f++] = middle * blocks.weight;
      feature[f++] = 0.5f * (left + right) * blocks.weight;
      feature[f++] = std::fabs(left - right) * blocks.weight;
    }
  }
  return feature;
}

// The size of an image of width x height scaled to about kMatchPixels times `scale` squared.
std::pair<int, int> match_size(int width, int height, double scale) {
  const double factor = scale * std::sqrt(kMatchPixels / (double(width) * double(height)));
  return {std::max(1, int(std::lround(width * factor))),
          std::max(1, int(std::lround(height * factor)))};
}

struct Statistics {
  double mean = 0.0, deviation = 0.0;
};
Statistics plane_statistics(const ImageF& image, int channel) {
  double sum = 0.0, squares = 0.0;
  const std::size_t n = image.pixel_count();
  const int channels = image.channels();
  for (std::size_t p = 0; p < n; ++p) {
    const double value = double(image.data()[p * std::size_t(channels) + std::size_t(channel)]);
    sum += value;
    squares += value * value;
  }
  const double mean = sum / double(n);
  return {mean, std::sqrt(std::max(0.0, squares / double(n) - mean * mean))};
}

// The reference's samples: features of its remapped lightness, and its colour there.
struct Samples {
  std::vector<Feature> features;
  std::vector<std::array<float, 2>> ab;
  std::vector<std::array<int, 3>> where;  // scale index, x, y at that scale
};

Samples reference_samples(const ImageF& reference_lab, const Statistics& photo_l) {
  const Statistics reference_l = plane_statistics(reference_lab, 0);
  // Welsh et al.'s luminance remapping: the reference's lightness moved to the photo's mean and
  // spread, so that a darker or flatter reference still matches.
  const double stretch =
      reference_l.deviation > 1.0 ? photo_l.deviation / reference_l.deviation : 1.0;
  Samples samples;
  for (std::size_t scale_index = 0; scale_index < kReferenceScales.size(); ++scale_index) {
    const auto [width, height] =
        match_size(reference_lab.width(), reference_lab.height(), kReferenceScales[scale_index]);
    const ImageF lab = resize(reference_lab, width, height);
    ImageF remapped(width, height, 1);
    for (std::size_t p = 0; p < lab.pixel_count(); ++p)
      remapped.data()[p] =
          float((double(lab.data()[3 * p]) - reference_l.mean) * stretch + photo_l.mean);
    const BoxSums sums(remapped);
    for (int y = kSampleStride / 2; y < height; y += kSampleStride)
      for (int x = kSampleStride / 2; x < width; x += kSampleStride) {
        samples.features.push_back(feature_at(sums, x, y));
        samples.where.push_back({int(scale_index), x, y});
        // The colour over the sample's 3x3 neighbourhood: one pixel's colour can be noise.
        float a = 0.0f, b = 0.0f;
        int n = 0;
        for (int dy = -1; dy <= 1; ++dy)
          for (int dx = -1; dx <= 1; ++dx) {
            const int sx = x + dx, sy = y + dy;
            if (sx < 0 || sy < 0 || sx >= width || sy >= height) continue;
            a += lab.pixel(sx, sy)[1];
            b += lab.pixel(sx, sy)[2];
            ++n;
          }
        samples.ab.push_back({a / float(n), b / float(n)});
      }
  }
  return samples;
}

struct Neighbour {
  float distance_squared = std::numeric_limits<float>::infinity();
  std::size_t sample = 0;
};

// The kNeighbours nearest samples, nearest first (ties to the earlier sample).
std::array<Neighbour, kNeighbours> nearest_samples(const Feature& query, const Samples& samples) {
  std::array<Neighbour, kNeighbours> nearest{};
  for (std::size_t s = 0; s < samples.features.size(); ++s) {
    const Feature& feature = samples.features[s];
    const float limit = nearest.back().distance_squared;
    float distance = 0.0f;
    int f = 0;
    for (; f < kFeatures && distance < limit; ++f) {
      const float d = query[std::size_t(f)] - feature[std::size_t(f)];
      distance += d * d;
    }
    if (f < kFeatures || distance >= limit) continue;
    int i = kNeighbours - 1;
    while (i > 0 && nearest[std::size_t(i - 1)].distance_squared > distance) {
      nearest[std::size_t(i)] = nearest[std::size_t(i - 1)];
      --i;
    }
    nearest[std::size_t(i)] = {distance, s};
  }
  return nearest;
}

struct Match {
  float cost = std::numeric_limits<float>::infinity();  // <= the acceptance level: confident
  float a = 0.0f, b = 0.0f;
  int x = 0, y = 0;         // in match pixels
  std::size_t nearest = 0;  // the nearest sample
};

// The colour the nearest samples agree on, and how confident the match is.
Match match_point(const Feature& query, const Samples& samples, int x, int y) {
  const std::array<Neighbour, kNeighbours> nearest = nearest_samples(query, samples);
  // Nearer samples weigh more (a rational falloff: no libm, the same bits everywhere).
  constexpr float kFalloff = 1.0f / (kMatchDistance * kMatchDistance);
  float total = 0.0f, a = 0.0f, b = 0.0f;
  std::array<float, kNeighbours> weights{};
  for (int i = 0; i < kNeighbours; ++i) {
    const Neighbour& n = nearest[std::size_t(i)];
    if (!std::isfinite(n.distance_squared)) return {};
    weights[std::size_t(i)] = 1.0f / (1.0f + n.distance_squared * kFalloff);
    total += weights[std::size_t(i)];
    a += weights[std::size_t(i)] * samples.ab[n.sample][0];
    b += weights[std::size_t(i)] * samples.ab[n.sample][1];
  }
  a /= total;
  b /= total;
  float spread = 0.0f;
  for (int i = 0; i < kNeighbours; ++i) {
    const std::array<float, 2>& colour = samples.ab[nearest[std::size_t(i)].sample];
    const float da = colour[0] - a, db = colour[1] - b;
    spread += weights[std::size_t(i)] * (da * da + db * db);
  }
  spread /= total;
  Match match;
  match.cost = nearest[0].distance_squared * kFalloff + spread / (kColourSpread * kColourSpread);
  match.a = a;
  match.b = b;
  match.x = x;
  match.y = y;
  match.nearest = nearest[0].sample;
  return match;
}

// How much the reference shows the photo's scene, 0..1: the share of neighbouring photo points
// whose nearest samples are neighbours too, at the reference scale they agree on, as far apart as
// the points (a mirrored view counts). An unrelated reference scatters them: 3 to 20 % of pairs
// (median 10 %) land so by chance on BSDS500 val's 100 photos, where the photo's own colour
// version, mirrored and cropped, gives 10 to 49 % (median 31 %).
float coherence(const std::vector<Match>& matches, int columns, int rows, const Samples& samples) {
  int pairs = 0, coherent = 0;
  for (int y = 0; y < rows; ++y)
    for (int x = 0; x < columns; ++x)
      for (const auto& [dx, dy] : {std::pair<int, int>{1, 0}, std::pair<int, int>{0, 1}}) {
        if (x + dx >= columns || y + dy >= rows) continue;
        const std::array<int, 3>& a =
            samples.where[matches[std::size_t(y) * std::size_t(columns) + std::size_t(x)].nearest];
        const std::array<int, 3>& b =
            samples.where[matches[std::size_t(y + dy) * std::size_t(columns) + std::size_t(x + dx)]
                              .nearest];
        ++pairs;
        if (a[0] != b[0]) continue;
        const int ax = std::abs(b[1] - a[1]), ay = b[2] - a[2];
        // kPointStep apart in the same direction, give or take half of it (mirrored: either way
        // across).
        const int along = dx == 1 ? ax : ay, across = dx == 1 ? std::abs(ay) : ax;
        if (2 * std::abs(along - kPointStep) <= kPointStep && 2 * across <= kPointStep) ++coherent;
      }
  if (pairs == 0) return 0.0f;
  const float share = float(coherent) / float(pairs);
  return std::clamp((share - kChanceCoherence) / (kFullCoherence - kChanceCoherence), 0.0f, 1.0f);
}

double mean_chroma(const ImageF& lab) {
  double sum = 0.0;
  for (std::size_t p = 0; p < lab.pixel_count(); ++p) {
    const double a = double(lab.data()[3 * p + 1]), b = double(lab.data()[3 * p + 2]);
    sum += std::sqrt(a * a + b * b);
  }
  return sum / double(lab.pixel_count());
}

// The reference in CIELAB at the largest size matching uses.
ImageF reference_lab_for_matching(const Image8& reference) {
  const auto [width, height] =
      match_size(reference.width(), reference.height(), kReferenceScales.back());
  return rgb8_to_lab(resize(reference, width, height));
}

}  // namespace

void check_reference(const Image8& reference, const std::string& reference_name) {
  if (reference.channels() != 3) fail(reference_name, "the reference must be a colour (RGB) photo");
  if (reference.width() < kMinReferenceSide || reference.height() < kMinReferenceSide)
    fail(reference_name, "the reference is " + std::to_string(reference.width()) + "x" +
                             std::to_string(reference.height()) +
                             ", too small to match: at least " + std::to_string(kMinReferenceSide) +
                             " pixels a side");
  if (mean_chroma(reference_lab_for_matching(reference)) < kMinReferenceChroma)
    fail(reference_name, "the reference has no colour to give (it is gray): choose a colour photo");
}

std::vector<ColourHint> reference_hints(const ImageF& photo_lightness, const Image8& reference,
                                        const std::string& reference_name, float strength) {
  require_channels(photo_lightness, 1, "reference_hints");
  if (!(strength >= 0.0f && strength <= 1.0f))
    fail("reference strength", number_text(double(strength)) + " is outside 0..1");
  check_reference(reference, reference_name);
  const int image_width = photo_lightness.width(), image_height = photo_lightness.height();
  const auto [width, height] = match_size(image_width, image_height, 1.0);
  const ImageF photo = resize(photo_lightness, width, height);
  const Statistics photo_l = plane_statistics(photo, 0);
  const Samples samples = reference_samples(reference_lab_for_matching(reference), photo_l);
  const BoxSums photo_sums(photo);

  // Every kPointStep-th point of the photo matched.
  const int point_columns = (width + kPointStep - 1) / kPointStep;
  const int point_rows = (height + kPointStep - 1) / kPointStep;
  std::vector<Match> matches;
  for (int row = 0; row < point_rows; ++row)
    for (int column = 0; column < point_columns; ++column) {
      const int x = std::min(width - 1, column * kPointStep + kPointStep / 2);
      const int y = std::min(height - 1, row * kPointStep + kPointStep / 2);
      matches.push_back(match_point(feature_at(photo_sums, x, y), samples, x, y));
    }
  const float relatedness = coherence(matches, point_columns, point_rows, samples);

  // The grid: from 4 cells along the longer side at strength 0 to 16 at 1; a stronger setting
  // also takes less sure matches, and a reference that shares less with the photo (its matches
  // less coherent) takes surer ones, down to none for an unrelated one.
  const int cells_long = int(std::lround(4.0f + 12.0f * strength));
  const double cell_side = double(std::max(point_columns, point_rows)) / cells_long;
  const int columns = std::max(1, int(std::lround(point_columns / cell_side)));
  const int rows = std::max(1, int(std::lround(point_rows / cell_side)));
  const float acceptance = relatedness * (0.5f + strength);

  std::vector<ColourHint> hints;
  for (int row = 0; row < rows; ++row)
    for (int column = 0; column < columns; ++column) {
      // The cell's most confident point.
      const Match* best = nullptr;
      for (int y = row * point_rows / rows; y < (row + 1) * point_rows / rows; ++y)
        for (int x = column * point_columns / columns; x < (column + 1) * point_columns / columns;
             ++x) {
          const Match& match =
              matches[std::size_t(y) * std::size_t(point_columns) + std::size_t(x)];
          if (best == nullptr || match.cost < best->cost) best = &match;
        }
      if (best == nullptr || !(best->cost <= acceptance)) continue;
      ColourHint hint;
      hint.x = (best->x + 0.5) * image_width / width;
      hint.y = (best->y + 0.5) * image_height / height;
      const float l = photo_sums.mean(best->x, best->y, 1);
      hint.rgb = lab_to_srgb8({l, best->a, best->b});
      hints.push_back(hint);
    }
  return hints;
}

std::string hints_file_text(const std::vector<ColourHint>& hints, const std::string& reference) {
  Json json = parse_json(hints_to_json_text(hints), "hints");
  if (!reference.empty()) json["reference"] = reference;
  return dump_json(json, 2) + "\n";
}

std::string hints_reference(const std::string& json_text, const std::string& where) {
  const Json json = parse_json(json_text, where);
  json_object(json, where);
  if (!json.contains("reference")) return "";
  return json_string(json.at("reference"), where + ".reference");
}

std::vector<Rgb8> reference_palette(const Image8& reference, const std::string& reference_name,
                                    const std::vector<Rgb8>& palette) {
  check_reference(reference, reference_name);
  if (palette.size() < 2) fail("reference_palette", "a palette has at least 2 colours");
  const auto [width, height] = match_size(reference.width(), reference.height(), 1.0);
  KMeansOptions options;
  options.k = int(palette.size());
  options.distance = ColorDistance::kLab;
  options.threads = 1;
  const std::vector<Rgb8> dominant =
      fit_palette({resize(reference, width, height)}, options).palette.colors;
  // Every (swatch, dominant colour) pair by distance; the closest pairs are matched first.
  std::vector<std::tuple<float, std::size_t, std::size_t>> pairs;
  for (std::size_t i = 0; i < palette.size(); ++i)
    for (std::size_t j = 0; j < dominant.size(); ++j) {
      const Lab p = srgb8_to_lab(palette[i]), d = srgb8_to_lab(dominant[j]);
      const float dl = p.L - d.L, da = p.a - d.a, db = p.b - d.b;
      pairs.emplace_back(dl * dl + da * da + db * db, i, j);
    }
  std::sort(pairs.begin(), pairs.end());
  std::vector<Rgb8> swatches = palette;
  std::vector<bool> swatch_taken(palette.size(), false), colour_taken(dominant.size(), false);
  for (const auto& [distance, i, j] : pairs) {
    if (swatch_taken[i] || colour_taken[j]) continue;
    swatches[i] = dominant[j];
    swatch_taken[i] = colour_taken[j] = true;
  }
  return swatches;
}

}  // namespace tint
