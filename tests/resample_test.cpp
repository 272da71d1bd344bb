#include "tint/resample.hpp"

#include <gtest/gtest.h>

namespace tint {
namespace {

ImageF ramp(int width, int height) {
  ImageF image(width, height, 1);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x) image.pixel(x, y)[0] = static_cast<float>(x + 10 * y);
  return image;
}

TEST(Resample, SameSizeIsACopy) {
  const ImageF image = ramp(5, 4);
  EXPECT_EQ(resize(image, 5, 4), image);
}

TEST(Resample, IntegerAreaDownscaleAveragesBlocks) {
  const ImageF half = resize(ramp(4, 4), 2, 2);
  EXPECT_FLOAT_EQ(half.pixel(0, 0)[0], (0 + 1 + 10 + 11) / 4.0f);
  EXPECT_FLOAT_EQ(half.pixel(1, 1)[0], (22 + 23 + 32 + 33) / 4.0f);
}

TEST(Resample, FractionalAreaDownscaleKeepsTheMean) {
  const ImageF image = ramp(7, 5);
  const ImageF small = resize(image, 3, 2);
  double mean_in = 0, mean_out = 0;
  for (float v : image.samples()) mean_in += v;
  for (float v : small.samples()) mean_out += v;
  EXPECT_NEAR(mean_in / 35.0, mean_out / 6.0, 1e-4);
}

TEST(Resample, BilinearUpscaleInterpolatesBetweenCentres) {
  ImageF two(2, 1, 1, std::vector<float>{0.0f, 4.0f});
  const ImageF four = resize(two, 4, 1);
  // Output centres at source x = -0.25 (clamped), 0.25, 0.75, 1.25 (clamped).
  EXPECT_EQ(four.samples(), (std::vector<float>{0.0f, 1.0f, 3.0f, 4.0f}));
  const ImageF tall = resize(two, 2, 3);  // vertical growth of a 1-row image repeats it
  EXPECT_EQ(tall.pixel(1, 2)[0], 4.0f);
}

TEST(Resample, MixedAxesShrinkOneGrowTheOther) {
  const ImageF out = resize(ramp(8, 2), 2, 6);
  EXPECT_EQ(out.width(), 2);
  EXPECT_EQ(out.height(), 6);
  EXPECT_FLOAT_EQ(out.pixel(0, 0)[0], 1.5f);  // mean of 0..3 on the top row
}

TEST(Resample, EightBitImagesRound) {
  Image8 image(2, 1, 3, std::vector<std::uint8_t>{0, 100, 255, 1, 101, 255});
  const Image8 one = resize(image, 1, 1);
  EXPECT_EQ(one.samples(), (std::vector<std::uint8_t>{1, 101, 255}));  // 0.5 rounds up
}

TEST(Resample, RejectsBadSizes) {
  EXPECT_THROW(resize(ramp(4, 4), 0, 4), Error);
  EXPECT_THROW(resize(ImageF(), 4, 4), Error);
  EXPECT_THROW(resize(ramp(4, 4), 100, 100, 1000), Error);
}

}  // namespace
}  // namespace tint
