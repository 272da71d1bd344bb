#include "tint/ab_bins.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>
#include <utility>

#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/random.hpp"

namespace tint {
namespace {

constexpr float kNan = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

float uniform(Random& random, float lo, float hi) {
  return lo + static_cast<float>(random.uniform()) * (hi - lo);
}

float distance2(float a, float b, const std::array<float, 2>& c) {
  const float da = a - c[0], db = b - c[1];
  return da * da + db * db;
}

int brute_nearest(const AbBins& bins, float a, float b) {
  int best = 0;
  for (int q = 1; q < bins.size(); ++q)
    if (distance2(a, b, bins.centres()[q]) < distance2(a, b, bins.centres()[best])) best = q;
  return best;
}

// All bins by (distance, index).
std::vector<std::pair<float, int>> brute_sorted(const AbBins& bins, float a, float b) {
  std::vector<std::pair<float, int>> all;
  for (int q = 0; q < bins.size(); ++q) all.push_back({distance2(a, b, bins.centres()[q]), q});
  std::sort(all.begin(), all.end());
  return all;
}

// ---- The bins ------------------------------------------------------------------------------

TEST(AbBins, StandardHas261Bins) {
  EXPECT_EQ(AbBins::standard().size(), 261);
  EXPECT_EQ(AbBins::standard().size(), kStandardAbBinCount);
  EXPECT_EQ(&AbBins::standard(), &AbBins::standard());  // cached
}

TEST(AbBins, CentresAreDistinctMultiplesOfTenInRangeSortedByAThenB) {
  const auto& centres = AbBins::standard().centres();
  float a_min = 1e9f, a_max = -1e9f, b_min = 1e9f, b_max = -1e9f;
  for (std::size_t q = 0; q < centres.size(); ++q) {
    const float a = centres[q][0], b = centres[q][1];
    EXPECT_EQ(std::fmod(a, 10.0f), 0.0f) << a;
    EXPECT_EQ(std::fmod(b, 10.0f), 0.0f) << b;
    a_min = std::min(a_min, a);
    a_max = std::max(a_max, a);
    b_min = std::min(b_min, b);
    b_max = std::max(b_max, b);
    if (q > 0) {
      EXPECT_LT(centres[q - 1], centres[q]);  // strictly: distinct and ordered
    }
    EXPECT_EQ(AbBins::standard().find(static_cast<int>(a), static_cast<int>(b)),
              static_cast<int>(q));
  }
  EXPECT_EQ(a_min, -90.0f);
  EXPECT_EQ(a_max, 100.0f);
  EXPECT_EQ(b_min, -110.0f);
  EXPECT_EQ(b_max, 90.0f);
}

TEST(AbBins, NeutralAndPrimaryBinsArePresent) {
  const AbBins& bins = AbBins::standard();
  EXPECT_GE(bins.find(0, 0), 0);
  EXPECT_EQ(bins.nearest(0.0f, 0.0f), bins.find(0, 0));
  // Pure red is Lab (53.24, 80.09, 67.20); pure blue (32.30, 79.19, -107.86).
  EXPECT_EQ(bins.nearest(80.09f, 67.20f), bins.find(80, 70));
  EXPECT_EQ(bins.nearest(79.19f, -107.86f), bins.find(80, -110));
  EXPECT_EQ(bins.find(200, 200), -1);
  EXPECT_EQ(bins.find(5, 0), -1);
  EXPECT_EQ(bins.find(1000, 0), -1);
}

// The derivation converts only the faces of the RGB cube; all 2^24 colours give the same bins,
// and every colour's nearest bin is the one its ab rounds to.
TEST(AbBins, AllSixteenMillionColoursGiveTheSameBins) {
  const AbBins& bins = AbBins::standard();
  std::vector<bool> hit(static_cast<std::size_t>(bins.size()), false);
  long long outside = 0, wrong_nearest = 0;
  test::for_every_colour([&](int, const Image8& plane) {
    const ImageF lab = rgb8_to_lab(plane);
    for (std::size_t i = 0; i < lab.pixel_count(); ++i) {
      const float a = lab.data()[3 * i + 1], b = lab.data()[3 * i + 2];
      const int q = bins.find(10 * static_cast<int>(std::lround(a / 10.0f)),
                              10 * static_cast<int>(std::lround(b / 10.0f)));
      if (q < 0) {
        ++outside;
        continue;
      }
      hit[static_cast<std::size_t>(q)] = true;
      if (i % 31 == 0) wrong_nearest += bins.nearest(a, b) != q;
    }
  });
  EXPECT_EQ(outside, 0);
  EXPECT_EQ(wrong_nearest, 0);
  EXPECT_EQ(std::count(hit.begin(), hit.end(), false), 0);
}

TEST(AbBins, NearestAgreesWithBruteForce) {
  const AbBins& bins = AbBins::standard();
  Random random(7);
  int checked = 0;
  for (int i = 0; i < 50000; ++i) {
    float a, b;
    switch (i % 4) {
      case 0:  // the gamut and around it
        a = uniform(random, -140.0f, 140.0f);
        b = uniform(random, -140.0f, 140.0f);
        break;
      case 1:  // near cell edges
        a = 10.0f * static_cast<float>(static_cast<int>(random.below(30))) - 145.0f +
            uniform(random, -0.01f, 0.01f);
        b = uniform(random, -140.0f, 140.0f);
        break;
      case 2:  // beyond the lookup grid
        a = uniform(random, -1000.0f, 1000.0f);
        b = uniform(random, -1000.0f, 1000.0f);
        break;
      default:  // at the lookup grid's rim
        a = uniform(random, -210.0f, 210.0f);
        b = i % 8 == 3 ? 204.999f : -205.0f;
        break;
    }
    ASSERT_EQ(bins.nearest(a, b), brute_nearest(bins, a, b)) << a << " " << b;
    ++checked;
  }
  for (int q = 0; q < bins.size(); ++q)
    EXPECT_EQ(bins.nearest(bins.centres()[q][0], bins.centres()[q][1]), q);
  EXPECT_EQ(checked, 50000);
}

TEST(AbBins, NearestRejectsNonFiniteValues) {
  const AbBins& bins = AbBins::standard();
  EXPECT_THROW(bins.nearest(kNan, 0.0f), Error);
  EXPECT_THROW(bins.nearest(0.0f, kInf), Error);
  EXPECT_THROW(bins.nearest(-kInf, 0.0f), Error);
}

TEST(AbBins, FromCentresKeepsOrderAndFindsNearest) {
  // A sparse, out-of-order set: nearest must still be exact far from any centre.
  const AbBins bins = AbBins::from_centres({{50, 50}, {-200, 0}, {0, 0}, {0, -100}, {120, -60}});
  EXPECT_EQ(bins.size(), 5);
  EXPECT_EQ(bins.find(-200, 0), 1);
  EXPECT_EQ(bins.find(10, 0), -1);
  Random random(3);
  for (int i = 0; i < 50000; ++i) {
    const float a = uniform(random, -260.0f, 260.0f), b = uniform(random, -260.0f, 260.0f);
    ASSERT_EQ(bins.nearest(a, b), brute_nearest(bins, a, b)) << a << " " << b;
  }
  // Equally far from (50, 50) and (0, 0): the tie goes to the lower index.
  EXPECT_EQ(bins.nearest(25.0f, 25.0f), 0);
}

TEST(AbBins, FromCentresRejectsBadCentres) {
  EXPECT_THROW(AbBins::from_centres({}), Error);
  EXPECT_THROW(AbBins::from_centres({{5, 0}}), Error);
  EXPECT_THROW(AbBins::from_centres({{0, 0}, {0, 0}}), Error);
  EXPECT_THROW(AbBins::from_centres({{210, 0}}), Error);
  EXPECT_THROW(AbBins::from_centres({{kNan, 0}}), Error);
  try {
    AbBins::from_centres({{0, 0}, {10, 20}, {0, 0}});
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "AbBins::from_centres: centre 2 (0.000000, 0.000000) repeats");
  }
}

// ---- Soft encoding -------------------------------------------------------------------------

TEST(AbBins, SoftEncodeIsGaussianOverTheNearestBins) {
  const AbBins& bins = AbBins::standard();
  Random random(11);
  for (int i = 0; i < 5000; ++i) {
    const float a = uniform(random, -150.0f, 150.0f), b = uniform(random, -150.0f, 150.0f);
    const int k = 1 + static_cast<int>(random.below(5));
    const float sigma = i % 2 ? 5.0f : uniform(random, 1.0f, 20.0f);
    const SoftCode code = bins.soft_encode(a, b, k, sigma);
    ASSERT_EQ(code.count, k);
    const auto sorted = brute_sorted(bins, a, b);
    float sum = 0.0f;
    for (int n = 0; n < k; ++n) {
      ASSERT_EQ(code.bins[n], sorted[static_cast<std::size_t>(n)].second) << a << " " << b;
      sum += code.weights[n];
      if (n > 0) {
        EXPECT_LE(code.weights[n], code.weights[n - 1]);
        const float d0 = std::sqrt(distance2(a, b, bins.centres()[code.bins[0]]));
        const float dn = std::sqrt(distance2(a, b, bins.centres()[code.bins[n]]));
        const double expected =
            std::exp(-(double(dn) * dn - double(d0) * d0) / (2.0 * double(sigma) * sigma));
        EXPECT_NEAR(code.weights[n] / code.weights[0], expected, 1e-4);
      }
    }
    EXPECT_NEAR(sum, 1.0f, 1e-5f);
    EXPECT_EQ(code.bins[0], bins.nearest(a, b));
    for (int n = k; n < 5; ++n) EXPECT_EQ(code.weights[n], 0.0f);
  }
}

TEST(AbBins, SoftEncodeHandComputed) {
  const AbBins& bins = AbBins::standard();
  // (3, 0): the bins (0,0) at 3, (10,0) at 7, (0,+-10) at sqrt(109); sigma 5.
  const SoftCode code = bins.soft_encode(3.0f, 0.0f, 3, 5.0f);
  EXPECT_EQ(code.bins[0], bins.find(0, 0));
  EXPECT_EQ(code.bins[1], bins.find(10, 0));
  EXPECT_EQ(code.bins[2], bins.find(0, -10));  // tie with (0, 10): the lower index
  const double w0 = 1.0, w1 = std::exp(-(49.0 - 9.0) / 50.0), w2 = std::exp(-(109.0 - 9.0) / 50.0);
  EXPECT_NEAR(code.weights[0], w0 / (w0 + w1 + w2), 1e-6);
  EXPECT_NEAR(code.weights[1], w1 / (w0 + w1 + w2), 1e-6);
  EXPECT_NEAR(code.weights[2], w2 / (w0 + w1 + w2), 1e-6);
  const SoftCode one = bins.soft_encode(3.0f, 0.0f, 1);
  EXPECT_EQ(one.count, 1);
  EXPECT_EQ(one.weights[0], 1.0f);
}

TEST(AbBins, SoftEncodeRejectsBadArguments) {
  const AbBins& bins = AbBins::standard();
  EXPECT_THROW(bins.soft_encode(0, 0, 0), Error);
  EXPECT_THROW(bins.soft_encode(0, 0, 6), Error);
  EXPECT_THROW(bins.soft_encode(0, 0, 5, 0.0f), Error);
  EXPECT_THROW(bins.soft_encode(0, 0, 5, -1.0f), Error);
  EXPECT_THROW(bins.soft_encode(0, 0, 5, kNan), Error);
  EXPECT_THROW(bins.soft_encode(0, 0, 5, kInf), Error);
  EXPECT_THROW(bins.soft_encode(kNan, 0), Error);
}

TEST(AbBins, DenseAndSparseTargetsAgree) {
  const AbBins& bins = AbBins::standard();
  // 3 x 2 Lab image; the sparse and dense forms and the per-pixel codes must match.
  const ImageF lab(
      3, 2, 3,
      std::vector<float>{50, 0, 0, 60, 12, -7, 70, 80, 67, 30, -40, 40, 90, 3.5f, 90, 10, 0, -100});
  const ImageF ab = take_channels(lab, 1, 2);
  const SoftTargets sparse = bins.soft_encode_sparse(lab, 4, 5.0f);
  EXPECT_EQ(sparse.width, 3);
  EXPECT_EQ(sparse.height, 2);
  EXPECT_EQ(sparse.neighbours, 4);
  ASSERT_EQ(sparse.bins.size(), 24u);
  const std::vector<float> dense = bins.soft_encode_dense(ab, 4, 5.0f);
  const std::size_t plane = 6;
  ASSERT_EQ(dense.size(), static_cast<std::size_t>(bins.size()) * plane);
  for (std::size_t p = 0; p < plane; ++p) {
    const SoftCode code = bins.soft_encode(ab.data()[2 * p], ab.data()[2 * p + 1], 4, 5.0f);
    float total = 0.0f;
    for (int q = 0; q < bins.size(); ++q) total += dense[static_cast<std::size_t>(q) * plane + p];
    EXPECT_NEAR(total, 1.0f, 1e-5f);
    for (int n = 0; n < 4; ++n) {
      EXPECT_EQ(sparse.bins[p * 4 + n], code.bins[n]);
      EXPECT_EQ(sparse.weights[p * 4 + n], code.weights[n]);
      EXPECT_EQ(dense[static_cast<std::size_t>(code.bins[n]) * plane + p], code.weights[n]);
    }
  }
  EXPECT_EQ(bins.nearest_bins(lab), bins.nearest_bins(ab));
  EXPECT_EQ(bins.nearest_bins(ab)[0], bins.find(0, 0));
}

TEST(AbBins, ImageEncodersRejectBadInput) {
  const AbBins& bins = AbBins::standard();
  const ImageF ab(2, 2, 2);
  std::vector<float> out(static_cast<std::size_t>(bins.size()) * 4);
  EXPECT_NO_THROW(bins.soft_encode_dense(ab, out.data(), out.size()));
  EXPECT_THROW(bins.soft_encode_dense(ab, out.data(), out.size() - 1), Error);
  EXPECT_THROW(bins.soft_encode_dense(ab, nullptr, out.size()), Error);
  EXPECT_THROW(bins.soft_encode_dense(ImageF(), 5), Error);
  EXPECT_THROW(bins.soft_encode_dense(ImageF(2, 2, 1)), Error);
  EXPECT_THROW(bins.soft_encode_sparse(ImageF(2, 2, 4)), Error);
  EXPECT_THROW(bins.soft_encode_sparse(ab, 7), Error);
  EXPECT_THROW(bins.nearest_bins(ImageF()), Error);
  ImageF bad(2, 2, 2);
  bad.pixel(1, 1)[0] = kNan;
  try {
    bins.soft_encode_sparse(bad);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "AbBins::soft_encode_sparse: non-finite ab (nan, 0.000000) at pixel (1, 1)");
  }
}

// ---- Prior and rebalancing -----------------------------------------------------------------

TEST(AbBins, PriorCountsNearestBins) {
  const AbBins& bins = AbBins::standard();
  AbPriorAccumulator accumulator;
  accumulator.add(ImageF(2, 2, 2, std::vector<float>{1, -2, 0, 0, -3, 4, 2, 2}));  // 4 x (0, 0)
  accumulator.add(ImageF(2, 1, 3, std::vector<float>{50, 20, -30, 70, 21, -29}));  // 2 x (20,-30)
  EXPECT_EQ(accumulator.pixel_count(), 6u);
  const int neutral = bins.find(0, 0), other = bins.find(20, -30);
  EXPECT_EQ(accumulator.counts()[neutral], 4u);
  EXPECT_EQ(accumulator.counts()[other], 2u);

  const std::vector<double> raw = accumulator.prior(0.0f);
  ASSERT_EQ(raw.size(), static_cast<std::size_t>(bins.size()));
  for (int q = 0; q < bins.size(); ++q)
    EXPECT_EQ(raw[q], q == neutral ? 4.0 / 6.0 : (q == other ? 2.0 / 6.0 : 0.0));

  // Smoothed: each source's mass spread by exp(-d^2 / 50) normalised over the bins.
  const std::vector<double> smooth = accumulator.prior();
  double total = 0.0;
  for (const double p : smooth) total += p;
  EXPECT_NEAR(total, 1.0, 1e-12);
  auto spread = [&](int from, int to) {
    double norm = 0.0;
    auto g = [&](int q) {
      const double da = bins.centres()[q][0] - bins.centres()[from][0];
      const double db = bins.centres()[q][1] - bins.centres()[from][1];
      return std::exp(-(da * da + db * db) / 50.0);
    };
    for (int q = 0; q < bins.size(); ++q) norm += g(q);
    return g(to) / norm;
  };
  for (const int q : {neutral, other, bins.find(10, 0), bins.find(-10, 0), bins.find(10, -20)})
    EXPECT_NEAR(smooth[q], 4.0 / 6.0 * spread(neutral, q) + 2.0 / 6.0 * spread(other, q), 1e-12);
  EXPECT_GT(smooth[neutral], smooth[bins.find(10, 0)]);
}

TEST(AbBins, PriorRejectsBadInput) {
  AbPriorAccumulator accumulator;
  EXPECT_THROW(accumulator.prior(), Error);  // nothing added
  EXPECT_THROW(accumulator.add(ImageF()), Error);
  EXPECT_THROW(accumulator.add(ImageF(2, 2, 1)), Error);
  ImageF bad(2, 1, 2);
  bad.pixel(0, 0)[1] = kInf;
  EXPECT_THROW(accumulator.add(bad), Error);
  EXPECT_EQ(accumulator.pixel_count(), 0u);  // nothing counted from the bad image
  accumulator.add(ImageF(1, 1, 2));
  EXPECT_THROW(accumulator.prior(-1.0f), Error);
  EXPECT_THROW(accumulator.prior(kNan), Error);
}

std::vector<double> example_prior() {
  AbPriorAccumulator accumulator;
  Random random(5);
  ImageF ab(64, 64, 2);
  for (std::size_t i = 0; i < ab.sample_count(); ++i)
    ab.data()[i] = uniform(random, -30.0f, 30.0f) + (i % 2 ? 20.0f : 0.0f);
  accumulator.add(ab);
  return accumulator.prior();
}

TEST(AbBins, RebalancingWeightsHaveUnitExpectation) {
  const std::vector<double> prior = example_prior();
  for (const double lambda : {0.0, 0.25, 0.5, 1.0}) {
    const std::vector<float> w = rebalancing_weights(prior, lambda);
    ASSERT_EQ(w.size(), prior.size());
    double expectation = 0.0;
    for (std::size_t q = 0; q < w.size(); ++q) expectation += prior[q] * double(w[q]);
    EXPECT_NEAR(expectation, 1.0, 1e-5) << lambda;
    // Rarer bins weigh more.
    for (std::size_t q = 1; q < w.size(); ++q)
      if (prior[q] < prior[q - 1] && w[q] > 0.0f) {  // 0: too rare for a float inverse
        EXPECT_GE(w[q], w[q - 1]) << lambda;
      }
  }
  for (const float w : rebalancing_weights(prior, 1.0)) EXPECT_NEAR(w, 1.0f, 1e-6f);
  // lambda = 0.5 by hand: w_q = c / (0.5 p_q + 0.5 / Q).
  const std::vector<float> half = rebalancing_weights(prior);
  const double q_count = double(prior.size());
  double c = 0.0;
  for (const double p : prior) c += p / (0.5 * p + 0.5 / q_count);
  for (std::size_t q = 0; q < prior.size(); ++q)
    EXPECT_NEAR(half[q], 1.0 / (0.5 * prior[q] + 0.5 / q_count) / c, 1e-4 * half[q]);
}

TEST(AbBins, InversePriorWeighsUnseenBinsZero) {
  std::vector<double> prior(static_cast<std::size_t>(AbBins::standard().size()), 0.0);
  prior[0] = 0.75;
  prior[1] = 0.25;
  const std::vector<float> w = rebalancing_weights(prior, 0.0);
  EXPECT_NEAR(w[0], 1.0 / (0.75 * 2), 1e-6);  // 1/p, scaled so that sum p w = 1 (= 2 bins)
  EXPECT_NEAR(w[1], 1.0 / (0.25 * 2), 1e-6);
  EXPECT_EQ(w[2], 0.0f);
  // Far too rare for a finite float inverse: as good as unseen.
  prior[2] = 1e-300;
  prior[0] -= 1e-300;
  const std::vector<float> tail = rebalancing_weights(prior, 0.0);
  EXPECT_EQ(tail[2], 0.0f);
  EXPECT_NEAR(tail[0], 1.0 / (0.75 * 2), 1e-6);
}

TEST(AbBins, RebalancingRejectsBadPriors) {
  const std::vector<double> prior = example_prior();
  EXPECT_THROW(rebalancing_weights(std::vector<double>(prior.begin() + 1, prior.end())), Error);
  EXPECT_THROW(rebalancing_weights(prior, -0.1), Error);
  EXPECT_THROW(rebalancing_weights(prior, 1.1), Error);
  EXPECT_THROW(rebalancing_weights(prior, std::nan("")), Error);
  std::vector<double> bad = prior;
  bad[0] += 0.01;
  EXPECT_THROW(rebalancing_weights(bad), Error);  // sums to 1.01
  bad = prior;
  bad[0] = -bad[1];
  bad[2] += 2 * bad[1];
  EXPECT_THROW(rebalancing_weights(bad), Error);  // negative
  bad = prior;
  bad[0] = std::nan("");
  EXPECT_THROW(rebalancing_weights(bad), Error);
}

// ---- Annealed mean -------------------------------------------------------------------------

std::vector<float> one_hot(int q, int q_count) {
  std::vector<float> z(static_cast<std::size_t>(q_count), 0.0f);
  z[static_cast<std::size_t>(q)] = 1.0f;
  return z;
}

TEST(AbBins, AnnealedMeanOfOneHotIsThatCentre) {
  const AbBins& bins = AbBins::standard();
  for (const int q : {0, bins.find(0, 0), bins.find(80, 70), bins.size() - 1}) {
    const auto& c = bins.centres()[q];
    for (const float t : {1e-4f, 0.01f, 0.38f, 1.0f, 3.0f}) {
      const auto z = annealed_mean(one_hot(q, bins.size()), t, ScoreKind::kProbabilities);
      EXPECT_NEAR(z[0], c[0], 1e-4f) << q << " " << t;
      EXPECT_NEAR(z[1], c[1], 1e-4f) << q << " " << t;
      std::vector<float> logits = one_hot(q, bins.size());
      for (float& s : logits) s *= 100.0f;
      const auto l = annealed_mean(logits, t);
      EXPECT_NEAR(l[0], c[0], 1e-3f) << q << " " << t;
      EXPECT_NEAR(l[1], c[1], 1e-3f) << q << " " << t;
    }
  }
}

// Softmax(s / T) mean in double.
std::array<double, 2> reference_mean(const std::vector<float>& logits, double t) {
  const AbBins& bins = AbBins::standard();
  const double top = *std::max_element(logits.begin(), logits.end());
  double sum = 0.0, a = 0.0, b = 0.0;
  for (std::size_t q = 0; q < logits.size(); ++q) {
    const double e = std::exp((double(logits[q]) - top) / t);
    sum += e;
    a += e * double(bins.centres()[q][0]);
    b += e * double(bins.centres()[q][1]);
  }
  return {a / sum, b / sum};
}

std::vector<float> random_logits(Random& random, int q_count, float spread) {
  std::vector<float> s(static_cast<std::size_t>(q_count));
  for (float& v : s) v = uniform(random, -spread, spread);
  return s;
}

TEST(AbBins, TemperatureOneIsThePlainMean) {
  const AbBins& bins = AbBins::standard();
  Random random(9);
  // Probabilities: sum z_q c_q.
  std::vector<float> z(static_cast<std::size_t>(bins.size()));
  double total = 0.0;
  for (float& v : z) total += v = static_cast<float>(random.uniform());
  double a = 0.0, b = 0.0;
  for (std::size_t q = 0; q < z.size(); ++q) {
    z[q] = static_cast<float>(z[q] / total);
    a += double(z[q]) * bins.centres()[q][0];
    b += double(z[q]) * bins.centres()[q][1];
  }
  const auto mean = annealed_mean(z, 1.0f, ScoreKind::kProbabilities);
  EXPECT_NEAR(mean[0], a, 1e-3);
  EXPECT_NEAR(mean[1], b, 1e-3);
  // Logits: the softmax mean, and probabilities exp(s) / sum agree with the logits.
  for (int trial = 0; trial < 20; ++trial) {
    const std::vector<float> s = random_logits(random, bins.size(), 8.0f);
    for (const float t : {1.0f, 0.38f, 0.1f}) {
      const auto got = annealed_mean(s, t);
      const auto want = reference_mean(s, double(t));
      EXPECT_NEAR(got[0], want[0], 2e-3);
      EXPECT_NEAR(got[1], want[1], 2e-3);
      std::vector<float> p(s.size());
      for (std::size_t q = 0; q < s.size(); ++q) p[q] = std::exp(s[q] - 8.0f);
      const auto from_p = annealed_mean(p, t, ScoreKind::kProbabilities);
      EXPECT_NEAR(from_p[0], want[0], 2e-3);
      EXPECT_NEAR(from_p[1], want[1], 2e-3);
    }
  }
  // T = +infinity: every bin equally.
  double ca = 0.0, cb = 0.0;
  for (const auto& c : bins.centres()) {
    ca += c[0];
    cb += c[1];
  }
  const auto flat = annealed_mean(random_logits(random, bins.size(), 5.0f), kInf);
  EXPECT_NEAR(flat[0], ca / bins.size(), 1e-3);
  EXPECT_NEAR(flat[1], cb / bins.size(), 1e-3);
}

TEST(AbBins, LowerTemperatureMovesTowardsTheMode) {
  const AbBins& bins = AbBins::standard();
  // A broad distribution with its mode on red's bin.
  const int mode = bins.find(80, 70);
  std::vector<float> z(static_cast<std::size_t>(bins.size()), 1.0f);
  z[static_cast<std::size_t>(mode)] = 20.0f;
  z[static_cast<std::size_t>(bins.find(-50, 50))] = 15.0f;
  const auto& c = bins.centres()[static_cast<std::size_t>(mode)];
  float previous = 1e9f;
  for (const float t : {1.0f, 0.7f, 0.38f, 0.2f, 0.1f, 0.05f, 0.01f}) {
    const auto m = annealed_mean(z, t, ScoreKind::kProbabilities);
    const float d = std::hypot(m[0] - c[0], m[1] - c[1]);
    EXPECT_LT(d, previous) << t;
    previous = d;
  }
  EXPECT_LT(previous, 0.01f);
  const auto exact = annealed_mean(z, 1e-3f, ScoreKind::kProbabilities);  // the mode itself
  EXPECT_EQ(exact[0], c[0]);
  EXPECT_EQ(exact[1], c[1]);
}

TEST(AbBins, AnnealedMeanImageReadsChwLayout) {
  const AbBins& bins = AbBins::standard();
  const int q_count = bins.size();
  // 23 x 17 = 391 pixels: more than one tile. Each pixel's scores are random logits.
  const int w = 23, h = 17;
  const std::size_t plane = static_cast<std::size_t>(w) * h;
  Random random(21);
  std::vector<float> chw(static_cast<std::size_t>(q_count) * plane);
  for (float& v : chw) v = uniform(random, -6.0f, 6.0f);
  for (const ScoreKind kind : {ScoreKind::kLogits, ScoreKind::kProbabilities}) {
    std::vector<float> scores = chw;
    if (kind == ScoreKind::kProbabilities)
      for (float& v : scores) v = std::exp(v) / 400.0f;
    for (const float t : {1e-4f, 0.38f, 1.0f}) {
      const ImageF ab = annealed_mean(scores.data(), w, h, t, kind);
      ASSERT_EQ(ab.width(), w);
      ASSERT_EQ(ab.height(), h);
      ASSERT_EQ(ab.channels(), 2);
      for (std::size_t p = 0; p < plane; p += 13) {
        std::vector<float> pixel(static_cast<std::size_t>(q_count));
        for (int q = 0; q < q_count; ++q)
          pixel[static_cast<std::size_t>(q)] = scores[static_cast<std::size_t>(q) * plane + p];
        const auto one = annealed_mean(pixel, t, kind);
        EXPECT_EQ(ab.data()[2 * p], one[0]);
        EXPECT_EQ(ab.data()[2 * p + 1], one[1]);
        if (kind == ScoreKind::kLogits && t > 0.1f) {
          const auto want = reference_mean(pixel, double(t));
          EXPECT_NEAR(one[0], want[0], 2e-3);
          EXPECT_NEAR(one[1], want[1], 2e-3);
        }
      }
    }
  }
}

TEST(AbBins, AnnealedMeanRejectsBadInput) {
  const AbBins& bins = AbBins::standard();
  const std::vector<float> s(static_cast<std::size_t>(bins.size()), 0.0f);
  EXPECT_THROW(annealed_mean(s, 0.0f), Error);
  EXPECT_THROW(annealed_mean(s, -1.0f), Error);
  EXPECT_THROW(annealed_mean(s, kNan), Error);
  EXPECT_THROW(annealed_mean(std::vector<float>(s.begin() + 1, s.end())), Error);
  EXPECT_THROW(annealed_mean(std::vector<float>()), Error);
  EXPECT_THROW(annealed_mean(nullptr, 1, 1), Error);
  EXPECT_THROW(annealed_mean(s.data(), 0, 1), Error);
  EXPECT_THROW(annealed_mean(s.data(), 1, -1), Error);
  std::vector<float> chw(static_cast<std::size_t>(bins.size()) * 6, 0.5f);
  chw[static_cast<std::size_t>(bins.size() / 2) * 6 + 4] = kNan;  // pixel (1, 1) of 3 x 2
  try {
    annealed_mean(chw.data(), 3, 2, 0.38f, ScoreKind::kProbabilities);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "annealed_mean: non-finite score at pixel (1, 1)");
  }
  chw[static_cast<std::size_t>(bins.size() / 2) * 6 + 4] = kInf;
  EXPECT_THROW(annealed_mean(chw.data(), 3, 2), Error);
  chw[static_cast<std::size_t>(bins.size() / 2) * 6 + 4] = -kInf;
  EXPECT_THROW(annealed_mean(chw.data(), 3, 2, 1e-4f), Error);
}

TEST(AbBins, AnnealedMeanWithCustomBins) {
  const AbBins bins = AbBins::from_centres({{0, 0}, {20, -10}, {-30, 40}});
  const auto m = annealed_mean({0.5f, 0.25f, 0.25f}, 1.0f, ScoreKind::kProbabilities, bins);
  EXPECT_NEAR(m[0], 0.25f * 20 + 0.25f * -30, 1e-5f);
  EXPECT_NEAR(m[1], 0.25f * -10 + 0.25f * 40, 1e-5f);
}

}  // namespace
}  // namespace tint
