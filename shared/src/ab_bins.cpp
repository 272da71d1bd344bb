#include "tint/ab_bins.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>

#include "tint/color_space.hpp"

namespace tint {
namespace {

constexpr int kRadius = AbBins::kMaxCentre / 10;  // grid cells -kRadius..kRadius per axis
constexpr int kCells = 2 * kRadius + 1;
constexpr float kReach = AbBins::kMaxCentre + 5.0f;  // the grid covers (-kReach, kReach)^2
constexpr int kMaxNeighbours = 5;

std::string describe(float a, float b) {
  return "(" + std::to_string(a) + ", " + std::to_string(b) + ")";
}

// Cell index 0..kCells-1 of a coordinate inside (-kReach, kReach): round(v / 10) + kRadius.
inline int cell_of(float v) {
  return std::min(static_cast<int>(v * 0.1f + (static_cast<float>(kRadius) + 0.5f)), kCells - 1);
}
inline bool in_grid(float a, float b) {
  return a > -kReach && a < kReach && b > -kReach && b < kReach;
}

inline float distance2(float a, float b, const std::array<float, 2>& centre) {
  const float da = a - centre[0], db = b - centre[1];
  return da * da + db * db;
}

// Channel layout of an ab image: 2-channel ab or 3-channel Lab (L ignored).
struct AbLayout {
  int first;   // channel of a
  int stride;  // channels per pixel
};
AbLayout ab_layout(const ImageF& image, const std::string& where) {
  if (image.empty()) fail(where, "empty image");
  if (image.channels() == 2) return {0, 2};
  if (image.channels() == 3) return {1, 3};
  fail(where, "expected a 2-channel ab or 3-channel Lab image, got " +
                  std::to_string(image.channels()) + " channel(s)");
}

void check_finite_pixel(const ImageF& image, std::size_t i, float a, float b,
                        const std::string& where) {
  if (std::isfinite(a) && std::isfinite(b)) return;
  const std::size_t width = static_cast<std::size_t>(image.width());
  fail(where, "non-finite ab " + describe(a, b) + " at pixel (" + std::to_string(i % width) + ", " +
                  std::to_string(i / width) + ")");
}

void check_soft_arguments(int neighbours, float sigma, const std::string& where) {
  if (neighbours < 1 || neighbours > kMaxNeighbours)
    fail(where, "neighbours must be 1.." + std::to_string(kMaxNeighbours) + ", got " +
                    std::to_string(neighbours));
  if (!(sigma > 0.0f) || !std::isfinite(sigma))
    fail(where, "sigma must be positive and finite, got " + std::to_string(sigma));
}

// The standard bins: cells round(a / 10), round(b / 10) of the 8-bit sRGB colours on the faces of
// the RGB cube, which reach every ab the whole cube reaches (see the header).
std::vector<std::array<float, 2>> derive_standard_centres() {
  bool kept[kCells][kCells] = {};
  auto mark = [&kept](std::uint8_t r, std::uint8_t g, std::uint8_t b) {
    const Lab lab = srgb8_to_lab({r, g, b});
    const long i = std::lround(lab.a / 10.0f) + kRadius;
    const long j = std::lround(lab.b / 10.0f) + kRadius;
    if (i < 0 || i >= kCells || j < 0 || j >= kCells)
      fail("AbBins::standard", "sRGB colour outside the ab grid");
    kept[i][j] = true;
  };
  for (int u = 0; u < 256; ++u)
    for (int v = 0; v < 256; ++v) {
      const auto cu = static_cast<std::uint8_t>(u), cv = static_cast<std::uint8_t>(v);
      for (const std::uint8_t face : {std::uint8_t{0}, std::uint8_t{255}}) {
        mark(face, cu, cv);
        mark(cu, face, cv);
        mark(cu, cv, face);
      }
    }
  std::vector<std::array<float, 2>> centres;
  for (int i = 0; i < kCells; ++i)
    for (int j = 0; j < kCells; ++j)
      if (kept[i][j])
        centres.push_back(
            {static_cast<float>(10 * (i - kRadius)), static_cast<float>(10 * (j - kRadius))});
  return centres;
}

// e^x for x <= 0 from basic operations (vectorisable, identical in every build): 2^n e^r with
// |r| <= ln(2) / 2 and a degree-7 Taylor polynomial, relative error below 2e-7. Below -87, and for
// NaN, it returns 0.
inline float exp_nonpositive(float x) {
  const bool in_range = x >= -87.0f;
  const float xc = in_range ? x : -87.0f;
  const int n = static_cast<int>(xc * 1.44269504f - 0.5f);  // round(x / ln 2), x / ln 2 <= 0
  const float fn = static_cast<float>(n);
  const float r = (xc - fn * 0.693359375f) + fn * 2.12194440e-4f;  // Cody-Waite ln 2
  const float p =
      1.0f + r * (1.0f + r * (0.5f + r * (1.0f / 6.0f +
                                          r * (1.0f / 24.0f +
                                               r * (1.0f / 120.0f +
                                                    r * (1.0f / 720.0f + r * (1.0f / 5040.0f)))))));
  const std::uint32_t bits = static_cast<std::uint32_t>(n + 127) << 23;  // 2^n, n >= -126
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return in_range ? p * scale : 0.0f;
}

// ln x for a positive normal float, from basic operations: x = m 2^e with m in [sqrt(1/2),
// sqrt(2)), ln m = 2 atanh((m - 1) / (m + 1)) by its series; within a few float ulps of ln x.
inline float log_normal(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  int e = static_cast<int>(bits >> 23) - 127;
  bits = (bits & 0x007fffffu) | 0x3f800000u;
  float m;
  std::memcpy(&m, &bits, sizeof m);
  const bool high = m > 1.41421356f;
  m = high ? m * 0.5f : m;
  e = high ? e + 1 : e;
  const float s = (m - 1.0f) / (m + 1.0f);
  const float s2 = s * s;
  const float series =
      2.0f * s *
      (1.0f + s2 * (1.0f / 3.0f + s2 * (1.0f / 5.0f + s2 * (1.0f / 7.0f + s2 * (1.0f / 9.0f)))));
  const float fe = static_cast<float>(e);
  return fe * 0.693145752f + (fe * 1.42860677e-6f + series);  // ln 2 = hi + lo
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// AbBins

const AbBins& AbBins::standard() {
  static const AbBins instance = [] {
    AbBins bins(derive_standard_centres());
    if (bins.size() != kStandardAbBinCount)
      fail("AbBins::standard", "derived " + std::to_string(bins.size()) + " bins, expected " +
                                   std::to_string(kStandardAbBinCount));
    return bins;
  }();
  return instance;
}

AbBins AbBins::from_centres(const std::vector<std::array<float, 2>>& centres) {
  const std::string where = "AbBins::from_centres";
  if (centres.empty()) fail(where, "no centres");
  std::vector<bool> seen(kCells * kCells, false);
  for (std::size_t q = 0; q < centres.size(); ++q) {
    const float a = centres[q][0], b = centres[q][1];
    const bool on_grid = std::isfinite(a) && std::isfinite(b) && std::fmod(a, 10.0f) == 0.0f &&
                         std::fmod(b, 10.0f) == 0.0f &&
                         std::abs(a) <= static_cast<float>(kMaxCentre) &&
                         std::abs(b) <= static_cast<float>(kMaxCentre);
    if (!on_grid)
      fail(where, "centre " + std::to_string(q) + " " + describe(a, b) +
                      " is not a multiple of 10 within +-" + std::to_string(kMaxCentre));
    const int cell = cell_of(a) * kCells + cell_of(b);
    if (seen[cell]) fail(where, "centre " + std::to_string(q) + " " + describe(a, b) + " repeats");
    seen[cell] = true;
  }
  return AbBins(centres);
}

AbBins::AbBins(std::vector<std::array<float, 2>> centres) : centres_(std::move(centres)) {
  const int q_count = size();
  cell_bin_.assign(kCells * kCells, -1);
  for (int q = 0; q < q_count; ++q)
    cell_bin_[cell_of(centres_[q][0]) * kCells + cell_of(centres_[q][1])] = q;

  // A bin can be nearest somewhere in a cell only if its least distance to the cell is within
  // the smallest greatest distance of any bin to it. The cell is widened by a slop and the bound
  // by a margin, so that float rounding in the lookup and the distances never loses a bin.
  constexpr double kSlop = 0.01;
  cell_start_.reserve(kCells * kCells + 1);
  cell_start_.push_back(0);
  std::vector<double> least(q_count);
  for (int i = 0; i < kCells; ++i)
    for (int j = 0; j < kCells; ++j) {
      const double a_lo = 10.0 * (i - kRadius) - 5.0 - kSlop, a_hi = a_lo + 10.0 + 2.0 * kSlop;
      const double b_lo = 10.0 * (j - kRadius) - 5.0 - kSlop, b_hi = b_lo + 10.0 + 2.0 * kSlop;
      double bound = std::numeric_limits<double>::infinity();
      for (int q = 0; q < q_count; ++q) {
        const double ca = static_cast<double>(centres_[q][0]);
        const double cb = static_cast<double>(centres_[q][1]);
        const double near_a = ca < a_lo ? a_lo - ca : (ca > a_hi ? ca - a_hi : 0.0);
        const double near_b = cb < b_lo ? b_lo - cb : (cb > b_hi ? cb - b_hi : 0.0);
        const double far_a = std::max(std::abs(ca - a_lo), std::abs(ca - a_hi));
        const double far_b = std::max(std::abs(cb - b_lo), std::abs(cb - b_hi));
        least[q] = near_a * near_a + near_b * near_b;
        bound = std::min(bound, far_a * far_a + far_b * far_b);
      }
      bound = bound * (1.0 + 1e-4) + 1e-3;
      for (int q = 0; q < q_count; ++q)
        if (least[q] <= bound) cell_candidates_.push_back(q);
      cell_start_.push_back(static_cast<std::int32_t>(cell_candidates_.size()));
    }
}

int AbBins::find(int a, int b) const {
  if (a % 10 != 0 || b % 10 != 0 || std::abs(a) > kMaxCentre || std::abs(b) > kMaxCentre) return -1;
  return cell_bin_[(a / 10 + kRadius) * kCells + (b / 10 + kRadius)];
}

int AbBins::nearest_by_scan(float a, float b) const {
  int best = 0;
  float best_d = distance2(a, b, centres_[0]);
  for (int q = 1; q < size(); ++q) {
    const float d = distance2(a, b, centres_[q]);
    if (d < best_d) {
      best_d = d;
      best = q;
    }
  }
  return best;
}

int AbBins::nearest(float a, float b) const {
  if (in_grid(a, b)) {
    const int cell = cell_of(a) * kCells + cell_of(b);
    const int own = cell_bin_[cell];
    // Strictly inside its own kept cell a value is nearest to that cell's centre.
    if (own >= 0 && std::abs(a - centres_[own][0]) < 5.0f && std::abs(b - centres_[own][1]) < 5.0f)
      return own;
    int best = -1;
    float best_d = std::numeric_limits<float>::infinity();
    for (int k = cell_start_[cell]; k < cell_start_[cell + 1]; ++k) {
      const int q = cell_candidates_[k];
      const float d = distance2(a, b, centres_[q]);
      if (d < best_d) {
        best_d = d;
        best = q;
      }
    }
    return best;
  }
  if (!std::isfinite(a) || !std::isfinite(b))
    fail("AbBins::nearest", "non-finite ab " + describe(a, b));
  return nearest_by_scan(a, b);
}

std::vector<std::int32_t> AbBins::nearest_bins(const ImageF& ab) const {
  const std::string where = "AbBins::nearest_bins";
  const AbLayout layout = ab_layout(ab, where);
  std::vector<std::int32_t> bins(ab.pixel_count());
  const float* in = ab.data() + layout.first;
  for (std::size_t i = 0; i < bins.size(); ++i, in += layout.stride) {
    check_finite_pixel(ab, i, in[0], in[1], where);
    bins[i] = nearest(in[0], in[1]);
  }
  return bins;
}

SoftCode AbBins::encode(float a, float b, int neighbours, float sigma) const {
  struct Item {
    float d;
    int q;
  };
  Item best[kMaxNeighbours];
  int found = 0;
  auto offer = [&](int q) {
    const Item item{distance2(a, b, centres_[q]), q};
    auto before = [](const Item& x, const Item& y) {
      return x.d < y.d || (x.d == y.d && x.q < y.q);
    };
    if (found == neighbours && !before(item, best[found - 1])) return;
    int at = found < neighbours ? found++ : found - 1;
    while (at > 0 && before(item, best[at - 1])) {
      best[at] = best[at - 1];
      --at;
    }
    best[at] = item;
  };
  // Windows of (2 r + 1)^2 cells around the value's cell, r = 1 then 2: the result is exact once
  // the k-th distance is below that of any centre outside the window (10 r + 5, less a slop).
  bool done = false;
  if (in_grid(a, b)) {
    const int ci = cell_of(a), cj = cell_of(b);
    for (int r = 1; r <= 2 && !done; ++r) {
      found = 0;
      for (int i = std::max(ci - r, 0); i <= std::min(ci + r, kCells - 1); ++i)
        for (int j = std::max(cj - r, 0); j <= std::min(cj + r, kCells - 1); ++j) {
          const int q = cell_bin_[i * kCells + j];
          if (q >= 0) offer(q);
        }
      const float safe = 10.0f * static_cast<float>(r) + 4.0f;
      done = found == neighbours && best[found - 1].d < safe * safe;
    }
  }
  if (!done) {
    found = 0;
    for (int q = 0; q < size(); ++q) offer(q);
  }

  SoftCode code{};
  code.count = found;
  const float scale = -1.0f / (2.0f * sigma * sigma);
  float total = 0.0f;
  for (int n = 0; n < found; ++n) {
    code.bins[n] = best[n].q;
    // Relative to the nearest: the largest weight is exp(0) = 1 and nothing underflows first.
    code.weights[n] = std::exp((best[n].d - best[0].d) * scale);
    total += code.weights[n];
  }
  for (int n = 0; n < found; ++n) code.weights[n] /= total;
  for (int n = found; n < kMaxNeighbours; ++n) {
    code.bins[n] = -1;
    code.weights[n] = 0.0f;
  }
  return code;
}

SoftCode AbBins::soft_encode(float a, float b, int neighbours, float sigma) const {
  const std::string where = "AbBins::soft_encode";
  check_soft_arguments(neighbours, sigma, where);
  if (!std::isfinite(a) || !std::isfinite(b)) fail(where, "non-finite ab " + describe(a, b));
  return encode(a, b, neighbours, sigma);
}

std::vector<float> AbBins::soft_encode_dense(const ImageF& ab, int neighbours, float sigma) const {
  if (ab.empty()) fail("AbBins::soft_encode_dense", "empty image");
  std::vector<float> out(static_cast<std::size_t>(size()) * ab.pixel_count());
  soft_encode_dense(ab, out.data(), out.size(), neighbours, sigma);
  return out;
}

void AbBins::soft_encode_dense(const ImageF& ab, float* out, std::size_t out_size, int neighbours,
                               float sigma) const {
  const std::string where = "AbBins::soft_encode_dense";
  const AbLayout layout = ab_layout(ab, where);
  check_soft_arguments(neighbours, sigma, where);
  const std::size_t plane = ab.pixel_count();
  const std::size_t expected = static_cast<std::size_t>(size()) * plane;
  if (out == nullptr) fail(where, "null output buffer");
  if (out_size != expected)
    fail(where, "output buffer holds " + std::to_string(out_size) + " floats, expected " +
                    std::to_string(expected) + " (" + std::to_string(size()) + " x " +
                    std::to_string(ab.height()) + " x " + std::to_string(ab.width()) + ")");
  std::fill(out, out + expected, 0.0f);
  const float* in = ab.data() + layout.first;
  for (std::size_t i = 0; i < plane; ++i, in += layout.stride) {
    check_finite_pixel(ab, i, in[0], in[1], where);
    const SoftCode code = encode(in[0], in[1], neighbours, sigma);
    for (int n = 0; n < code.count; ++n)
      out[static_cast<std::size_t>(code.bins[n]) * plane + i] = code.weights[n];
  }
}

SoftTargets AbBins::soft_encode_sparse(const ImageF& ab, int neighbours, float sigma) const {
  const std::string where = "AbBins::soft_encode_sparse";
  const AbLayout layout = ab_layout(ab, where);
  check_soft_arguments(neighbours, sigma, where);
  SoftTargets targets;
  targets.width = ab.width();
  targets.height = ab.height();
  targets.neighbours = neighbours;
  const std::size_t k = static_cast<std::size_t>(neighbours);
  targets.bins.resize(ab.pixel_count() * k);
  targets.weights.resize(ab.pixel_count() * k);
  const float* in = ab.data() + layout.first;
  for (std::size_t i = 0; i < ab.pixel_count(); ++i, in += layout.stride) {
    check_finite_pixel(ab, i, in[0], in[1], where);
    const SoftCode code = encode(in[0], in[1], neighbours, sigma);
    for (std::size_t n = 0; n < k; ++n) {
      targets.bins[i * k + n] = code.bins[n];
      targets.weights[i * k + n] = code.weights[n];
    }
  }
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Prior and rebalancing

AbPriorAccumulator::AbPriorAccumulator(const AbBins& bins)
    : bins_(bins), counts_(static_cast<std::size_t>(bins.size()), 0) {}

void AbPriorAccumulator::add(const ImageF& ab) {
  const std::string where = "AbPriorAccumulator::add";
  const AbLayout layout = ab_layout(ab, where);
  const float* in = ab.data() + layout.first;
  // Validate the whole image first so that a bad pixel leaves the counts untouched.
  for (std::size_t i = 0; i < ab.pixel_count(); ++i)
    check_finite_pixel(ab, i, in[i * layout.stride], in[i * layout.stride + 1], where);
  for (std::size_t i = 0; i < ab.pixel_count(); ++i, in += layout.stride)
    ++counts_[static_cast<std::size_t>(bins_.nearest(in[0], in[1]))];
  pixels_ += ab.pixel_count();
}

std::vector<double> AbPriorAccumulator::prior(float smoothing_sigma) const {
  const std::string where = "AbPriorAccumulator::prior";
  if (pixels_ == 0) fail(where, "no pixels added");
  if (!(smoothing_sigma >= 0.0f) || !std::isfinite(smoothing_sigma))
    fail(where,
         "smoothing sigma must be non-negative and finite, got " + std::to_string(smoothing_sigma));
  const std::size_t q_count = counts_.size();
  std::vector<double> p(q_count);
  for (std::size_t q = 0; q < q_count; ++q)
    p[q] = static_cast<double>(counts_[q]) / static_cast<double>(pixels_);
  if (smoothing_sigma == 0.0f) return p;

  const double sigma = static_cast<double>(smoothing_sigma);
  const double scale = -1.0 / (2.0 * sigma * sigma);
  const auto& c = bins_.centres();
  std::vector<double> smoothed(q_count, 0.0), kernel(q_count);
  for (std::size_t r = 0; r < q_count; ++r) {
    if (p[r] == 0.0) continue;
    double total = 0.0;
    for (std::size_t q = 0; q < q_count; ++q) {
      const double da = static_cast<double>(c[q][0] - c[r][0]);
      const double db = static_cast<double>(c[q][1] - c[r][1]);
      kernel[q] = std::exp((da * da + db * db) * scale);
      total += kernel[q];
    }
    for (std::size_t q = 0; q < q_count; ++q) smoothed[q] += p[r] * kernel[q] / total;
  }
  return smoothed;
}

std::vector<float> rebalancing_weights(const std::vector<double>& prior, double lambda,
                                       const AbBins& bins) {
  const std::string where = "rebalancing_weights";
  if (prior.size() != static_cast<std::size_t>(bins.size()))
    fail(where, "prior has " + std::to_string(prior.size()) + " entries, expected " +
                    std::to_string(bins.size()));
  if (!(lambda >= 0.0 && lambda <= 1.0))
    fail(where, "lambda must be in [0, 1], got " + std::to_string(lambda));
  double sum = 0.0;
  for (std::size_t q = 0; q < prior.size(); ++q) {
    if (!(prior[q] >= 0.0) || !std::isfinite(prior[q]))
      fail(where, "prior entry " + std::to_string(q) + " is " + std::to_string(prior[q]) +
                      ", expected a non-negative finite probability");
    sum += prior[q];
  }
  if (std::abs(sum - 1.0) > 1e-4) fail(where, "prior sums to " + std::to_string(sum) + ", not 1");

  const double uniform = 1.0 / static_cast<double>(prior.size());
  std::vector<double> raw(prior.size());
  for (std::size_t q = 0; q < prior.size(); ++q) {
    const double mixed = (1.0 - lambda) * prior[q] + lambda * uniform;
    raw[q] = mixed > 0.0 ? 1.0 / mixed : 0.0;  // lambda = 0 and p_q = 0: never seen, weight 0
  }
  // Scale so that sum_q p_q w_q = 1. Only with lambda = 0 can a weight overflow a float (p_q
  // below about 1e-38, e.g. the far tail of a smoothed prior): such a bin is as good as never
  // seen and also weighs 0; dropping it raises the others, so repeat until none overflows.
  constexpr double kLargest = static_cast<double>(std::numeric_limits<float>::max());
  double expectation = 0.0;
  for (bool changed = true; changed;) {
    expectation = 0.0;
    for (std::size_t q = 0; q < prior.size(); ++q) expectation += prior[q] * raw[q];
    changed = false;
    for (std::size_t q = 0; q < prior.size(); ++q)
      if (raw[q] != 0.0 && !(raw[q] / expectation <= kLargest)) {
        raw[q] = 0.0;
        changed = true;
      }
  }
  std::vector<float> weights(prior.size());
  for (std::size_t q = 0; q < prior.size(); ++q)
    weights[q] = static_cast<float>(raw[q] / expectation);
  return weights;
}

// ---------------------------------------------------------------------------------------------
// Annealed mean

ImageF annealed_mean(const float* scores, int width, int height, float temperature, ScoreKind kind,
                     const AbBins& bins) {
  const std::string where = "annealed_mean";
  if (scores == nullptr) fail(where, "null scores");
  check_image_size(width, height, kDefaultMaxPixels, where);
  if (!(temperature > 0.0f))
    fail(where, "temperature must be positive, got " + std::to_string(temperature));

  // Pixels are decoded in tiles: for each bin, the tile's run of that bin's plane is contiguous,
  // and the per-pixel accumulators of the tile stay in the first-level cache.
  constexpr std::size_t kTile = 256;
  const std::size_t plane = static_cast<std::size_t>(width) * static_cast<std::size_t>(height);
  const int q_count = bins.size();
  const auto& centres = bins.centres();
  const bool mode = temperature <= 1e-3f;
  const float inverse_t = 1.0f / temperature;
  const bool probabilities = kind == ScoreKind::kProbabilities;
  constexpr float kTiny = std::numeric_limits<float>::min();

  ImageF out(width, height, 2);
  float top[kTile], check[kTile], sum[kTile], sum_a[kTile], sum_b[kTile];
  float arg[kTile];  // bin index as a float (exact below 2^24): the selects vectorise
  for (std::size_t start = 0; start < plane; start += kTile) {
    const std::size_t n = std::min(kTile, plane - start);
    // Pass 1: the largest score of each pixel (for the mode, also its first bin). check collects
    // s * 0, which is NaN exactly when some score is infinite or NaN.
    const float* first = scores + start;
    for (std::size_t p = 0; p < n; ++p) {
      top[p] = first[p];
      check[p] = first[p] * 0.0f;
      arg[p] = 0.0f;
    }
    for (int q = 1; q < q_count; ++q) {
      const float* s = scores + static_cast<std::size_t>(q) * plane + start;
      if (mode) {
        const float bin = static_cast<float>(q);
        for (std::size_t p = 0; p < n; ++p) {
          const float value = s[p], best = top[p];
          const float higher = value > best ? 1.0f : 0.0f;
          arg[p] += higher * (bin - arg[p]);  // exact: small integers
          top[p] = value > best ? value : best;
          check[p] += value * 0.0f;
        }
      } else {
        for (std::size_t p = 0; p < n; ++p) {
          top[p] = s[p] > top[p] ? s[p] : top[p];
          check[p] += s[p] * 0.0f;
        }
      }
    }
    for (std::size_t p = 0; p < n; ++p)
      if (!(check[p] == 0.0f)) {
        const std::size_t i = start + p, w = static_cast<std::size_t>(width);
        fail(where, "non-finite score at pixel (" + std::to_string(i % w) + ", " +
                        std::to_string(i / w) + ")");
      }

    float* o = out.data() + 2 * start;
    if (mode) {
      for (std::size_t p = 0; p < n; ++p) {
        const auto& centre = centres[static_cast<std::size_t>(arg[p])];
        o[2 * p] = centre[0];
        o[2 * p + 1] = centre[1];
      }
      continue;
    }

    // Pass 2: weights relative to the largest (so the largest is exactly 1 and nothing
    // overflows), summed with the centres they weigh.
    for (std::size_t p = 0; p < n; ++p) {
      sum[p] = sum_a[p] = sum_b[p] = 0.0f;
      if (probabilities) top[p] = log_normal(std::max(top[p], kTiny));
    }
    for (int q = 0; q < q_count; ++q) {
      const float* s = scores + static_cast<std::size_t>(q) * plane + start;
      const float ca = centres[static_cast<std::size_t>(q)][0];
      const float cb = centres[static_cast<std::size_t>(q)][1];
      if (probabilities) {
        for (std::size_t p = 0; p < n; ++p) {
          const float e = exp_nonpositive((log_normal(std::max(s[p], kTiny)) - top[p]) * inverse_t);
          sum[p] += e;
          sum_a[p] += e * ca;
          sum_b[p] += e * cb;
        }
      } else {
        for (std::size_t p = 0; p < n; ++p) {
          const float e = exp_nonpositive((s[p] - top[p]) * inverse_t);
          sum[p] += e;
          sum_a[p] += e * ca;
          sum_b[p] += e * cb;
        }
      }
    }
    for (std::size_t p = 0; p < n; ++p) {
      o[2 * p] = sum_a[p] / sum[p];
      o[2 * p + 1] = sum_b[p] / sum[p];
    }
  }
  return out;
}

std::array<float, 2> annealed_mean(const std::vector<float>& scores, float temperature,
                                   ScoreKind kind, const AbBins& bins) {
  if (scores.size() != static_cast<std::size_t>(bins.size()))
    fail("annealed_mean", "expected " + std::to_string(bins.size()) + " scores, got " +
                              std::to_string(scores.size()));
  const ImageF ab = annealed_mean(scores.data(), 1, 1, temperature, kind, bins);
  return {ab.data()[0], ab.data()[1]};
}

}  // namespace tint
