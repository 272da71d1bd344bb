#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"

namespace tint {
namespace {

using test::fixture;
using test::mean_abs_difference;

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

// Inputs the fuzzer found (tests/fuzz/regressions/image): faults of stb_image's JPEG and PNG
// decoding, and a PNG libpng was slow on. Each is refused with a message, and under the sanitizers
// without touching memory it should not.
TEST(ImageIo, InputsTheFuzzerFoundAreRefusedCleanly) {
  const std::string folder = std::string(TINT_TESTS_SOURCE_DIR) + "/fuzz/regressions/image/";
  const std::string bogus_huffman = ": cannot decode image (damaged JPEG: Bogus Huffman table";
  const std::pair<const char*, std::string> cases[] = {
      {"jpeg-huffman-12e6ee596c55.jpg", bogus_huffman},
      {"jpeg-huffman-5edeea7c9277.jpg", bogus_huffman},
      {"jpeg-huffman-810e893e7e84.jpg", bogus_huffman},
      {"jpeg-huffman-919ca8adb90f.jpg", ": not a readable image ("},  // fill bytes before SOI
      {"jpeg-huffman-a48735351620.jpg",
       ": cannot decode image (damaged JPEG: Bogus marker length)"},
      {"jpeg-huffman-b3aa431d87c8.jpg",
       ": cannot decode image (truncated JPEG: Premature end of JPEG file)"},
      {"jpeg-huffman-da4e52b101c5.jpg", bogus_huffman},
      {"jpeg-dequantisation-2fe3e8c93955.jpg",
       ": cannot decode image (damaged JPEG: Quantization table 0x01 was not defined)"},
      {"png-chunk-length-b78af8987a30.png",
       ": cannot decode image (damaged or truncated PNG: the file ends early (truncated))"},
      // stb_image's PNM header parsing overflowed; PNM is no longer read.
      {"pnm-header-integer-000c3bc80fc4.pgm", ": not a readable image ("},
      // A text chunk declaring megabytes in a 122-byte file: skipped unread, not allocated.
      {"png-text-chunk-length-0dade7bad84b.png",
       ": cannot decode image (damaged or truncated PNG: the file ends early (truncated))"},
  };
  for (const auto& entry : cases) {
    const std::string path = folder + entry.first;
    const std::string error = error_of([&] { read_image(path); });
    EXPECT_EQ(error, path + error.substr(std::min(path.size(), error.size())));  // names the file
    EXPECT_NE(error.find(entry.second), std::string::npos) << error;
  }
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

TEST(ImageIo, StatedPixelCountComesFromTheHeaderAlone) {
  for (const char* file :
       {"rgb.png", "rgb.bmp", "baseline.jpg", "progressive.jpg", "animated.gif"}) {
    const std::vector<std::uint8_t> bytes = read_file(fixture(file));
    EXPECT_EQ(stated_pixel_count(bytes.data(), bytes.size()), std::optional<std::uint64_t>(16 * 12))
        << file;
  }
  // The bomb's header alone: 20000 x 20000, stated without decoding anything.
  const std::uint8_t header[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0,    13,
                                 'I',  'H', 'D', 'R', 0,    0,    0x4e, 0x20, 0, 0, 0x4e, 0x20};
  EXPECT_EQ(stated_pixel_count(header, sizeof header), std::optional<std::uint64_t>(400'000'000));
  const std::uint8_t text[] = {'n', 'o', 't', ' ', 'a', 'n', ' ', 'i', 'm', 'a', 'g', 'e'};
  EXPECT_EQ(stated_pixel_count(text, sizeof text), std::nullopt);
  EXPECT_EQ(stated_pixel_count(header, 10), std::nullopt);  // cut before the size
}

TEST(ImageIo, DecodesKodakPhoto) {
  const Image8 photo = read_image(test::data_set("kodak/kodim01.png"));
  EXPECT_EQ(photo.width(), 768);
  EXPECT_EQ(photo.height(), 512);
}

// --- EXIF orientation. baseline.jpg (16x12, a red->blue ramp left to right over a yellow->black
// ramp top to bottom, so every turn and mirror of it differs) gets an APP1 "Exif" segment; the
// segment changes no pixel, so each result must equal the plain decode, turned, exactly.

std::vector<std::uint8_t> big_or_little(std::uint32_t value, int bytes, bool big_endian) {
  std::vector<std::uint8_t> out;
  for (int i = 0; i < bytes; ++i) {
    const int shift = 8 * (big_endian ? bytes - 1 - i : i);
    out.push_back(std::uint8_t(value >> shift));
  }
  return out;
}

// A TIFF block whose IFD0 holds ImageWidth (a LONG) and then Orientation (one SHORT): 38 bytes.
std::vector<std::uint8_t> exif_tiff(std::uint32_t orientation, bool big_endian) {
  std::vector<std::uint8_t> tiff;
  const auto put = [&](std::uint32_t value, int bytes) {
    const auto encoded = big_or_little(value, bytes, big_endian);
    tiff.insert(tiff.end(), encoded.begin(), encoded.end());
  };
  tiff.push_back(big_endian ? 'M' : 'I');
  tiff.push_back(big_endian ? 'M' : 'I');
  put(42, 2);
  put(8, 4);                                         // IFD0 right after the header
  put(2, 2);                                         // entries
  put(0x0100, 2), put(4, 2), put(1, 4), put(16, 4);  // ImageWidth, LONG, 1, 16
  put(0x0112, 2), put(3, 2), put(1, 4), put(orientation, 2), put(0, 2);  // Orientation, SHORT, 1
  put(0, 4);                                                             // no next IFD
  return tiff;
}
constexpr std::size_t kIfdOffsetAt = 4, kEntriesAt = 8, kOrientationTypeAt = 24,
                      kOrientationCountAt = 26, kOrientationAt = 30, kEntryTableEnd = 34;

std::vector<std::uint8_t> app1_segment(const std::string& signature,
                                       const std::vector<std::uint8_t>& body) {
  const std::size_t length = 2 + signature.size() + body.size();
  std::vector<std::uint8_t> segment(2 + length);
  segment[0] = 0xFF, segment[1] = 0xE1;
  segment[2] = std::uint8_t(length >> 8), segment[3] = std::uint8_t(length);
  std::copy(body.begin(), body.end(),
            std::copy(signature.begin(), signature.end(), segment.begin() + 4));
  return segment;
}
std::vector<std::uint8_t> exif_segment(const std::vector<std::uint8_t>& tiff) {
  return app1_segment(std::string("Exif\0\0", 6), tiff);
}

// The JPEG with `segment` put in at byte `at` (2: right after SOI; 20: after the JFIF APP0).
std::vector<std::uint8_t> jpeg_with(const std::vector<std::uint8_t>& segment, std::size_t at = 2) {
  std::vector<std::uint8_t> jpeg = read_file(fixture("baseline.jpg"));
  jpeg.insert(jpeg.begin() + std::ptrdiff_t(at), segment.begin(), segment.end());
  return jpeg;
}

// The standard's meaning of each value, written as where upright pixel (x, y) is read from.
Image8 turned_by_hand(const Image8& stored, int orientation) {
  const int w = stored.width(), h = stored.height();
  const bool swapped = orientation >= 5 && orientation <= 8;
  Image8 upright(swapped ? h : w, swapped ? w : h, stored.channels());
  for (int y = 0; y < upright.height(); ++y)
    for (int x = 0; x < upright.width(); ++x) {
      int from_x = x, from_y = y;
      switch (orientation) {
        case 2:
          from_x = w - 1 - x;
          break;  // mirrored
        case 3:
          from_x = w - 1 - x, from_y = h - 1 - y;
          break;  // rotated 180
        case 4:
          from_y = h - 1 - y;
          break;  // flipped
        case 5:
          from_x = y, from_y = x;
          break;  // transposed
        case 6:
          from_x = y, from_y = h - 1 - x;
          break;  // rotated 90 clockwise
        case 7:
          from_x = w - 1 - y, from_y = h - 1 - x;
          break;  // transversed
        case 8:
          from_x = w - 1 - y, from_y = x;
          break;  // rotated 270 clockwise
        default:
          break;
      }
      std::copy_n(stored.pixel(from_x, from_y), stored.channels(), upright.pixel(x, y));
    }
  return upright;
}

Image8 stored_picture() { return read_image(fixture("baseline.jpg")); }

TEST(ExifOrientation, EveryValueInBothByteOrdersTurnsThePhotoUpright) {
  const Image8 stored = stored_picture();
  for (int orientation = 1; orientation <= 8; ++orientation)
    for (const bool big_endian : {false, true}) {
      SCOPED_TRACE("orientation " + std::to_string(orientation) + (big_endian ? " MM" : " II"));
      const Image8 upright =
          decode_image(jpeg_with(exif_segment(exif_tiff(orientation, big_endian))));
      EXPECT_EQ(upright.width(), orientation >= 5 ? 12 : 16);
      EXPECT_EQ(upright.height(), orientation >= 5 ? 16 : 12);
      EXPECT_EQ(upright, turned_by_hand(stored, orientation));
    }
}

// EXIF names where the stored top row (row 0) and left column (column 0) are to be seen; so the
// stored top-left and top-right corners land at these upright corners.
TEST(ExifOrientation, StoredCornersLandWhereTheStandardSays) {
  const Image8 stored = stored_picture();
  enum Corner { kTopLeft, kTopRight, kBottomRight, kBottomLeft };
  const struct {
    int orientation;
    Corner top_left, top_right;
  } cases[] = {{1, kTopLeft, kTopRight},       {2, kTopRight, kTopLeft},
               {3, kBottomRight, kBottomLeft}, {4, kBottomLeft, kBottomRight},
               {5, kTopLeft, kBottomLeft},     {6, kTopRight, kBottomRight},
               {7, kBottomRight, kTopRight},   {8, kBottomLeft, kTopLeft}};
  for (const auto& c : cases) {
    SCOPED_TRACE("orientation " + std::to_string(c.orientation));
    const Image8 upright = decode_image(jpeg_with(exif_segment(exif_tiff(c.orientation, true))));
    const auto at = [&](Corner corner) {
      const int right = upright.width() - 1, bottom = upright.height() - 1;
      const int x = corner == kTopRight || corner == kBottomRight ? right : 0;
      const int y = corner == kBottomLeft || corner == kBottomRight ? bottom : 0;
      return std::vector<std::uint8_t>(upright.pixel(x, y), upright.pixel(x, y) + 3);
    };
    const auto stored_at = [&](int x, int y) {
      return std::vector<std::uint8_t>(stored.pixel(x, y), stored.pixel(x, y) + 3);
    };
    EXPECT_EQ(at(c.top_left), stored_at(0, 0));
    EXPECT_EQ(at(c.top_right), stored_at(stored.width() - 1, 0));
  }
}

TEST(ExifOrientation, FoundAfterOtherSegments) {
  const Image8 rotated = turned_by_hand(stored_picture(), 6);
  EXPECT_EQ(decode_image(jpeg_with(exif_segment(exif_tiff(6, false)), 20)), rotated);  // after APP0
  const std::string xmp_signature("http://ns.adobe.com/xap/1.0/\0", 29);
  std::vector<std::uint8_t> segments = app1_segment(xmp_signature, {'<', 'x', '/', '>'});
  const std::vector<std::uint8_t> exif = exif_segment(exif_tiff(6, true));
  segments.insert(segments.end(), exif.begin(), exif.end());
  EXPECT_EQ(decode_image(jpeg_with(segments)), rotated);
}

// A damaged EXIF block is ignored: the picture comes back as stored, without an error.
TEST(ExifOrientation, DamagedExifLeavesThePhotoAsStored) {
  const Image8 stored = stored_picture();
  const auto decodes_as_stored = [&](const std::vector<std::uint8_t>& tiff,
                                     const std::string& what) {
    SCOPED_TRACE(what);
    Image8 image;
    EXPECT_NO_THROW(image = decode_image(jpeg_with(exif_segment(tiff))));
    EXPECT_EQ(image, stored);
  };
  for (const bool big_endian : {false, true}) {
    const std::vector<std::uint8_t> good = exif_tiff(6, big_endian);
    // Cut anywhere before the end of the entry table.
    for (std::size_t cut = 0; cut < kEntryTableEnd; ++cut)
      decodes_as_stored({good.begin(), good.begin() + std::ptrdiff_t(cut)},
                        "cut at " + std::to_string(cut));
    const auto with = [&](std::size_t at, std::uint32_t value, int bytes) {
      std::vector<std::uint8_t> tiff = good;
      const auto encoded = big_or_little(value, bytes, big_endian);
      std::copy(encoded.begin(), encoded.end(), tiff.begin() + std::ptrdiff_t(at));
      return tiff;
    };
    decodes_as_stored(with(kIfdOffsetAt, 0, 4), "IFD0 at 0, inside the header");
    decodes_as_stored(with(kIfdOffsetAt, 37, 4), "IFD0 at the last byte");
    decodes_as_stored(with(kIfdOffsetAt, 0xFFFFFFF8u, 4), "IFD0 offset wrapping around");
    decodes_as_stored(with(kEntriesAt, 0xFFFF, 2), "65535 entries");
    decodes_as_stored(with(kEntriesAt, 3, 2), "one entry more than the block holds");
    decodes_as_stored(with(kOrientationTypeAt, 4, 2), "orientation as a LONG");
    decodes_as_stored(with(kOrientationCountAt, 2, 4), "two orientation values");
    for (const std::uint32_t value : {0u, 9u, 0xFFFFu})
      decodes_as_stored(with(kOrientationAt, value, 2), "orientation " + std::to_string(value));
    decodes_as_stored(with(2, 43, 2), "TIFF magic 43 instead of 42");
  }
  std::vector<std::uint8_t> mixed_byte_order = exif_tiff(6, false);
  mixed_byte_order[1] = 'M';
  decodes_as_stored(mixed_byte_order, "byte order 'IM'");
  // An "Exif" signature cut short.
  Image8 image;
  EXPECT_NO_THROW(image = decode_image(jpeg_with(app1_segment(std::string("Exif\0", 5), {}))));
  EXPECT_EQ(image, stored);
}

// A segment length running past the end of the file is stb_image's error to report, not a read
// past the buffer.
TEST(ExifOrientation, SegmentLongerThanTheFileIsAnErrorNotACrash) {
  std::vector<std::uint8_t> jpeg = exif_segment(exif_tiff(6, false));
  jpeg[2] = 0xFF, jpeg[3] = 0xF0;
  jpeg.insert(jpeg.begin(), {0xFF, 0xD8});
  EXPECT_THROW(decode_image(jpeg, "cut.jpg"), Error);
}

// --- Stepwise decoding (the browser app's large photos, a band of rows per frame): the pixels of
// decode_image whatever the band.
TEST(StepwiseImageDecoder, AnyBandGivesThePixelsOfDecodeImage) {
  const struct {
    std::string name;
    std::vector<std::uint8_t> bytes;
    bool row_by_row;  // JPEG; the other formats decode whole in the first step
  } cases[] = {{"baseline.jpg", read_file(fixture("baseline.jpg")), true},
               {"progressive.jpg", read_file(fixture("progressive.jpg")), true},
               {"turned.jpg", jpeg_with(exif_segment(exif_tiff(6, true))), true},
               {"rgba.png", read_file(fixture("rgba.png")), false},
               {"rgb.bmp", read_file(fixture("rgb.bmp")), false}};
  for (const auto& c : cases) {
    const Image8 whole = decode_image(c.bytes, c.name);
    for (const int band : {1, 5}) {
      SCOPED_TRACE(c.name + ", " + std::to_string(band) + " row(s) per step");
      StepwiseImageDecoder decoder(c.bytes.data(), c.bytes.size(), c.name);
      EXPECT_EQ(decoder.progress(), 0.0);
      EXPECT_THROW(decoder.take(), Error);
      int steps = 1;
      for (double progress = 0.0; !decoder.decode_rows(band); ++steps) {
        EXPECT_GT(decoder.progress(), progress);
        progress = decoder.progress();
        EXPECT_LT(progress, 1.0);
      }
      EXPECT_TRUE(decoder.complete());
      EXPECT_EQ(decoder.progress(), 1.0);
      EXPECT_EQ(steps, c.row_by_row ? (12 + band - 1) / band : 1);  // 12 stored rows
      EXPECT_EQ(decoder.take(), whole);
    }
  }
}

TEST(StepwiseImageDecoder, ACutJpegFailsAsDecodeImageDoes) {
  std::vector<std::uint8_t> jpeg = read_file(fixture("baseline.jpg"));
  jpeg.resize(jpeg.size() * 2 / 3);
  const std::string whole_error = error_of([&] { decode_image(jpeg, "cut.jpg"); });
  EXPECT_EQ(whole_error.rfind("cut.jpg: cannot decode image (truncated JPEG", 0), 0u)
      << whole_error;
  // (Where it fails, at the start or in a later step, depends on where the cut is.)
  EXPECT_EQ(error_of([&] {
              StepwiseImageDecoder decoder(jpeg.data(), jpeg.size(), "cut.jpg");
              while (!decoder.decode_rows(1)) {
              }
            }),
            whole_error);
}

}  // namespace
}  // namespace tint
