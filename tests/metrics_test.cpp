#include "tint/metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace tint {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

Image8 flat(int width, int height, int channels, std::uint8_t value) {
  return Image8(width, height, channels,
                std::vector<std::uint8_t>(std::size_t(width) * height * channels, value));
}

// ---- PSNR ----------------------------------------------------------------------------------

TEST(Metrics, PsnrHandComputed) {
  const Image8 a = flat(2, 2, 3, 100);
  Image8 b = a;
  b.pixel(1, 0)[2] = 110;  // one sample off by 10: MSE = 100 / 12
  EXPECT_NEAR(psnr(a, b), 10.0 * std::log10(255.0 * 255.0 * 12.0 / 100.0), 1e-12);
  EXPECT_NEAR(psnr(a, b), 38.92262, 1e-5);
  EXPECT_EQ(psnr(b, a), psnr(a, b));
  EXPECT_EQ(psnr(a, a), kInfinity);
  // Black vs white: MSE = 255^2, PSNR 0.
  EXPECT_EQ(psnr(flat(3, 1, 3, 0), flat(3, 1, 3, 255)), 0.0);
}

TEST(Metrics, PsnrRejectsMismatchedImages) {
  EXPECT_THROW(psnr(flat(2, 2, 3, 0), flat(2, 3, 3, 0)), Error);
  EXPECT_THROW(psnr(flat(2, 2, 3, 0), flat(2, 2, 1, 0)), Error);
  EXPECT_THROW(psnr(Image8(), Image8()), Error);
  try {
    psnr(flat(2, 2, 3, 0), flat(3, 2, 3, 0));
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "psnr: images differ in shape: 2x2x3 vs 3x2x3");
  }
}

TEST(Metrics, PooledAndMeanPsnr) {
  const Image8 a = flat(2, 2, 3, 100);
  Image8 b1 = a, b2 = a;
  b1.pixel(0, 0)[0] = 110;  // squared error 100 over 12 samples
  b2.pixel(1, 1)[1] = 70;   // squared error 900 over 12 samples
  PsnrAccumulator accumulator;
  EXPECT_THROW(accumulator.pooled_psnr(), Error);
  EXPECT_THROW(accumulator.mean_psnr(), Error);
  accumulator.add(a, b1);
  accumulator.add(a, b2);
  const double p1 = psnr(a, b1), p2 = psnr(a, b2);
  EXPECT_NEAR(accumulator.mean_psnr(), (p1 + p2) / 2.0, 1e-12);
  EXPECT_NEAR(accumulator.pooled_psnr(), 10.0 * std::log10(255.0 * 255.0 * 24.0 / 1000.0), 1e-12);
  EXPECT_LT(accumulator.pooled_psnr(), accumulator.mean_psnr());  // pooled favours no image
  // An identical pair adds samples to the pool but is skipped by the mean.
  accumulator.add(a, a);
  EXPECT_EQ(accumulator.count(), 3);
  EXPECT_EQ(accumulator.infinite_count(), 1);
  EXPECT_NEAR(accumulator.mean_psnr(), (p1 + p2) / 2.0, 1e-12);
  EXPECT_NEAR(accumulator.pooled_psnr(), 10.0 * std::log10(255.0 * 255.0 * 36.0 / 1000.0), 1e-12);
  EXPECT_THROW(accumulator.add(a, flat(1, 1, 3, 0)), Error);
  EXPECT_EQ(accumulator.count(), 3);

  PsnrAccumulator identical;
  identical.add(a, a);
  EXPECT_EQ(identical.pooled_psnr(), kInfinity);
  EXPECT_EQ(identical.mean_psnr(), kInfinity);
}

// ---- ab AuC --------------------------------------------------------------------------------

ImageF constant_ab(int width, int height, float a, float b) {
  ImageF image(width, height, 2);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) {
      image.pixel(x, y)[0] = a;
      image.pixel(x, y)[1] = b;
    }
  return image;
}

ImageF offset(const ImageF& ab, float da, float db) {
  ImageF out = ab;
  for (std::size_t i = 0; i < out.pixel_count(); ++i) {
    out.data()[2 * i] += da;
    out.data()[2 * i + 1] += db;
  }
  return out;
}

ImageF varied_ab() {
  ImageF ab(5, 4, 2);
  for (std::size_t i = 0; i < ab.sample_count(); ++i)
    ab.data()[i] = static_cast<float>(int(i * 37 % 150) - 75);
  return ab;
}

TEST(Metrics, AucOfIdenticalAbIsOne) {
  const ImageF ab = varied_ab();
  EXPECT_EQ(ab_auc(ab, ab), 1.0);
  AucAccumulator accumulator;
  accumulator.add(ab, ab);
  for (const double f : accumulator.curve()) EXPECT_EQ(f, 1.0);
  EXPECT_EQ(accumulator.curve().size(), 151u);
}

TEST(Metrics, AucOfAConstantOffsetIsTheFractionOfThresholdsAboveIt) {
  const ImageF truth = varied_ab();
  EXPECT_NEAR(ab_auc(offset(truth, 10.0f, 0.0f), truth), 141.0 / 151.0, 1e-12);   // t = 10..150
  EXPECT_NEAR(ab_auc(offset(truth, 0.0f, -10.5f), truth), 140.0 / 151.0, 1e-12);  // t = 11..150
  EXPECT_NEAR(ab_auc(offset(truth, 3.0f, 4.0f), truth), 146.0 / 151.0, 1e-12);    // d = 5
  EXPECT_NEAR(ab_auc(offset(truth, 150.0f, 0.0f), truth), 1.0 / 151.0, 1e-12);
  EXPECT_EQ(ab_auc(offset(truth, 150.5f, 0.0f), truth), 0.0);
  AucAccumulator accumulator;
  accumulator.add(offset(truth, 0.0f, 40.0f), truth);
  const std::vector<double> curve = accumulator.curve();
  EXPECT_EQ(curve[39], 0.0);
  EXPECT_EQ(curve[40], 1.0);
}

TEST(Metrics, AucAccumulatesOverImages) {
  // Half the pixels exact, half off by 30: AuC = (1 + 121 / 151) / 2.
  const ImageF truth = varied_ab();
  AucAccumulator accumulator;
  accumulator.add(truth, truth);
  accumulator.add(offset(truth, -30.0f, 0.0f), truth);
  EXPECT_EQ(accumulator.total_weight(), 40.0);
  EXPECT_NEAR(accumulator.auc(), (1.0 + 121.0 / 151.0) / 2.0, 1e-12);
  EXPECT_EQ(accumulator.curve()[29], 0.5);
}

TEST(Metrics, RebalancedAucWeighsRareColoursUp) {
  const AbBins& bins = AbBins::standard();
  // A prior where neutral is 9 times as common as red; half the test pixels are neutral and
  // predicted exactly, half are red and predicted 200 away.
  std::vector<double> prior(static_cast<std::size_t>(bins.size()), 0.0);
  const int neutral = bins.find(0, 0), red = bins.find(80, 70);
  prior[static_cast<std::size_t>(neutral)] = 0.9;
  prior[static_cast<std::size_t>(red)] = 0.1;
  const std::vector<float> weights = rebalancing_weights(prior, 0.0);  // inverse prior
  ImageF truth = constant_ab(4, 2, 0.0f, 0.0f), predicted = truth;
  for (int x = 0; x < 4; ++x) {
    truth.pixel(x, 1)[0] = 80.0f + float(x);
    truth.pixel(x, 1)[1] = 70.0f;
    predicted.pixel(x, 1)[0] = -120.0f;
    predicted.pixel(x, 1)[1] = 70.0f;
  }
  EXPECT_NEAR(ab_auc(predicted, truth), 0.5, 1e-12);
  // Weights 1/0.9 and 1/0.1 (up to a common factor): AuC = (1/0.9) / (1/0.9 + 1/0.1) = 0.1.
  EXPECT_NEAR(ab_auc_rebalanced(predicted, truth, weights), 0.1, 1e-6);
  AucAccumulator accumulator(weights);
  accumulator.add(predicted, truth);
  EXPECT_NEAR(accumulator.total_weight(), 4.0 * (double(weights[neutral]) + double(weights[red])),
              1e-9);
  EXPECT_NEAR(accumulator.auc(), 0.1, 1e-6);
  // Uniform weights give the plain AuC.
  EXPECT_NEAR(ab_auc_rebalanced(predicted, truth, std::vector<float>(weights.size(), 2.0f)), 0.5,
              1e-12);
}

TEST(Metrics, AucRejectsBadInput) {
  const ImageF ab = varied_ab();
  EXPECT_THROW(ab_auc(ab, ImageF(5, 3, 2)), Error);
  EXPECT_THROW(ab_auc(ImageF(5, 4, 3), ImageF(5, 4, 3)), Error);
  EXPECT_THROW(ab_auc(ImageF(), ImageF()), Error);
  ImageF bad = ab;
  bad.pixel(2, 3)[1] = std::nanf("");
  try {
    ab_auc(bad, ab);
    FAIL();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "AucAccumulator::add: non-finite ab at pixel (2, 3)");
  }
  EXPECT_THROW(AucAccumulator().auc(), Error);
  EXPECT_THROW(AucAccumulator().curve(), Error);
  const std::size_t q = static_cast<std::size_t>(AbBins::standard().size());
  EXPECT_THROW(AucAccumulator(std::vector<float>(q - 1, 1.0f)), Error);
  std::vector<float> negative(q, 1.0f);
  negative[3] = -1.0f;
  EXPECT_THROW(AucAccumulator(negative, AbBins::standard()), Error);
  // All weight zero: nothing to average.
  AucAccumulator zero(std::vector<float>(q, 0.0f));
  zero.add(ab, ab);
  EXPECT_THROW(zero.auc(), Error);
}

// ---- Colourfulness -------------------------------------------------------------------------

TEST(Metrics, ColourfulnessOfGrayIsZero) {
  Image8 gray(4, 3, 3);
  for (int y = 0; y < 3; ++y)
    for (int x = 0; x < 4; ++x) {
      const auto v = static_cast<std::uint8_t>(20 * x + 50 * y);
      gray.pixel(x, y)[0] = gray.pixel(x, y)[1] = gray.pixel(x, y)[2] = v;
    }
  EXPECT_EQ(colourfulness(gray), 0.0);
}

TEST(Metrics, ColourfulnessOfRedAndBlueHandComputed) {
  // Red: rg = 255, yb = 127.5; blue: rg = 0, yb = -255. Means 127.5 and -63.75; population
  // standard deviations 127.5 and 191.25.
  Image8 image(2, 2, 3, std::vector<std::uint8_t>{255, 0, 0, 0, 0, 255, 0, 0, 255, 255, 0, 0});
  const double expected =
      std::sqrt(127.5 * 127.5 + 191.25 * 191.25) + 0.3 * std::sqrt(127.5 * 127.5 + 63.75 * 63.75);
  EXPECT_NEAR(colourfulness(image), expected, 1e-9);
  EXPECT_NEAR(colourfulness(image), 272.6186, 1e-4);
  // One flat colour: no spread, only the mean term.
  EXPECT_NEAR(colourfulness(flat(3, 3, 3, 0)), 0.0, 0.0);
  Image8 orange(1, 1, 3, std::vector<std::uint8_t>{255, 128, 0});
  EXPECT_NEAR(colourfulness(orange), 0.3 * std::hypot(127.0, 191.5), 1e-9);
}

TEST(Metrics, ColourfulnessNeedsRgb) {
  EXPECT_THROW(colourfulness(Image8(2, 2, 1)), Error);
  EXPECT_THROW(colourfulness(Image8()), Error);
}

// ---- Palette accuracy ----------------------------------------------------------------------

TEST(Metrics, PaletteAccuracy) {
  using Classes = std::vector<int>;
  EXPECT_EQ(palette_accuracy(Classes{1, 2, 3, 4}, Classes{1, 2, 0, 4}), 0.75);
  EXPECT_EQ(palette_accuracy(Classes{7}, Classes{7}), 1.0);
  EXPECT_EQ(palette_accuracy(Classes{1, 2}, Classes{2, 1}), 0.0);
  const Image8 truth(3, 1, 1, std::vector<std::uint8_t>{0, 5, 9});
  const Image8 predicted(3, 1, 1, std::vector<std::uint8_t>{0, 5, 8});
  EXPECT_NEAR(palette_accuracy(predicted, truth), 2.0 / 3.0, 1e-15);
}

TEST(Metrics, PaletteAccuracyRejectsBadInput) {
  EXPECT_THROW(palette_accuracy(std::vector<int>{}, std::vector<int>{}), Error);
  EXPECT_THROW(palette_accuracy(std::vector<int>{1, 2}, std::vector<int>{1}), Error);
  EXPECT_THROW(palette_accuracy(Image8(2, 2, 1), Image8(2, 1, 1)), Error);
  EXPECT_THROW(palette_accuracy(Image8(2, 2, 3), Image8(2, 2, 3)), Error);
  EXPECT_THROW(palette_accuracy(Image8(), Image8()), Error);
}

}  // namespace
}  // namespace tint
