#include "tint/compose.hpp"

#include <gtest/gtest.h>

#include <utility>

#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/image_io.hpp"
#include "tint/random.hpp"
#include "tint/resample.hpp"

namespace tint {
namespace {

TEST(Compose, TrueAbAtFullSizeGivesBackThePhoto) {
  const Image8 photo = read_image(test::data_set("kodak/kodim03.png"));
  const ImageF lab = rgb8_to_lab(photo);
  EXPECT_EQ(compose_lab(take_channels(lab, 0, 1), take_channels(lab, 1, 2)), photo);
}

TEST(Compose, LowResolutionAbKeepsFullResolutionLightness) {
  const Image8 photo = read_image(test::data_set("kodak/kodim03.png"));
  const ImageF lab = rgb8_to_lab(photo);
  const ImageF small_ab = resize(take_channels(lab, 1, 2), 48, 32);
  const Image8 out = compose_lab(take_channels(lab, 0, 1), small_ab);
  ASSERT_EQ(out.width(), photo.width());
  ASSERT_EQ(out.height(), photo.height());
  const ImageF out_l = lightness(out);
  double error = 0.0;
  for (std::size_t i = 0; i < out_l.pixel_count(); ++i)
    error += std::abs(out_l.data()[i] - lab.data()[3 * i]);
  EXPECT_LT(error / static_cast<double>(out_l.pixel_count()), 1.0);  // mean |dL| under 1
}

// compose_lab works row by row; its pixels must be those of resizing ab whole, building the whole
// Lab image and converting it, bit for bit.
TEST(Compose, RowByRowEqualsWholeImageConversion) {
  Random random(17);
  const struct {
    int ab_width, ab_height, width, height;
  } cases[] = {{13, 7, 50, 33}, {60, 40, 17, 11}, {20, 20, 20, 20}, {9, 30, 40, 12}, {1, 1, 5, 3}};
  for (const auto& c : cases) {
    ImageF l(c.width, c.height, 1);
    for (std::size_t i = 0; i < l.sample_count(); ++i)
      l.data()[i] = static_cast<float>(random.uniform() * 100.0);
    ImageF ab(c.ab_width, c.ab_height, 2);
    for (std::size_t i = 0; i < ab.sample_count(); ++i)
      ab.data()[i] = static_cast<float>(random.uniform() * 200.0 - 100.0);
    const ImageF full_ab = resize(ab, c.width, c.height);
    ImageF lab(c.width, c.height, 3);
    for (std::size_t i = 0; i < lab.pixel_count(); ++i) {
      lab.data()[3 * i] = l.data()[i];
      lab.data()[3 * i + 1] = full_ab.data()[2 * i];
      lab.data()[3 * i + 2] = full_ab.data()[2 * i + 1];
    }
    EXPECT_EQ(compose_lab(l, ab), lab_to_rgb8(lab))
        << c.ab_width << "x" << c.ab_height << " -> " << c.width << "x" << c.height;
  }
}

TEST(Compose, OutOfGamutAbIsClipped) {
  const ImageF l(2, 2, 1, std::vector<float>{50, 50, 50, 50});
  const ImageF wild(1, 1, 2, std::vector<float>{300.0f, -300.0f});
  const Image8 out = compose_lab(l, wild);
  EXPECT_EQ(out.width(), 2);
  EXPECT_EQ(out.pixel(0, 0)[0], out.pixel(1, 1)[0]);
}

TEST(Compose, RejectsWrongChannels) {
  EXPECT_THROW(compose_lab(ImageF(2, 2, 3), ImageF(2, 2, 2)), Error);
  EXPECT_THROW(compose_lab(ImageF(2, 2, 1), ImageF(2, 2, 3)), Error);
}

// Bands of rows in any order (the app composes a large photo's result over frames) give the whole
// image's bytes; rows outside the image and an output of another size are refused.
TEST(Compose, RowBandsEqualTheWholeImage) {
  Random random(23);
  ImageF l(31, 19, 1);
  for (std::size_t i = 0; i < l.sample_count(); ++i)
    l.data()[i] = static_cast<float>(random.uniform() * 100.0);
  ImageF ab(8, 5, 2);
  for (std::size_t i = 0; i < ab.sample_count(); ++i)
    ab.data()[i] = static_cast<float>(random.uniform() * 200.0 - 100.0);
  const RowResizer ab_rows(ab, l.width(), l.height());
  Image8 rgb(31, 19, 3);
  for (const auto& [first, rows] : {std::pair{7, 12}, std::pair{0, 7}})
    compose_lab_rows(l, ab_rows, rgb, first, rows);
  EXPECT_EQ(rgb, compose_lab(l, ab));

  EXPECT_THROW(compose_lab_rows(l, ab_rows, rgb, 15, 5), Error);
  EXPECT_THROW(compose_lab_rows(l, ab_rows, rgb, -1, 1), Error);
  Image8 other(30, 19, 3);
  EXPECT_THROW(compose_lab_rows(l, ab_rows, other, 0, 1), Error);
}

}  // namespace
}  // namespace tint
