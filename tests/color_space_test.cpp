#include "tint/color_space.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <utility>

#include "reference_color.hpp"
#include "test_support.hpp"
#include "tint/image_io.hpp"
#include "tint/random.hpp"

namespace tint {
namespace {

TEST(ColorSpace, WhiteIsL100WithZeroChroma) {
  const Lab white = srgb8_to_lab({255, 255, 255});
  EXPECT_NEAR(white.L, 100.0, 0.01);
  EXPECT_NEAR(white.a, 0.0, 0.01);
  EXPECT_NEAR(white.b, 0.0, 0.01);
}

TEST(ColorSpace, PureRedMatchesPublishedLab) {
  const Lab red = srgb8_to_lab({255, 0, 0});
  EXPECT_NEAR(red.L, 53.24, 0.01);
  EXPECT_NEAR(red.a, 80.09, 0.01);
  EXPECT_NEAR(red.b, 67.20, 0.01);
  const reference::Vec3d ref = reference::srgb_to_lab({1.0, 0.0, 0.0});
  EXPECT_NEAR(red.L, ref[0], 0.01);
  EXPECT_NEAR(red.a, ref[1], 0.01);
  EXPECT_NEAR(red.b, ref[2], 0.01);
}

TEST(ColorSpace, BlackIsZero) {
  const Lab black = srgb8_to_lab({0, 0, 0});
  EXPECT_EQ(black.L, 0.0f);
  EXPECT_EQ(black.a, 0.0f);
  EXPECT_EQ(black.b, 0.0f);
}

// Every 8-bit sRGB colour survives sRGB -> Lab -> sRGB unchanged.
TEST(ColorSpace, AllSixteenMillionColoursRoundTripExactly) {
  long long mismatches = 0;
  test::for_every_colour([&](int, const Image8& plane) {
    const Image8 back = lab_to_rgb8(rgb8_to_lab(plane));
    for (std::size_t i = 0; i < plane.sample_count(); ++i)
      mismatches += back.data()[i] != plane.data()[i];
  });
  EXPECT_EQ(mismatches, 0);
}

// The float path stays within 0.001 of the float64 reference over a 52^3 lattice of colours.
TEST(ColorSpace, MatchesFloat64ReferenceAcrossTheCube) {
  double worst = 0.0;
  for (int r = 0; r < 256; r += 5)
    for (int g = 0; g < 256; g += 5)
      for (int b = 0; b < 256; b += 5) {
        const Lab lab = srgb8_to_lab({std::uint8_t(r), std::uint8_t(g), std::uint8_t(b)});
        const reference::Vec3d ref = reference::srgb_to_lab({r / 255.0, g / 255.0, b / 255.0});
        worst = std::max(
            {worst, std::abs(lab.L - ref[0]), std::abs(lab.a - ref[1]), std::abs(lab.b - ref[2])});
      }
  EXPECT_LT(worst, 1e-3);
}

TEST(ColorSpace, TransferFunctionsMatchReference) {
  for (int i = 0; i <= 1000; ++i) {
    const double v = i / 1000.0;
    EXPECT_NEAR(srgb_to_linear(static_cast<float>(v)), reference::srgb_to_linear(v), 1e-6) << v;
    EXPECT_NEAR(linear_to_srgb(static_cast<float>(v)), reference::linear_to_srgb(v), 2e-6) << v;
  }
}

// Lab -> sRGB8 equals rounding the float64 reference after per-channel clipping, for Lab values far
// outside the gamut too; values within 1e-4 of a rounding tie are skipped as undecidable in float.
TEST(ColorSpace, LabToSrgb8ClipsAndRoundsLikeReference) {
  int checked = 0;
  for (int L = 0; L <= 100; L += 5)
    for (int a = -128; a <= 127; a += 7)
      for (int b = -128; b <= 127; b += 7) {
        const reference::Vec3d linear = reference::lab_to_linear({double(L), double(a), double(b)});
        const Rgb8 got = lab_to_srgb8({float(L), float(a), float(b)});
        for (int c = 0; c < 3; ++c) {
          const double clipped = std::clamp(linear[c], 0.0, 1.0);
          const double scaled = 255.0 * reference::linear_to_srgb(clipped);
          if (std::abs(scaled - std::floor(scaled) - 0.5) < 1e-4) continue;
          ASSERT_EQ(got[c], static_cast<int>(std::lround(scaled))) << L << " " << a << " " << b;
          ++checked;
        }
      }
  EXPECT_GT(checked, 10000);
}

TEST(ColorSpace, NanLabBecomesBlackNotGarbage) {
  const Rgb8 rgb = lab_to_srgb8({std::nanf(""), 0.0f, 0.0f});
  EXPECT_EQ(rgb, (Rgb8{0, 0, 0}));
}

TEST(ColorSpace, GrayFromLightnessIsNeutralAndKeepsL) {
  Image8 rgb(4, 1, 3, std::vector<std::uint8_t>{200, 30, 40, 10, 220, 90, 0, 0, 0, 255, 255, 255});
  const ImageF l = lightness(rgb);
  const Image8 gray = gray_from_lightness(l);
  const ImageF gray_l = lightness(gray);
  for (int x = 0; x < 4; ++x) {
    const std::uint8_t* p = gray.pixel(x, 0);
    EXPECT_EQ(p[0], p[1]);
    EXPECT_EQ(p[1], p[2]);
    EXPECT_NEAR(gray_l.pixel(x, 0)[0], l.pixel(x, 0)[0], 0.5);
  }
  EXPECT_EQ(to_gray(rgb), gray);
}

TEST(ColorSpace, GrayPlaneHoldsTheGrayImagesCodes) {
  ImageF l(101, 1, 1);
  for (int x = 0; x <= 100; ++x) l.data()[x] = static_cast<float>(x) - 0.37f * (x % 3);
  const Image8 gray = gray_from_lightness(l);
  const Image8 plane = gray_plane_from_lightness(l);
  ASSERT_EQ(plane.channels(), 1);
  for (int x = 0; x <= 100; ++x) EXPECT_EQ(plane.data()[x], gray.data()[3 * x]) << x;
  EXPECT_THROW(gray_plane_from_lightness(ImageF(2, 2, 3)), Error);
}

TEST(ColorSpace, ImageConversionsRejectWrongChannelCounts) {
  EXPECT_THROW(rgb8_to_lab(Image8(2, 2, 1)), Error);
  EXPECT_THROW(rgb8_to_lab(Image8()), Error);
  EXPECT_THROW(lab_to_rgb8(ImageF(2, 2, 2)), Error);
  EXPECT_THROW(gray_from_lightness(ImageF(2, 2, 3)), Error);
  try {
    lab_to_rgb8(ImageF(2, 2, 2));
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "lab_to_rgb8: expected 3 channel(s), got 2");
  }
}

TEST(ColorSpace, TakeChannelsSplitsLabPlanes) {
  ImageF lab(1, 2, 3, std::vector<float>{50, 10, -20, 60, -5, 7});
  EXPECT_EQ(take_channels(lab, 0, 1).samples(), (std::vector<float>{50, 60}));
  EXPECT_EQ(take_channels(lab, 1, 2).samples(), (std::vector<float>{10, -20, -5, 7}));
  EXPECT_THROW(take_channels(lab, 2, 2), Error);
}

}  // namespace
}  // namespace tint

namespace tint {
namespace {

// The vectorised image paths compute exactly what the per-pixel functions compute.
// lightness() computes L alone; it must equal the L of the full conversion bit for bit.
TEST(ColorSpace, LightnessEqualsTheLabConversionsLForEveryColour) {
  long long mismatches = 0;
  test::for_every_colour([&](int, const Image8& plane) {
    const ImageF l = lightness(plane);
    const ImageF lab = rgb8_to_lab(plane);
    ASSERT_EQ(l.channels(), 1);
    for (std::size_t i = 0; i < plane.pixel_count(); ++i)
      mismatches += std::memcmp(&l.data()[i], &lab.data()[3 * i], sizeof(float)) != 0;
  });
  EXPECT_EQ(mismatches, 0);
}

TEST(ColorSpace, ImagePathsEqualPerPixelPathsBitForBit) {
  Image8 rgb(997, 3, 3);  // not a multiple of the block size
  Random random(3);
  for (std::size_t i = 0; i < rgb.sample_count(); ++i)
    rgb.data()[i] = std::uint8_t(random.below(256));
  const ImageF lab = rgb8_to_lab(rgb);
  ImageF shifted = lab;  // off-grid Lab values, some out of gamut
  for (std::size_t i = 0; i < shifted.sample_count(); ++i)
    shifted.data()[i] += static_cast<float>(random.uniform() * 40.0 - 20.0);
  const Image8 back = lab_to_rgb8(shifted);
  for (std::size_t i = 0; i < rgb.pixel_count(); ++i) {
    const std::uint8_t* p = rgb.data() + 3 * i;
    const Lab single = srgb8_to_lab({p[0], p[1], p[2]});
    ASSERT_EQ(single.L, lab.data()[3 * i]);
    ASSERT_EQ(single.a, lab.data()[3 * i + 1]);
    ASSERT_EQ(single.b, lab.data()[3 * i + 2]);
    const float* s = shifted.data() + 3 * i;
    const Rgb8 expected = lab_to_srgb8({s[0], s[1], s[2]});
    ASSERT_EQ(expected, (Rgb8{back.data()[3 * i], back.data()[3 * i + 1], back.data()[3 * i + 2]}));
  }
}

TEST(ColorSpace, ConversionsIntoExistingImagesReshapeOrReuseThem) {
  const Image8 rgb = read_image(test::fixture("rgb.png"));
  ImageF lab(5, 7, 1);  // wrong shape: replaced
  rgb8_to_lab(rgb, lab);
  EXPECT_EQ(lab, rgb8_to_lab(rgb));
  const float* storage = lab.data();
  rgb8_to_lab(rgb, lab);  // right shape: converted in place
  EXPECT_EQ(storage, lab.data());
  Image8 back(1, 1, 3);
  lab_to_rgb8(lab, back);
  EXPECT_EQ(back, rgb);
}

// Row bands in any order give the whole image's values (the app fills a large photo's planes a
// band per frame); rows outside the image or images of another size are refused.
TEST(ColorSpace, RowBandsEqualTheWholeImageConversions) {
  Image8 rgb(301, 7, 3);  // rows not a multiple of the block size
  Random random(5);
  for (std::size_t i = 0; i < rgb.sample_count(); ++i)
    rgb.data()[i] = std::uint8_t(random.below(256));
  const ImageF whole_l = lightness(rgb);
  const Image8 whole_gray = gray_plane_from_lightness(whole_l);
  ImageF l(301, 7, 1);
  Image8 gray(301, 7, 1);
  for (const auto& [first, rows] : {std::pair{4, 3}, std::pair{0, 1}, std::pair{1, 3}}) {
    lightness_rows(rgb, l, first, rows);
    gray_plane_rows(l, gray, first, rows);
  }
  EXPECT_EQ(l, whole_l);
  EXPECT_EQ(gray, whole_gray);

  EXPECT_THROW(lightness_rows(rgb, l, 5, 3), Error);
  EXPECT_THROW(lightness_rows(rgb, l, -1, 1), Error);
  ImageF narrow(300, 7, 1);
  EXPECT_THROW(lightness_rows(rgb, narrow, 0, 1), Error);
  Image8 three(301, 7, 3);
  EXPECT_THROW(gray_plane_rows(l, three, 0, 1), Error);
}

}  // namespace
}  // namespace tint
