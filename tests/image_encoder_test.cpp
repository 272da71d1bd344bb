#include "tint/image_encoder.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "test_support.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"

namespace tint {
namespace {

using test::error_of;
using test::fixture;
using test::mean_abs_difference;

TEST(ImageEncoder, AJpegOfAPhotoDecodesCloseToIt) {
  const Image8 photo = read_image(std::string(TINT_DATA_DIR) + "/kodak/kodim05.png");
  const std::vector<std::uint8_t> jpeg = encode_image(photo, ImageFormat::kJpeg);
  EXPECT_EQ(output_format_for(jpeg.data(), jpeg.size()), ImageFormat::kJpeg);
  const Image8 decoded = decode_image(jpeg);
  ASSERT_EQ(decoded.width(), photo.width());
  ASSERT_EQ(decoded.height(), photo.height());
  // Quality 92: about 2 levels off on average on a detailed photo, and far smaller than a PNG.
  EXPECT_LT(mean_abs_difference(decoded, photo), 3.0);
  EXPECT_LT(jpeg.size() * 2, encode_png(photo).size());
  // A lower quality is a smaller, coarser file.
  const std::vector<std::uint8_t> rough = encode_image(photo, ImageFormat::kJpeg, 40);
  EXPECT_LT(rough.size(), jpeg.size());
  EXPECT_GT(mean_abs_difference(decode_image(rough), photo), mean_abs_difference(decoded, photo));
}

TEST(ImageEncoder, BandsGiveTheSameBytesAsTheWholeImage) {
  const Image8 photo = read_image(fixture("rgb.png"));
  for (const ImageFormat format : {ImageFormat::kPng, ImageFormat::kJpeg}) {
    const std::vector<std::uint8_t> whole = encode_image(photo, format);
    ImageEncoder encoder(photo, format);
    int steps = 0;
    while (!encoder.encode_rows(3)) {
      ++steps;
      EXPECT_EQ(encoder.rows_done(), 3 * steps);
    }
    EXPECT_GT(steps, 1);
    EXPECT_EQ(encoder.take(), whole);
  }
}

TEST(ImageEncoder, AnEncoderLeftHalfWayFreesWhatItHeld) {
  // (The sanitizer build finds what a half-done encoder would leak or free twice.)
  const Image8 photo = read_image(std::string(TINT_DATA_DIR) + "/kodak/kodim05.png");
  for (const ImageFormat format : {ImageFormat::kPng, ImageFormat::kJpeg}) {
    ImageEncoder encoder(photo, format);
    EXPECT_FALSE(encoder.encode_rows(photo.height() / 2));
    EXPECT_THROW(encoder.take(), Error);
  }
}

TEST(ImageEncoder, PngIsLosslessForEveryChannelCount) {
  for (int channels = 1; channels <= 4; ++channels) {
    Image8 image(7, 5, channels);
    for (std::size_t i = 0; i < image.sample_count(); ++i)
      image.data()[i] = static_cast<std::uint8_t>(i * 37 % 256);
    const std::vector<std::uint8_t> png = encode_image(image, ImageFormat::kPng);
    EXPECT_EQ(output_format_for(png.data(), png.size()), ImageFormat::kPng);
    // Without alpha, which decoding composites over white, the pixels come back as they were.
    if (channels == 1) {
      EXPECT_EQ(decode_image(png).pixel(6, 4)[0], image.pixel(6, 4)[0]);
    } else if (channels == 3) {
      EXPECT_EQ(decode_image(png), image);
    }
  }
}

TEST(ImageEncoder, AGrayJpegStaysGray) {
  Image8 gray(16, 16, 1);
  for (std::size_t i = 0; i < gray.sample_count(); ++i)
    gray.data()[i] = static_cast<std::uint8_t>(i);
  const Image8 decoded = decode_image(encode_image(gray, ImageFormat::kJpeg));
  EXPECT_EQ(decoded.pixel(5, 9)[0], decoded.pixel(5, 9)[2]);
  EXPECT_NEAR(decoded.pixel(5, 9)[0], gray.pixel(5, 9)[0], 3);
}

TEST(ImageEncoder, RefusesWhatItCannotEncode) {
  const Image8 empty, rgba(4, 4, 4), rgb(4, 4, 3);
  EXPECT_EQ(error_of([&] { ImageEncoder(empty, ImageFormat::kPng); }), "encode PNG: empty image");
  EXPECT_EQ(error_of([&] { ImageEncoder(rgba, ImageFormat::kJpeg); }),
            "encode JPEG: JPEG takes 1 or 3 channels, not 4");
  EXPECT_EQ(error_of([&] { ImageEncoder(rgb, ImageFormat::kJpeg, 0); }),
            "encode JPEG: JPEG quality must be 1..100, not 0");
  ImageEncoder unfinished(rgb, ImageFormat::kPng);
  EXPECT_THROW(unfinished.take(), Error);
}

TEST(ImageEncoder, ColorizedPhotosKeepTheirFilesKind) {
  const std::vector<std::uint8_t> jpeg = read_file(fixture("baseline.jpg"));
  EXPECT_EQ(output_format_for(jpeg.data(), jpeg.size()), ImageFormat::kJpeg);
  for (const char* other : {"rgb.png", "rgb.bmp", "animated.gif", "rgb.tga"}) {
    const std::vector<std::uint8_t> bytes = read_file(fixture(other));
    EXPECT_EQ(output_format_for(bytes.data(), bytes.size()), ImageFormat::kPng) << other;
  }
  EXPECT_EQ(output_format_for(nullptr, 0), ImageFormat::kPng);
  EXPECT_STREQ(mime_type(ImageFormat::kJpeg), "image/jpeg");
  EXPECT_STREQ(mime_type(ImageFormat::kPng), "image/png");
}

}  // namespace
}  // namespace tint
