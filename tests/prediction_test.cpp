#include "tint/prediction.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"
#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"

namespace tint {
namespace {

ModelCard card_of(ModelMode mode) {
  ModelCard card;
  card.name = "test";
  card.mode = mode;
  card.l_offset = 50.0f;
  card.l_scale = 50.0f;
  if (mode == ModelMode::kPalette) card.palette = {{255, 0, 0}, {0, 0, 255}};
  if (mode == ModelMode::kBins313) card.bin_centres = AbBins::standard().centres();
  return card;
}

TEST(Prediction, InputSizeIsTheCardsOrTheImageCappedAndRounded) {
  ModelCard card = card_of(ModelMode::kAb);
  card.input_size = 32;
  EXPECT_EQ(model_input_size(card, 768, 512).width, 32);
  card.input_size = 0;
  card.input_multiple = 4;
  const InputSize capped = model_input_size(card, 768, 512, 512);
  EXPECT_EQ(capped.width, 512);
  EXPECT_EQ(capped.height, 340);  // 341.3 rounded to a multiple of 4
  const InputSize small = model_input_size(card, 3, 30, 512);
  EXPECT_EQ(small.width, 4);
  EXPECT_EQ(small.height, 32);  // 7.5 multiples round up
}

TEST(Prediction, NetworkInputIsResizedAndNormalisedLightness) {
  ImageF l(8, 4, 1);
  for (std::size_t i = 0; i < l.sample_count(); ++i) l.data()[i] = 75.0f;
  const std::vector<float> input = network_input(l, card_of(ModelMode::kAb), {4, 2});
  ASSERT_EQ(input.size(), 8u);
  for (float v : input) EXPECT_FLOAT_EQ(v, 0.5f);
}

TEST(Prediction, AbOutputIsScaledAndPaletteOutputTakesTheBestClass) {
  const std::vector<float> ab_planes = {0.5f, -0.25f};  // 1x1: a plane, then b plane
  const ImageF ab = predicted_ab({ab_planes.data(), 2, 1, 1}, card_of(ModelMode::kAb), 0.38f);
  EXPECT_FLOAT_EQ(ab.data()[0], 64.0f);
  EXPECT_FLOAT_EQ(ab.data()[1], -32.0f);

  const ModelCard palette = card_of(ModelMode::kPalette);
  const std::vector<float> scores = {0.1f, 3.0f, 2.0f, -1.0f};  // 2 classes x 2 pixels
  const Image8 classes = predicted_classes({scores.data(), 2, 2, 1}, palette);
  EXPECT_EQ(classes.data()[0], 1);  // blue wins the first pixel
  EXPECT_EQ(classes.data()[1], 0);
  const ImageF decoded = predicted_ab({scores.data(), 2, 2, 1}, palette, 0.38f);
  const Lab blue = srgb8_to_lab({0, 0, 255});
  EXPECT_FLOAT_EQ(decoded.data()[0], blue.a);
  EXPECT_FLOAT_EQ(decoded.data()[1], blue.b);
}

TEST(Prediction, ColorizedImageHasTheLightnessPlanesSize) {
  ImageF l(10, 6, 1);
  for (std::size_t i = 0; i < l.sample_count(); ++i) l.data()[i] = 60.0f;
  const std::vector<float> planes(2 * 4, 0.3f);
  const Image8 rgb = colorize_output(l, {planes.data(), 2, 2, 2}, card_of(ModelMode::kAb), 0.38f);
  EXPECT_EQ(rgb.width(), 10);
  EXPECT_EQ(rgb.height(), 6);
  EXPECT_GT(rgb.data()[0], rgb.data()[2]);  // positive a and b: warmer than it is blue
}

TEST(Prediction, OutputChannelsFollowTheCardsMode) {
  EXPECT_EQ(output_channels(card_of(ModelMode::kAb)), 2);
  EXPECT_EQ(output_channels(card_of(ModelMode::kRgb)), 3);
  const ModelCard palette = card_of(ModelMode::kPalette);
  EXPECT_EQ(output_channels(palette), static_cast<int>(palette.palette.size()));
  const ModelCard bins = card_of(ModelMode::kBins313);
  EXPECT_EQ(output_channels(bins), static_cast<int>(bins.bin_centres.size()));
}

TEST(Prediction, OutputsThatDoNotFitTheCardAreRefused) {
  const std::vector<float> planes(3, 0.0f);
  EXPECT_EQ(test::error_of([&] {
              predicted_ab({planes.data(), 3, 1, 1}, card_of(ModelMode::kBins313), 0.38f);
            }),
            "model output: 3 channels, but a bins313 model with this card outputs 261");
  const std::vector<float> nan = {0.0f, std::nanf("")};
  EXPECT_EQ(test::error_of([&] {
              predicted_ab({nan.data(), 2, 1, 1}, card_of(ModelMode::kAb), 0.38f);
            }),
            "model output: value 1 is not finite");
  std::vector<float> scores(261, 0.0f);
  scores[260] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(test::error_of([&] {
              predicted_ab({scores.data(), 261, 1, 1}, card_of(ModelMode::kBins313), 0.38f);
            }),
            "annealed_mean: non-finite score at pixel (0, 0)");
}

}  // namespace
}  // namespace tint
