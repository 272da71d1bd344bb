#include "tint/metrics.hpp"

#include <cmath>
#include <limits>
#include <string>

namespace tint {
namespace {

constexpr double kPeak2 = 255.0 * 255.0;

void check_same_shape(const Image8& a, const Image8& b, const std::string& where) {
  if (a.empty() || b.empty()) fail(where, "empty image");
  if (a.width() != b.width() || a.height() != b.height() || a.channels() != b.channels())
    fail(where, "images differ in shape: " + std::to_string(a.width()) + "x" +
                    std::to_string(a.height()) + "x" + std::to_string(a.channels()) + " vs " +
                    std::to_string(b.width()) + "x" + std::to_string(b.height()) + "x" +
                    std::to_string(b.channels()));
}

double squared_error(const Image8& a, const Image8& b) {
  // Exact in 64-bit integers for any image the core allows (64 Mpx x 4 x 255^2 < 2^63).
  std::uint64_t sum = 0;
  const std::uint8_t* pa = a.data();
  const std::uint8_t* pb = b.data();
  for (std::size_t i = 0, n = a.sample_count(); i < n; ++i) {
    const int d = int{pa[i]} - int{pb[i]};
    sum += static_cast<std::uint64_t>(d * d);
  }
  return static_cast<double>(sum);
}

double psnr_from(double squared_error, double samples) {
  if (squared_error == 0.0) return std::numeric_limits<double>::infinity();
  return 10.0 * std::log10(kPeak2 * samples / squared_error);
}

}  // namespace

// ---- PSNR ----------------------------------------------------------------------------------

double psnr(const Image8& a, const Image8& b) {
  check_same_shape(a, b, "psnr");
  return psnr_from(squared_error(a, b), static_cast<double>(a.sample_count()));
}

void PsnrAccumulator::add(const Image8& a, const Image8& b) {
  check_same_shape(a, b, "PsnrAccumulator::add");
  const double error = squared_error(a, b);
  const double samples = static_cast<double>(a.sample_count());
  squared_error_ += error;
  samples_ += samples;
  ++count_;
  if (error == 0.0)
    ++infinite_count_;
  else
    finite_psnr_sum_ += psnr_from(error, samples);
}

double PsnrAccumulator::pooled_psnr() const {
  if (count_ == 0) fail("PsnrAccumulator::pooled_psnr", "no images added");
  return psnr_from(squared_error_, samples_);
}

double PsnrAccumulator::mean_psnr() const {
  if (count_ == 0) fail("PsnrAccumulator::mean_psnr", "no images added");
  if (infinite_count_ == count_) return std::numeric_limits<double>::infinity();
  return finite_psnr_sum_ / (count_ - infinite_count_);
}

// ---- ab AuC --------------------------------------------------------------------------------

AucAccumulator::AucAccumulator(std::vector<float> bin_weights, const AbBins& bins)
    : bins_(bins), weights_(std::move(bin_weights)) {
  const std::string where = "AucAccumulator";
  if (weights_.size() != static_cast<std::size_t>(bins.size()))
    fail(where, std::to_string(weights_.size()) + " bin weights for " +
                    std::to_string(bins.size()) + " bins");
  for (std::size_t q = 0; q < weights_.size(); ++q)
    if (!(weights_[q] >= 0.0f) || !std::isfinite(weights_[q]))
      fail(where, "bin weight " + std::to_string(q) + " is " + std::to_string(weights_[q]) +
                      ", expected non-negative and finite");
}

void AucAccumulator::add(const ImageF& predicted_ab, const ImageF& truth_ab) {
  const std::string where = "AucAccumulator::add";
  require_channels(predicted_ab, 2, where + ": predicted");
  require_channels(truth_ab, 2, where + ": truth");
  if (predicted_ab.width() != truth_ab.width() || predicted_ab.height() != truth_ab.height())
    fail(where, "predicted is " + std::to_string(predicted_ab.width()) + "x" +
                    std::to_string(predicted_ab.height()) + ", truth " +
                    std::to_string(truth_ab.width()) + "x" + std::to_string(truth_ab.height()));
  const std::size_t n = truth_ab.pixel_count();
  const float* p = predicted_ab.data();
  const float* t = truth_ab.data();
  for (std::size_t i = 0; i < 2 * n; ++i)
    if (!std::isfinite(p[i]) || !std::isfinite(t[i]))
      fail(where, "non-finite ab at pixel (" +
                      std::to_string(i / 2 % static_cast<std::size_t>(truth_ab.width())) + ", " +
                      std::to_string(i / 2 / static_cast<std::size_t>(truth_ab.width())) + ")");

  std::vector<double> histogram(histogram_.size(), 0.0);
  double total = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double da = static_cast<double>(p[2 * i]) - static_cast<double>(t[2 * i]);
    const double db = static_cast<double>(p[2 * i + 1]) - static_cast<double>(t[2 * i + 1]);
    const double d2 = da * da + db * db;
    // The smallest integer threshold k with d <= k, compared in squares so that it is exact.
    std::size_t k = kAucMaxThreshold + 1;
    if (d2 <= double{kAucMaxThreshold} * kAucMaxThreshold) {
      k = static_cast<std::size_t>(std::ceil(std::sqrt(d2)));
      while (static_cast<double>(k * k) < d2) ++k;
      while (k > 0 && static_cast<double>((k - 1) * (k - 1)) >= d2) --k;
    }
    const double w =
        bins_ ? static_cast<double>(
                    weights_[static_cast<std::size_t>(bins_->nearest(t[2 * i], t[2 * i + 1]))])
              : 1.0;
    histogram[k] += w;
    total += w;
  }
  for (std::size_t k = 0; k < histogram.size(); ++k) histogram_[k] += histogram[k];
  total_ += total;
}

std::vector<double> AucAccumulator::curve() const {
  if (!(total_ > 0.0)) fail("AucAccumulator::curve", "no pixel weight accumulated");
  std::vector<double> fractions(kAucMaxThreshold + 1);
  double covered = 0.0;
  for (int t = 0; t <= kAucMaxThreshold; ++t) {
    covered += histogram_[static_cast<std::size_t>(t)];
    fractions[static_cast<std::size_t>(t)] = covered / total_;
  }
  return fractions;
}

double AucAccumulator::auc() const {
  if (!(total_ > 0.0)) fail("AucAccumulator::auc", "no pixel weight accumulated");
  double sum = 0.0;
  for (const double fraction : curve()) sum += fraction;
  return sum / (kAucMaxThreshold + 1);
}

double ab_auc(const ImageF& predicted_ab, const ImageF& truth_ab) {
  AucAccumulator accumulator;
  accumulator.add(predicted_ab, truth_ab);
  return accumulator.auc();
}

double ab_auc_rebalanced(const ImageF& predicted_ab, const ImageF& truth_ab,
                         const std::vector<float>& bin_weights, const AbBins& bins) {
  AucAccumulator accumulator(bin_weights, bins);
  accumulator.add(predicted_ab, truth_ab);
  return accumulator.auc();
}

// ---- Colourfulness -------------------------------------------------------------------------

double colourfulness(const Image8& rgb) {
  require_channels(rgb, 3, "colourfulness");
  const std::size_t n = rgb.pixel_count();
  const std::uint8_t* p = rgb.data();
  // Doubled opponent values 2 rg and 2 yb are integers: sums are exact, then halved.
  std::int64_t sum_rg = 0, sum_yb = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const int r = p[3 * i], g = p[3 * i + 1], b = p[3 * i + 2];
    sum_rg += 2 * (r - g);
    sum_yb += r + g - 2 * b;
  }
  const double count = static_cast<double>(n);
  const double mean_rg = static_cast<double>(sum_rg) / (2.0 * count);
  const double mean_yb = static_cast<double>(sum_yb) / (2.0 * count);
  double var_rg = 0.0, var_yb = 0.0;  // two passes: no cancellation
  for (std::size_t i = 0; i < n; ++i) {
    const int r = p[3 * i], g = p[3 * i + 1], b = p[3 * i + 2];
    const double rg = (r - g) - mean_rg;
    const double yb = 0.5 * (r + g) - b - mean_yb;
    var_rg += rg * rg;
    var_yb += yb * yb;
  }
  var_rg /= count;
  var_yb /= count;
  return std::sqrt(var_rg + var_yb) + 0.3 * std::sqrt(mean_rg * mean_rg + mean_yb * mean_yb);
}

// ---- Palette accuracy ----------------------------------------------------------------------

double palette_accuracy(const std::vector<int>& predicted, const std::vector<int>& truth) {
  const std::string where = "palette_accuracy";
  if (predicted.empty() || truth.empty()) fail(where, "empty class list");
  if (predicted.size() != truth.size())
    fail(where, std::to_string(predicted.size()) + " predicted classes vs " +
                    std::to_string(truth.size()) + " true classes");
  std::size_t equal = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) equal += predicted[i] == truth[i];
  return static_cast<double>(equal) / static_cast<double>(truth.size());
}

double palette_accuracy(const Image8& predicted, const Image8& truth) {
  const std::string where = "palette_accuracy";
  require_channels(predicted, 1, where + ": predicted");
  require_channels(truth, 1, where + ": truth");
  check_same_shape(predicted, truth, where);
  std::size_t equal = 0;
  for (std::size_t i = 0; i < truth.pixel_count(); ++i)
    equal += predicted.data()[i] == truth.data()[i];
  return static_cast<double>(equal) / static_cast<double>(truth.pixel_count());
}

}  // namespace tint
