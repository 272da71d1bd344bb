// Colorization quality metrics: PSNR on 8-bit images, Zhang et al.'s ab AuC (optionally class
// rebalanced), Hasler & Suesstrunk's colourfulness, and per-pixel palette accuracy.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "tint/ab_bins.hpp"
#include "tint/image.hpp"

namespace tint {

// ---- PSNR ----------------------------------------------------------------------------------

// 10 log10(255^2 / MSE) over all samples of two 8-bit images of the same size and channel count
// (sRGB: 3 channels). Identical images give +infinity. Throws for empty or mismatched images.
double psnr(const Image8& a, const Image8& b);

// PSNR over many image pairs, two ways:
//   pooled: from the squared error summed over all samples of all pairs (+infinity when every pair
//     is identical);
//   mean: the mean of the per-pair PSNRs, skipping pairs that are identical (infinite PSNR);
//     +infinity when every pair is identical.
class PsnrAccumulator {
 public:
  void add(const Image8& a, const Image8& b);  // same checks as psnr()
  int count() const { return count_; }
  int infinite_count() const { return infinite_count_; }  // identical pairs
  double pooled_psnr() const;                             // throw when nothing was added
  double mean_psnr() const;

 private:
  double squared_error_ = 0.0;
  double samples_ = 0.0;
  double finite_psnr_sum_ = 0.0;
  int count_ = 0;
  int infinite_count_ = 0;
};

// ---- ab AuC (Zhang et al. 2016) ------------------------------------------------------------

// Thresholds 0, 1, ..., kAucMaxThreshold in ab units.
inline constexpr int kAucMaxThreshold = 150;

// The fraction of pixels whose ab distance || predicted - truth ||_2 is within each threshold
// t = 0..150 (a cumulative curve), and its area normalised to [0, 1]: the mean of the curve over
// the 151 thresholds (so a constant error d gives the fraction of thresholds >= d; identical
// images give 1). Both images are 2-channel ab ImageF of the same size (take_channels(lab, 1, 2)
// gives ab from Lab). With bin weights (e.g. rebalancing_weights(prior, 0.0), the inverse prior,
// for Zhang et al.'s rebalanced AuC) each pixel counts with the weight of the nearest bin of its
// ground-truth ab.
class AucAccumulator {
 public:
  AucAccumulator() = default;  // every pixel weighs 1
  // Throws unless there is one non-negative finite weight per bin.
  AucAccumulator(std::vector<float> bin_weights, const AbBins& bins = AbBins::standard());

  // Throws for empty, non-2-channel or differently sized images, or non-finite values.
  void add(const ImageF& predicted_ab, const ImageF& truth_ab);
  double total_weight() const { return total_; }
  std::vector<double> curve() const;  // kAucMaxThreshold + 1 fractions
  double auc() const;                 // throws when the total weight is 0

 private:
  std::optional<AbBins> bins_;  // set when weighted
  std::vector<float> weights_;
  // Weight of the pixels whose smallest threshold covering their error is t (the last entry:
  // beyond every threshold).
  std::vector<double> histogram_ = std::vector<double>(kAucMaxThreshold + 2, 0.0);
  double total_ = 0.0;
};

double ab_auc(const ImageF& predicted_ab, const ImageF& truth_ab);
double ab_auc_rebalanced(const ImageF& predicted_ab, const ImageF& truth_ab,
                         const std::vector<float>& bin_weights,
                         const AbBins& bins = AbBins::standard());

// ---- Colourfulness (Hasler & Suesstrunk 2003) ----------------------------------------------

// M = sqrt(sd_rg^2 + sd_yb^2) + 0.3 sqrt(mean_rg^2 + mean_yb^2) with rg = R - G and
// yb = (R + G) / 2 - B on 0..255 values of a 3-channel sRGB image; the standard deviations are
// population ones. A gray image gives 0.
double colourfulness(const Image8& rgb);

// ---- Palette accuracy ----------------------------------------------------------------------

// Fraction of positions where the class indices agree. Throws for empty or mismatched inputs.
double palette_accuracy(const std::vector<int>& predicted, const std::vector<int>& truth);
// The same for two 1-channel class-index maps (map_to_palette) of the same size.
double palette_accuracy(const Image8& predicted, const Image8& truth);

}  // namespace tint
