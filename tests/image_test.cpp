#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"

namespace tint {
namespace {

using test::fixture;

double mean_abs_difference(const Image8& a, const Image8& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.sample_count(); ++i) sum += std::abs(a.data()[i] - b.data()[i]);
  return sum / static_cast<double>(a.sample_count());
}

TEST(Image, ConstructorValidatesShape) {
  EXPECT_THROW(Image8(0, 4, 3), Error);
  EXPECT_THROW(Image8(4, -1, 3), Error);
  EXPECT_THROW(Image8(4, 4, 5), Error);
  EXPECT_THROW(Image8(4, 4, 3, std::vector<std::uint8_t>(10)), Error);
  EXPECT_THROW(ImageF(1 << 14, 1 << 14, 1), Error);  // 256 Mpx over the 64 Mpx default limit
  const Image8 image(3, 2, 3);
  EXPECT_EQ(image.pixel_count(), 6u);
  EXPECT_EQ(image.sample_count(), 18u);
}

// Every format variant decodes to the same 16x12 picture (within the format's loss).
TEST(ImageIo, DecodesEveryFormatVariantToRgb8) {
  const Image8 reference = read_image(fixture("rgb.png"));
  ASSERT_EQ(reference.width(), 16);
  ASSERT_EQ(reference.height(), 12);
  ASSERT_EQ(reference.channels(), 3);
  const struct {
    const char* file;
    double tolerance;
  } variants[] = {{"rgb16.png", 0.6},  {"rgb.bmp", 0.0},         {"rgb.tga", 0.0},
                  {"indexed.png", 14}, {"progressive.jpg", 6.0}, {"baseline.jpg", 6.0},
                  {"animated.gif", 12}};
  for (const auto& variant : variants) {
    const Image8 image = read_image(fixture(variant.file));
    ASSERT_EQ(image.width(), 16) << variant.file;
    ASSERT_EQ(image.height(), 12) << variant.file;
    ASSERT_EQ(image.channels(), 3) << variant.file;
    EXPECT_LE(mean_abs_difference(image, reference), variant.tolerance) << variant.file;
  }
}

TEST(ImageIo, GrayIsReplicatedAndAlphaCompositedOverWhite) {
  const Image8 gray = read_image(fixture("gray.png"));
  for (std::size_t i = 0; i < gray.pixel_count(); ++i) {
    EXPECT_EQ(gray.data()[3 * i], gray.data()[3 * i + 1]);
    EXPECT_EQ(gray.data()[3 * i], gray.data()[3 * i + 2]);
  }
  // Alpha grows from 0 at the left edge: the left column is pure white.
  const Image8 gray_alpha = read_image(fixture("gray_alpha.png"));
  EXPECT_EQ(gray_alpha.pixel(0, 5)[0], 255);
  const double alpha = 15.0 / 16.0;  // ImageMagick's i/w at the right edge
  EXPECT_NEAR(gray_alpha.pixel(15, 5)[0], gray.pixel(15, 5)[0] * alpha + 255 * (1 - alpha), 1.0);
  const Image8 rgba = read_image(fixture("rgba.png"));  // alpha 0 on the top row
  EXPECT_EQ(rgba.pixel(7, 0)[0], 255);
  EXPECT_EQ(rgba.pixel(7, 0)[2], 255);
}

TEST(ImageIo, PngRoundTripIsLossless) {
  const Image8 image = read_image(fixture("rgb.png"));
  EXPECT_EQ(decode_image(encode_png(image)), image);
  Image8 one_channel(5, 3, 1);
  for (std::size_t i = 0; i < one_channel.sample_count(); ++i)
    one_channel.data()[i] = std::uint8_t(i * 17);
  const Image8 decoded = decode_image(encode_png(one_channel));
  EXPECT_EQ(decoded.pixel(4, 2)[1], one_channel.pixel(4, 2)[0]);
}

TEST(ImageIo, WritePngReplacesAtomically) {
  const std::string path = ::testing::TempDir() + "tint_write_png_test.png";
  const Image8 image = read_image(fixture("rgb.png"));
  write_png(path, image);
  EXPECT_EQ(read_image(path), image);
  EXPECT_THROW(read_file(path + ".tmp"), Error);  // no temporary left behind
  std::remove(path.c_str());
  EXPECT_THROW(write_png("/nonexistent-folder/x.png", image), Error);
}

using test::error_of;

TEST(ImageIo, BadFilesGetClearErrors) {
  EXPECT_EQ(error_of([] { decode_image(std::vector<std::uint8_t>{}, "empty.png"); }),
            "empty.png: empty file (0 bytes)");
  EXPECT_NE(error_of([] { read_image(fixture("truncated.png")); }).find("truncated.png: "),
            std::string::npos);
  EXPECT_NE(error_of([] { read_image(fixture("text.png")); }).find("not a readable image"),
            std::string::npos);
  EXPECT_NE(error_of([] { read_image(fixture("missing.png")); }).find("cannot open"),
            std::string::npos);
}

// A PNG header claiming 20000x20000 pixels is refused from the header, before any allocation.
TEST(ImageIo, DecompressionBombIsRefusedBeforeDecoding) {
  const std::uint8_t header[] = {0x89, 'P', 'N',  'G',  '\r', '\n', 0x1a, '\n',  // signature
                                 0,    0,   0,    13,   'I',  'H',  'D',  'R',   // chunk
                                 0,    0,   0x4e, 0x20, 0,    0,    0x4e, 0x20,  // 20000 x 20000
                                 8,    2,   0,    0,    0,    0,    0,    0,    0};  // RGB8, crc
  const std::string message = error_of([&] { decode_image(header, sizeof header, "bomb.png"); });
  EXPECT_EQ(message, "bomb.png: image of 20000x20000 pixels is over the limit of 67108864 pixels");
  DecodeOptions small;
  small.max_pixels = 100;
  EXPECT_THROW(read_image(fixture("rgb.png"), small), Error);  // 192 px > 100
}

TEST(ImageIo, DecodesKodakPhoto) {
  const Image8 photo = read_image(test::data_set("kodak/kodim01.png"));
  EXPECT_EQ(photo.width(), 768);
  EXPECT_EQ(photo.height(), 512);
}

}  // namespace
}  // namespace tint
