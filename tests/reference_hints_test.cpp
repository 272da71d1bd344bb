#include "tint/reference_hints.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/hints.hpp"
#include "tint/image_io.hpp"

namespace tint {
namespace {

using test::error_of;

// The photo's own colour version as another camera might show it: mirrored, and cropped to 80 %
// of each side.
Image8 mirrored_crop(const Image8& photo) {
  const int width = photo.width() * 4 / 5, height = photo.height() * 4 / 5;
  const int left = photo.width() / 10, top = photo.height() / 20;
  Image8 crop(width, height, 3);
  for (int y = 0; y < height; ++y)
    for (int x = 0; x < width; ++x)
      std::copy_n(photo.pixel(left + width - 1 - x, top + y), 3, crop.pixel(x, y));
  return crop;
}

// The ab distance between each hint's colour and the truth's mean colour around its point.
std::vector<double> hint_errors(const std::vector<ColourHint>& hints, const Image8& truth) {
  const ImageF lab = rgb8_to_lab(truth);
  std::vector<double> errors;
  for (const ColourHint& hint : hints) {
    double a = 0, b = 0;
    int n = 0;
    for (int y = int(hint.y) - 2; y <= int(hint.y) + 2; ++y)
      for (int x = int(hint.x) - 2; x <= int(hint.x) + 2; ++x) {
        if (x < 0 || y < 0 || x >= truth.width() || y >= truth.height()) continue;
        a += double(lab.pixel(x, y)[1]);
        b += double(lab.pixel(x, y)[2]);
        ++n;
      }
    const Lab hint_lab = srgb8_to_lab(hint.rgb);
    errors.push_back(std::hypot(double(hint_lab.a) - a / n, double(hint_lab.b) - b / n));
  }
  return errors;
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

TEST(ReferenceHints, ThePhotosOwnColourVersionGivesManyHintsOfItsColours) {
  const Image8 photo = read_image(test::data_set("kodak/kodim03.png"));
  const ImageF gray_lightness = lightness(photo);
  const std::vector<ColourHint> hints = reference_hints(
      gray_lightness, mirrored_crop(photo), "kodim03-mirrored.png", kDefaultReferenceStrength);
  ASSERT_GE(hints.size(), 30u);
  for (const ColourHint& hint : hints) {
    EXPECT_TRUE(hint.x >= 0 && hint.x < photo.width() && hint.y >= 0 && hint.y < photo.height());
  }
  // Most hints carry the truth's colour where they are (the gray baseline is off by the
  // truth's chroma, about 20 here).
  EXPECT_LT(median(hint_errors(hints, photo)), 6.0);
  // Run again: the same hints, bit for bit.
  EXPECT_EQ(
      reference_hints(gray_lightness, mirrored_crop(photo), "again", kDefaultReferenceStrength),
      hints);
}

TEST(ReferenceHints, StrengthScalesHowMany) {
  const Image8 photo = read_image(test::data_set("kodak/kodim05.png"));
  const Image8 reference = mirrored_crop(photo);
  const std::size_t weak = reference_hints(lightness(photo), reference, "r", 0.0f).size();
  const std::size_t medium = reference_hints(lightness(photo), reference, "r", 0.5f).size();
  const std::size_t strong = reference_hints(lightness(photo), reference, "r", 1.0f).size();
  EXPECT_GT(weak, 0u);
  EXPECT_LT(weak, medium);
  EXPECT_LT(medium, strong);
}

TEST(ReferenceHints, AnUnrelatedReferenceGivesFewOrNone) {
  const Image8 photo = read_image(test::data_set("kodak/kodim03.png"));
  const std::size_t own =
      reference_hints(lightness(photo), mirrored_crop(photo), "own", 1.0f).size();
  for (const char* other : {"kodak/kodim01.png", "kodak/kodim08.png", "kodak/kodim12.png"}) {
    const std::size_t unrelated =
        reference_hints(lightness(photo), read_image(test::data_set(other)), other, 1.0f).size();
    EXPECT_LT(unrelated * 5, own) << other;
  }
}

TEST(ReferenceHints, RefusesReferencesWithNothingToGive) {
  const Image8 photo = read_image(test::data_set("kodak/kodim03.png"));
  const ImageF l = lightness(photo);
  EXPECT_EQ(error_of([&] { reference_hints(l, to_gray(photo), "gray.png", 0.5f); }),
            "gray.png: the reference has no colour to give (it is gray): choose a colour photo");
  EXPECT_EQ(error_of([&] { reference_hints(l, Image8(12, 40, 3), "tiny.png", 0.5f); }),
            "tiny.png: the reference is 12x40, too small to match: at least 16 pixels a side");
  EXPECT_EQ(error_of([&] { reference_hints(l, Image8(40, 40, 4), "alpha.png", 0.5f); }),
            "alpha.png: the reference must be a colour (RGB) photo");
  EXPECT_EQ(error_of([&] { reference_hints(l, photo, "kodim03.png", 1.5f); }),
            "reference strength: 1.5 is outside 0..1");
}

TEST(ReferenceHints, PaletteSwatchesTakeTheReferencesNearestDominantColours) {
  // A reference of two colours: a deep blue and a warm orange, in equal halves.
  Image8 reference(64, 64, 3);
  for (int y = 0; y < 64; ++y)
    for (int x = 0; x < 64; ++x) {
      const Rgb8 colour = x < 32 ? Rgb8{20, 40, 160} : Rgb8{230, 140, 40};
      std::copy(colour.begin(), colour.end(), reference.pixel(x, y));
    }
  const std::vector<Rgb8> palette = {{0, 0, 255}, {255, 128, 0}};
  // Each swatch within a few CIELAB units of its colour (the halves meet in a blend).
  const auto near = [](Rgb8 swatch, Rgb8 colour) {
    const Lab a = srgb8_to_lab(swatch), b = srgb8_to_lab(colour);
    return std::hypot(double(a.L - b.L), double(a.a - b.a), double(a.b - b.b)) < 3.0;
  };
  const std::vector<Rgb8> swatches = reference_palette(reference, "two.png", palette);
  ASSERT_EQ(swatches.size(), 2u);
  EXPECT_TRUE(near(swatches[0], {20, 40, 160}));
  EXPECT_TRUE(near(swatches[1], {230, 140, 40}));
  // Listed the other way round, each swatch still takes its near colour.
  const std::vector<Rgb8> reversed =
      reference_palette(reference, "two.png", {palette[1], palette[0]});
  EXPECT_TRUE(near(reversed[0], {230, 140, 40}));
  EXPECT_TRUE(near(reversed[1], {20, 40, 160}));
}

TEST(ReferenceHints, HintsFilesNameTheirReference) {
  const std::vector<ColourHint> hints = {{10, 20, {200, 30, 30}}};
  const std::string text = hints_file_text(hints, "house-today.jpg");
  EXPECT_EQ(parse_hints(text, "hints.json", 100, 100), hints);
  EXPECT_EQ(hints_reference(text, "hints.json"), "house-today.jpg");
  EXPECT_EQ(hints_reference(hints_file_text(hints, ""), "hints.json"), "");
  EXPECT_EQ(error_of([] { hints_reference(R"({"hints": [], "reference": 3})", "h.json"); }),
            "h.json.reference: expected a string, got a number");
}

}  // namespace
}  // namespace tint
