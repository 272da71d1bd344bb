// Colour hints held in the output: the hint's colour at its spot, its surroundings following up to
// an edge, far cells and the other side of an edge left to the network.
#include "tint/hint_guidance.hpp"

#include <gtest/gtest.h>

#include "tint/color_space.hpp"
#include "tint/error.hpp"
#include "tint/prediction.hpp"

namespace tint {
namespace {

constexpr int kSide = 40;

// ab of (1, -1) everywhere, and L of 50 left of column 20 and 80 from it.
struct Scene {
  ImageF ab{kSide, kSide, 2, std::vector<float>(2 * kSide * kSide, 0.0f)};
  ImageF lightness{kSide, kSide, 1, std::vector<float>(kSide* kSide, 50.0f)};
  Scene() {
    for (int y = 0; y < kSide; ++y)
      for (int x = 0; x < kSide; ++x) {
        ab.pixel(x, y)[0] = 1.0f;
        ab.pixel(x, y)[1] = -1.0f;
        if (x >= 20) *lightness.pixel(x, y) = 80.0f;
      }
  }
};

TEST(HintGuidance, TheHintsSpotTakesItsColourAndTheFarAndEdgedCellsKeepTheirs) {
  Scene scene;
  const Rgb8 red{200, 30, 30};
  const Lab lab = srgb8_to_lab(red);
  // The image is 4x the ab grid: pixel (40, 80) is cell (10, 20).
  follow_hints(scene.ab, scene.lightness, {{40, 80, red}}, 4 * kSide, 4 * kSide);
  EXPECT_FLOAT_EQ(scene.ab.pixel(10, 20)[0], lab.a);
  EXPECT_FLOAT_EQ(scene.ab.pixel(10, 20)[1], lab.b);
  // A cell away: nearly the hint's colour.
  EXPECT_NEAR(scene.ab.pixel(11, 20)[0], lab.a, 0.05 * (lab.a - 1.0));
  // Far away, and across the edge: the network's colour.
  EXPECT_FLOAT_EQ(scene.ab.pixel(0, 0)[0], 1.0f);
  EXPECT_FLOAT_EQ(scene.ab.pixel(10, 39)[1], -1.0f);
  EXPECT_NEAR(scene.ab.pixel(20, 20)[0], 1.0f, 0.01 * lab.a);
}

TEST(HintGuidance, OverlappingHintsMeetHalfWay) {
  Scene scene;
  follow_hints(scene.ab, scene.lightness, {{20, 80, {200, 30, 30}}, {44, 80, {30, 30, 200}}},
               4 * kSide, 4 * kSide);
  // Cells 5 and 11: the middle, cell 8, is the mean of the two.
  const float b_red = srgb8_to_lab({200, 30, 30}).b, b_blue = srgb8_to_lab({30, 30, 200}).b;
  EXPECT_NEAR(scene.ab.pixel(8, 20)[1], (b_red + b_blue) / 2, 1e-3);
  // Each hint's own cell keeps most of its colour (six cells apart, the other weighs 0.32).
  EXPECT_NEAR(scene.ab.pixel(5, 20)[1], b_red, 0.25 * (b_red - b_blue));
  EXPECT_NEAR(scene.ab.pixel(11, 20)[1], b_blue, 0.25 * (b_red - b_blue));
}

TEST(HintGuidance, ColorizeOutputHoldsTheHintsOfAHintModelOnly) {
  ModelCard card;
  card.name = "hinted";
  card.mode = ModelMode::kAb;
  card.ab_scale = 110.0f;
  card.takes_hints = true;
  const ImageF lightness(8, 8, 1, std::vector<float>(64, 50.0f));
  const std::vector<float> planes(2 * 4 * 4, 0.0f);
  const NetworkOutput output{planes.data(), 2, 4, 4};
  const Rgb8 red{200, 30, 30};
  const Image8 hinted = colorize_output(lightness, output, card, 0.38f, {{3, 3, red}});
  EXPECT_GT(int(hinted.pixel(3, 3)[0]), int(hinted.pixel(3, 3)[2]) + 40);  // red, not gray
  card.takes_hints = false;
  EXPECT_THROW(colorize_output(lightness, output, card, 0.38f, {{3, 3, red}}), Error);
}

}  // namespace
}  // namespace tint
