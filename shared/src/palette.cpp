#include "tint/palette.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "parallel.hpp"
#include "tint/random.hpp"

namespace tint {
namespace {

constexpr std::size_t kChunk = 16384;  // points per parallel chunk (fixed: results stay identical)
constexpr std::size_t kBlock = 256;    // points per vectorised assignment block

// Points in structure-of-arrays layout so the distance loop vectorises.
struct Points {
  std::vector<float> x, y, z;
  std::size_t size() const { return x.size(); }
  void push(const Vec3& p) {
    x.push_back(p[0]);
    y.push_back(p[1]);
    z.push_back(p[2]);
  }
};

Vec3 to_space(const std::uint8_t* rgb, ColorDistance distance) {
  if (distance == ColorDistance::kRgb) return {float(rgb[0]), float(rgb[1]), float(rgb[2])};
  const Lab lab = srgb8_to_lab({rgb[0], rgb[1], rgb[2]});
  return {lab.L, lab.a, lab.b};
}

Rgb8 from_space(const Vec3& p, ColorDistance distance) {
  if (distance == ColorDistance::kLab) return lab_to_srgb8({p[0], p[1], p[2]});
  Rgb8 rgb;
  for (int c = 0; c < 3; ++c)
    rgb[c] = static_cast<std::uint8_t>(std::clamp(std::lround(p[c]), 0L, 255L));
  return rgb;
}

// For points [begin, end): the nearest centroid and the squared distance to it.
void assign(const float* x, const float* y, const float* z, std::size_t begin, std::size_t end,
            const std::vector<Vec3>& centroids, std::int32_t* label, float* best) {
  for (std::size_t block = begin; block < end; block += kBlock) {
    const std::size_t stop = std::min(end, block + kBlock);
    for (std::size_t i = block; i < stop; ++i) {
      best[i] = std::numeric_limits<float>::infinity();
      label[i] = 0;
    }
    for (std::int32_t k = 0; k < static_cast<std::int32_t>(centroids.size()); ++k) {
      const float cx = centroids[k][0], cy = centroids[k][1], cz = centroids[k][2];
      for (std::size_t i = block; i < stop; ++i) {
        const float dx = x[i] - cx, dy = y[i] - cy, dz = z[i] - cz;
        const float d = dx * dx + dy * dy + dz * dz;
        // A mask rather than a branch so that the loop vectorises.
        const std::int32_t closer = -static_cast<std::int32_t>(d < best[i]);
        best[i] = d < best[i] ? d : best[i];
        label[i] = (k & closer) | (label[i] & ~closer);
      }
    }
  }
}

Points sample_points(const std::vector<Image8>& images, const KMeansOptions& options) {
  Random random(options.seed);
  Points points;
  for (std::size_t n = 0; n < images.size(); ++n) {
    const Image8& image = images[n];
    require_channels(image, 3, "fit_palette: image " + std::to_string(n));
    for (std::size_t i = 0; i < image.pixel_count(); ++i)
      if (options.sample_fraction >= 1.0 || random.uniform() < options.sample_fraction)
        points.push(to_space(image.data() + 3 * i, options.distance));
  }
  return points;
}

// k-means++: each next centre drawn with probability proportional to the squared distance to
// the nearest centre chosen so far.
std::vector<Vec3> seed_centroids(const Points& points, int k, Random& random, int threads) {
  const std::size_t n = points.size();
  std::vector<Vec3> centroids;
  const auto point = [&](std::size_t i) { return Vec3{points.x[i], points.y[i], points.z[i]}; };
  centroids.push_back(point(random.below(n)));
  std::vector<float> nearest(n, std::numeric_limits<float>::infinity());
  std::vector<std::int32_t> unused_labels(n);
  std::vector<float> distance(n);
  std::vector<double> chunk_sums(detail::chunk_count(n, kChunk));
  while (static_cast<int>(centroids.size()) < k) {
    const std::vector<Vec3> latest{centroids.back()};
    detail::for_each_chunk(n, kChunk, threads,
                           [&](std::size_t chunk, std::size_t b, std::size_t e) {
                             assign(points.x.data(), points.y.data(), points.z.data(), b, e, latest,
                                    unused_labels.data(), distance.data());
                             double sum = 0.0;
                             for (std::size_t i = b; i < e; ++i) {
                               nearest[i] = std::min(nearest[i], distance[i]);
                               sum += double(nearest[i]);
                             }
                             chunk_sums[chunk] = sum;
                           });
    double total = 0.0;
    for (double s : chunk_sums) total += s;
    std::size_t chosen = 0;
    if (total > 0.0) {
      double target = random.uniform() * total;
      std::size_t chunk = 0;
      while (chunk + 1 < chunk_sums.size() && target >= chunk_sums[chunk])
        target -= chunk_sums[chunk++];
      chosen = chunk * kChunk;
      const std::size_t last = std::min(n, chosen + kChunk) - 1;
      for (; chosen < last; ++chosen) {
        if (target < double(nearest[chosen])) break;
        target -= double(nearest[chosen]);
      }
    } else {
      // Fewer distinct colours than K: every point already coincides with a centre.
      chosen = random.below(n);
    }
    centroids.push_back(point(chosen));
  }
  return centroids;
}

}  // namespace

std::string to_string(ColorDistance distance) {
  return distance == ColorDistance::kLab ? "lab" : "rgb";
}

ColorDistance color_distance_from_string(const std::string& name, const std::string& where) {
  if (name == "rgb") return ColorDistance::kRgb;
  if (name == "lab") return ColorDistance::kLab;
  fail(where, "unknown colour space '" + name + "' (expected rgb or lab)");
}

KMeansResult fit_palette(const std::vector<Image8>& images, const KMeansOptions& options) {
  const std::string where = "fit_palette";
  if (images.empty()) fail(where, "no images");
  if (options.k < 2 || options.k > 256)
    fail(where, "K must be in 2..256, got " + std::to_string(options.k));
  if (!(options.sample_fraction > 0.0 && options.sample_fraction <= 1.0))
    fail(where,
         "sample fraction must be in (0, 1], got " + std::to_string(options.sample_fraction));
  if (options.max_iterations < 1) fail(where, "max_iterations must be at least 1");
  if (!(options.tolerance >= 0.0)) fail(where, "tolerance must be >= 0");

  const Points points = sample_points(images, options);
  const std::size_t n = points.size();
  if (n < static_cast<std::size_t>(options.k))
    fail(where, "K = " + std::to_string(options.k) + " is larger than the " + std::to_string(n) +
                    " sampled pixels");

  Random random(options.seed ^ 0x5DEECE66Dull);
  std::vector<Vec3> centroids = seed_centroids(points, options.k, random, options.threads);
  const std::size_t chunks = detail::chunk_count(n, kChunk);
  std::vector<std::int32_t> label(n);
  std::vector<float> distance(n);
  // Per chunk: per-centroid sums (x, y, z, count) in double, reduced in chunk order.
  std::vector<std::array<double, 4>> partial(chunks * options.k);
  std::vector<double> chunk_inertia(chunks);

  KMeansResult result;
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    detail::for_each_chunk(n, kChunk, options.threads,
                           [&](std::size_t chunk, std::size_t b, std::size_t e) {
                             assign(points.x.data(), points.y.data(), points.z.data(), b, e,
                                    centroids, label.data(), distance.data());
                             std::array<double, 4>* sums = &partial[chunk * options.k];
                             std::fill(sums, sums + options.k, std::array<double, 4>{0, 0, 0, 0});
                             double inertia = 0.0;
                             for (std::size_t i = b; i < e; ++i) {
                               std::array<double, 4>& s = sums[label[i]];
                               s[0] += double(points.x[i]);
                               s[1] += double(points.y[i]);
                               s[2] += double(points.z[i]);
                               s[3] += 1.0;
                               inertia += double(distance[i]);
                             }
                             chunk_inertia[chunk] = inertia;
                           });
    std::vector<std::array<double, 4>> totals(options.k, {0, 0, 0, 0});
    double inertia = 0.0;
    for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
      inertia += chunk_inertia[chunk];
      for (int k = 0; k < options.k; ++k)
        for (int c = 0; c < 4; ++c) totals[k][c] += partial[chunk * options.k + k][c];
    }
    double largest_shift = 0.0;
    for (int k = 0; k < options.k; ++k) {
      Vec3 next;
      if (totals[k][3] > 0.0) {
        for (int c = 0; c < 3; ++c) next[c] = static_cast<float>(totals[k][c] / totals[k][3]);
      } else {
        // An empty cluster restarts at the point furthest from its centroid.
        const std::size_t far = static_cast<std::size_t>(
            std::max_element(distance.begin(), distance.end()) - distance.begin());
        next = {points.x[far], points.y[far], points.z[far]};
        distance[far] = 0.0f;
      }
      double shift = 0.0;
      for (int c = 0; c < 3; ++c)
        shift += double(next[c] - centroids[k][c]) * double(next[c] - centroids[k][c]);
      largest_shift = std::max(largest_shift, std::sqrt(shift));
      centroids[k] = next;
    }
    result.iterations = iteration;
    result.inertia = inertia / static_cast<double>(n);
    if (largest_shift <= options.tolerance) {
      result.converged = true;
      break;
    }
  }

  result.samples = n;
  result.palette.distance = options.distance;
  std::vector<std::pair<Lab, Rgb8>> sorted;
  for (const Vec3& c : centroids) {
    const Rgb8 rgb = from_space(c, options.distance);
    sorted.emplace_back(srgb8_to_lab(rgb), rgb);
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& p, const auto& q) {
    return std::tie(p.first.L, p.first.a, p.first.b) < std::tie(q.first.L, q.first.a, q.first.b);
  });
  for (const auto& entry : sorted) result.palette.colors.push_back(entry.second);
  return result;
}

Image8 map_to_palette(const Image8& rgb, const Palette& palette, int threads) {
  require_channels(rgb, 3, "map_to_palette");
  if (palette.colors.empty() || palette.colors.size() > 256)
    fail("map_to_palette",
         "palette must have 1..256 colours, has " + std::to_string(palette.colors.size()));
  std::vector<Vec3> centroids;
  for (const Rgb8& c : palette.colors) centroids.push_back(to_space(c.data(), palette.distance));
  const std::size_t n = rgb.pixel_count();
  Image8 classes(rgb.width(), rgb.height(), 1);
  detail::for_each_chunk(n, kChunk, threads, [&](std::size_t, std::size_t b, std::size_t e) {
    std::array<float, kBlock> x, y, z, best;
    std::array<std::int32_t, kBlock> label;
    for (std::size_t block = b; block < e; block += kBlock) {
      const std::size_t count = std::min(kBlock, e - block);
      for (std::size_t i = 0; i < count; ++i) {
        const Vec3 p = to_space(rgb.data() + 3 * (block + i), palette.distance);
        x[i] = p[0];
        y[i] = p[1];
        z[i] = p[2];
      }
      assign(x.data(), y.data(), z.data(), 0, count, centroids, label.data(), best.data());
      for (std::size_t i = 0; i < count; ++i)
        classes.data()[block + i] = static_cast<std::uint8_t>(label[i]);
    }
  });
  return classes;
}

Image8 decode_classes(const Image8& classes, const Palette& palette) {
  require_channels(classes, 1, "decode_classes");
  Image8 rgb(classes.width(), classes.height(), 3);
  for (std::size_t i = 0; i < classes.pixel_count(); ++i) {
    const std::size_t index = classes.data()[i];
    if (index >= palette.colors.size())
      fail("decode_classes", "class " + std::to_string(index) + " at pixel " + std::to_string(i) +
                                 " is outside the palette of " +
                                 std::to_string(palette.colors.size()) + " colours");
    std::copy(palette.colors[index].begin(), palette.colors[index].end(), rgb.data() + 3 * i);
  }
  return rgb;
}

ImageF classes_to_ab(const Image8& classes, const Palette& palette) {
  return take_channels(rgb8_to_lab(decode_classes(classes, palette)), 1, 2);
}

}  // namespace tint
