// Quantised ab space of Zhang, Isola & Efros 2016 ("Colorful Image Colorization"): bins of size 10
// over (a, b) with centres at multiples of 10, soft encoding of ab targets, the empirical prior and
// its class-rebalancing weights, and annealed-mean decoding of per-pixel bin scores.
//
// The standard bins are derived, not tabulated: a bin (10 i, 10 j) is kept when some 8-bit sRGB
// colour, converted with srgb8_to_lab, has round(a / 10) == i and round(b / 10) == j (rounding
// half away from zero), i.e. when its cell, the square of side 10 around the centre, holds an
// 8-bit sRGB colour. That gives Q = 261 bins (a in -90..100, b in -110..90), ordered by a, then b;
// the nearest bin of any 8-bit pixel is its own cell.
// Zhang et al. report 313 for their gamut; no natural sRGB definition tried reproduces it (every
// "cell holds an sRGB colour" variant gives 261, see docs/ab-bins.md), so 313 must count cells no
// sRGB colour falls in. Their 313 centres can still be used through AbBins::from_centres.
//
// The derivation converts the 6 faces of the RGB cube (every ab reachable inside the cube is
// reached on its surface: a line of constant ab through a gamut point leaves the gamut through
// its boundary); a test checks that all 2^24 colours give the same set. It uses only the core's
// conversions and IEEE basic arithmetic, so native and WASM builds keep the same bins; it runs
// once (a few tens of milliseconds) and is cached.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "tint/image.hpp"

namespace tint {

// Number of bins in AbBins::standard(), for fixed model shapes.
inline constexpr int kStandardAbBinCount = 261;

// The `count` nearest bins of one ab value, nearest first, with Gaussian weights summing to 1.
struct SoftCode {
  std::array<int, 5> bins;
  std::array<float, 5> weights;
  int count;
};

// Soft-encoded targets of a whole image: pixel p = y * width + x has its `neighbours` bins and
// weights at [p * neighbours, (p + 1) * neighbours), nearest first.
struct SoftTargets {
  int width = 0;
  int height = 0;
  int neighbours = 0;
  std::vector<std::int32_t> bins;
  std::vector<float> weights;
};

// What annealed_mean receives per bin: raw network outputs (softmax(s / T)), or probabilities z
// (z^(1/T) normalised, computed as exp(log z / T) with z clamped below to the smallest normal
// float).
enum class ScoreKind { kLogits, kProbabilities };

class AbBins {
 public:
  static constexpr float kGridSize = 10.0f;
  // Largest |a| or |b| of a bin centre (from_centres); the nearest-bin lookup grid covers
  // +-(kMaxCentre + 5) and falls back to a scan outside it.
  static constexpr int kMaxCentre = 200;

  // The derived sRGB bins described above (computed on first use, then cached).
  static const AbBins& standard();
  // Bins with the given centres in the given order (e.g. Zhang et al.'s 313 pts_in_hull, to decode
  // their model's output). Throws unless every centre is a multiple of 10 within +-kMaxCentre and
  // no centre repeats.
  static AbBins from_centres(const std::vector<std::array<float, 2>>& centres);

  int size() const { return static_cast<int>(centres_.size()); }
  const std::vector<std::array<float, 2>>& centres() const { return centres_; }
  // Index of the bin centred on (a, b), or -1 where there is none.
  int find(int a, int b) const;

  // The bin whose centre is nearest (Euclidean; ties go to the lower index). A lookup grid makes
  // it O(1) for in-gamut values. Throws for a non-finite a or b.
  int nearest(float a, float b) const;
  // Nearest bin of every pixel, y * width + x. `ab`: 2-channel ab, or 3-channel Lab (L ignored).
  std::vector<std::int32_t> nearest_bins(const ImageF& ab) const;

  // Zhang et al.'s soft encoding: the `neighbours` (1..5) nearest bins, weighted by
  // exp(-d^2 / (2 sigma^2)) over their distances d and normalised to sum 1. Ties in distance go
  // to the lower index. Throws for a bad count, a non-positive or non-finite sigma, or a
  // non-finite a or b.
  SoftCode soft_encode(float a, float b, int neighbours = 5, float sigma = 5.0f) const;
  // Soft-encoded targets of an ab image (2-channel ab, or 3-channel Lab with L ignored).
  // Dense: size() planes of height x width (CHW, plane q at q * height * width), zero except for
  // each pixel's `neighbours` bins; the second form writes into `out`, which must hold exactly
  // size() * height * width floats.
  std::vector<float> soft_encode_dense(const ImageF& ab, int neighbours = 5,
                                       float sigma = 5.0f) const;
  void soft_encode_dense(const ImageF& ab, float* out, std::size_t out_size, int neighbours = 5,
                         float sigma = 5.0f) const;
  // Sparse: `neighbours` (bin, weight) pairs per pixel.
  SoftTargets soft_encode_sparse(const ImageF& ab, int neighbours = 5, float sigma = 5.0f) const;

 private:
  explicit AbBins(std::vector<std::array<float, 2>> centres);
  int nearest_by_scan(float a, float b) const;
  // soft_encode without argument checks (finite a, b; neighbours 1..5; sigma > 0).
  SoftCode encode(float a, float b, int neighbours, float sigma) const;

  std::vector<std::array<float, 2>> centres_;
  // Lookup grid over cells of size 10 centred on multiples of 10, kGridCells per axis.
  std::vector<std::int32_t> cell_bin_;         // the bin centred in the cell, or -1
  std::vector<std::int32_t> cell_start_;       // candidates of cell c: [cell_start_[c], [c + 1])
  std::vector<std::int32_t> cell_candidates_;  // every bin that can be nearest within the cell
};

// Empirical distribution of the nearest bins over many images (Zhang et al.'s prior p).
class AbPriorAccumulator {
 public:
  explicit AbPriorAccumulator(const AbBins& bins = AbBins::standard());

  // Counts the nearest bin of every pixel: 2-channel ab, or 3-channel Lab (L ignored).
  void add(const ImageF& ab);
  std::uint64_t pixel_count() const { return pixels_; }
  const std::vector<std::uint64_t>& counts() const { return counts_; }

  // The counts normalised to sum 1, then, for smoothing_sigma > 0, smoothed with a Gaussian of
  // that sigma in ab units (Zhang et al. use 5): each bin's mass is spread over all bins in
  // proportion to exp(-d^2 / (2 sigma^2)) of the distance between their centres, so no mass leaves
  // the gamut and the result still sums to 1. smoothing_sigma = 0 skips the smoothing. Throws
  // when no pixel was added or sigma is negative or not finite.
  std::vector<double> prior(float smoothing_sigma = 5.0f) const;

 private:
  AbBins bins_;
  std::vector<std::uint64_t> counts_;
  std::uint64_t pixels_ = 0;
};

// Class-rebalancing weights: w_q proportional to ((1 - lambda) p_q + lambda / Q)^-1, scaled so
// that sum_q p_q w_q = 1. lambda = 1 gives all ones; lambda = 0 the inverse prior, where a bin
// with p_q = 0 (never seen under p), or one so rare (p_q below about 1e-38) that its weight would
// overflow a float, gets weight 0. Throws unless the prior has bins.size()
// non-negative finite entries summing to 1 (within 1e-4) and lambda is in [0, 1].
std::vector<float> rebalancing_weights(const std::vector<double>& prior, double lambda = 0.5,
                                       const AbBins& bins = AbBins::standard());

// Annealed mean of per-pixel bin scores: `scores` holds bins.size() planes of height x width
// (CHW, as an NCHW model output with N = 1); the result is a 2-channel ab image of width x height,
// each pixel the mean of the bin centres under f_T. f_T is softmax(s / T) for logits and
// z^(1/T) / sum for probabilities; T = 1 gives the plain mean, T -> 0 the mode, and
// T <= 1e-3 is taken as the mode (the first bin of highest score). T = +infinity weighs all bins
// equally. Throws for T <= 0 or NaN, a null pointer, a bad size, or a non-finite score (reported
// with its pixel).
ImageF annealed_mean(const float* scores, int width, int height, float temperature = 0.38f,
                     ScoreKind kind = ScoreKind::kLogits, const AbBins& bins = AbBins::standard());
// The same for the bins.size() scores of one pixel.
std::array<float, 2> annealed_mean(const std::vector<float>& scores, float temperature = 0.38f,
                                   ScoreKind kind = ScoreKind::kLogits,
                                   const AbBins& bins = AbBins::standard());

}  // namespace tint
