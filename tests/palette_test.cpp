#include "tint/palette.hpp"

#include <gtest/gtest.h>

#include <set>

#include "test_support.hpp"
#include "tint/image_io.hpp"
#include "tint/random.hpp"
#include "tint/resample.hpp"

namespace tint {
namespace {

// Four flat colour quadrants with a little deterministic noise.
Image8 quadrants(int size, std::uint64_t seed) {
  const Rgb8 colours[4] = {{200, 30, 30}, {30, 180, 40}, {20, 40, 210}, {240, 230, 60}};
  Random random(seed);
  Image8 image(size, size, 3);
  for (int y = 0; y < size; ++y)
    for (int x = 0; x < size; ++x) {
      const Rgb8& c = colours[(y < size / 2 ? 0 : 2) + (x < size / 2 ? 0 : 1)];
      for (int ch = 0; ch < 3; ++ch)
        image.pixel(x, y)[ch] = static_cast<std::uint8_t>(c[ch] + random.below(5) - 2);
    }
  return image;
}

TEST(Palette, KMeansFindsTheFourColours) {
  KMeansOptions options;
  options.k = 4;
  const KMeansResult result = fit_palette({quadrants(32, 1), quadrants(32, 2)}, options);
  EXPECT_TRUE(result.converged);
  EXPECT_EQ(result.samples, 2048u);
  ASSERT_EQ(result.palette.colors.size(), 4u);
  std::set<Rgb8> found(result.palette.colors.begin(), result.palette.colors.end());
  for (const Rgb8 expected :
       {Rgb8{200, 30, 30}, Rgb8{30, 180, 40}, Rgb8{20, 40, 210}, Rgb8{240, 230, 60}}) {
    bool close = false;
    for (const Rgb8& c : found)
      close |= std::abs(c[0] - expected[0]) <= 1 && std::abs(c[1] - expected[1]) <= 1 &&
               std::abs(c[2] - expected[2]) <= 1;
    EXPECT_TRUE(close) << int(expected[0]) << "," << int(expected[1]) << "," << int(expected[2]);
  }
  EXPECT_LT(result.inertia, 6.5);  // the noise alone: 3 channels x variance 2
}

TEST(Palette, SameSeedSameResultForAnyThreadCount) {
  const Image8 photo = read_image(test::data_set("kodak/kodim05.png"));
  KMeansOptions options;
  options.k = 24;
  options.sample_fraction = 0.4;
  options.seed = 7;
  options.threads = 1;
  const KMeansResult one = fit_palette({photo}, options);
  options.threads = 3;
  const KMeansResult three = fit_palette({photo}, options);
  EXPECT_EQ(one.palette.colors, three.palette.colors);
  EXPECT_EQ(one.iterations, three.iterations);
  EXPECT_EQ(one.inertia, three.inertia);
  options.seed = 8;
  EXPECT_NE(fit_palette({photo}, options).palette.colors, one.palette.colors);
}

TEST(Palette, SampleFractionDrawsThatShareOfPixels) {
  KMeansOptions options;
  options.k = 4;
  options.sample_fraction = 0.4;
  const KMeansResult result = fit_palette({quadrants(100, 3)}, options);
  EXPECT_NEAR(static_cast<double>(result.samples), 4000.0, 200.0);
}

TEST(Palette, LabDistanceWorksToo) {
  KMeansOptions options;
  options.k = 4;
  options.distance = ColorDistance::kLab;
  const KMeansResult result = fit_palette({quadrants(32, 1)}, options);
  EXPECT_EQ(result.palette.distance, ColorDistance::kLab);
  const Image8 classes = map_to_palette(quadrants(32, 1), result.palette);
  std::set<int> used(classes.samples().begin(), classes.samples().end());
  EXPECT_EQ(used.size(), 4u);
}

TEST(Palette, MappingPicksTheNearestColour) {
  Palette palette{{{0, 0, 0}, {255, 255, 255}, {255, 0, 0}}, ColorDistance::kRgb};
  Image8 image(4, 1, 3,
               std::vector<std::uint8_t>{10, 10, 10, 250, 240, 245, 200, 20, 10, 120, 120, 120});
  const Image8 classes = map_to_palette(image, palette);
  EXPECT_EQ(classes.samples(), (std::vector<std::uint8_t>{0, 1, 2, 0}));
  const Image8 decoded = decode_classes(classes, palette);
  EXPECT_EQ(decoded.pixel(2, 0)[0], 255);
  EXPECT_EQ(decoded.pixel(3, 0)[2], 0);
  const ImageF ab = classes_to_ab(classes, palette);
  EXPECT_EQ(ab.channels(), 2);
  EXPECT_NEAR(ab.pixel(0, 0)[0], 0.0, 0.01);
  EXPECT_GT(ab.pixel(2, 0)[0], 70.0);  // red has a large +a
}

TEST(Palette, MappingAgreesWithBruteForceOnAPhoto) {
  const Image8 photo = resize(read_image(test::data_set("kodak/kodim03.png")), 192, 128);
  KMeansOptions options;
  options.k = 24;
  const Palette palette = fit_palette({photo}, options).palette;
  const Image8 classes = map_to_palette(photo, palette);
  for (std::size_t i = 0; i < photo.pixel_count(); ++i) {
    const std::uint8_t* p = photo.data() + 3 * i;
    int best = 0, best_distance = 1 << 30;
    for (std::size_t k = 0; k < palette.colors.size(); ++k) {
      int d = 0;
      for (int c = 0; c < 3; ++c)
        d += (p[c] - palette.colors[k][c]) * (p[c] - palette.colors[k][c]);
      if (d < best_distance) best_distance = d, best = static_cast<int>(k);
    }
    ASSERT_EQ(classes.data()[i], best) << "pixel " << i;
  }
}

TEST(Palette, BadInputIsRejected) {
  KMeansOptions options;
  options.k = 4;
  EXPECT_THROW(fit_palette({}, options), Error);
  options.k = 1;
  EXPECT_THROW(fit_palette({quadrants(8, 1)}, options), Error);
  options.k = 257;
  EXPECT_THROW(fit_palette({quadrants(8, 1)}, options), Error);
  options.k = 65;  // 64 pixels
  try {
    fit_palette({quadrants(8, 1)}, options);
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "fit_palette: K = 65 is larger than the 64 sampled pixels");
  }
  options.k = 4;
  options.sample_fraction = 0.0;
  EXPECT_THROW(fit_palette({quadrants(8, 1)}, options), Error);
  options.sample_fraction = 1.0;
  EXPECT_THROW(fit_palette({Image8(4, 4, 1)}, options), Error);
  EXPECT_THROW(decode_classes(Image8(2, 2, 1, std::vector<std::uint8_t>{0, 1, 2, 9}),
                              Palette{{{0, 0, 0}, {1, 1, 1}, {2, 2, 2}}}),
               Error);
  EXPECT_THROW(map_to_palette(quadrants(8, 1), Palette{}), Error);
  EXPECT_THROW(color_distance_from_string("hsv", "palette.distance"), Error);
}

TEST(Palette, FewerDistinctColoursThanKStillTerminates) {
  Image8 flat(8, 8, 3);
  KMeansOptions options;
  options.k = 3;
  const KMeansResult result = fit_palette({flat}, options);
  EXPECT_EQ(result.palette.colors.size(), 3u);
}

}  // namespace
}  // namespace tint
