#include "tint/palette_io.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include "test_support.hpp"
#include "tint/file_io.hpp"

namespace tint {
namespace {

std::string error_of(const std::string& text) {
  return test::error_of([&] { palette_from_json(parse_json(text, "p.json"), "p.json"); });
}

TEST(PaletteIo, RoundTripsThroughAFile) {
  const Palette palette{{{0, 0, 0}, {255, 128, 7}, {12, 200, 99}}, ColorDistance::kLab};
  const std::string path = ::testing::TempDir() + "tint_palette_io_test.json";
  write_palette(path, palette);
  const Palette back = read_palette(path);
  EXPECT_EQ(back.colors, palette.colors);
  EXPECT_EQ(back.distance, ColorDistance::kLab);
  std::remove(path.c_str());
}

TEST(PaletteIo, BadPalettesNameTheField) {
  const std::string head = R"({"format":"tint.palette","version":1,"distance":"rgb","colors":)";
  EXPECT_EQ(error_of(head + "[[0,0,0],[1,2,300]]}"),
            "p.json.colors[1]: channel value 300 outside 0..255");
  EXPECT_EQ(error_of(head + "[[0,0,0]]}"), "p.json.colors: a palette has 2..256 colours, got 1");
  EXPECT_EQ(error_of(head + "[[0,0,0],[1,2]]}"), "p.json.colors[1]: expected [r, g, b]");
  EXPECT_EQ(error_of(R"({"format":"x","version":1})"), "p.json.format: expected \"tint.palette\"");
  EXPECT_NE(error_of(R"({"format":"tint.palette","version":1,"distance":"hsv","colors":[]})")
                .find("unknown colour space 'hsv'"),
            std::string::npos);
  EXPECT_THROW(read_palette("/nonexistent/palette.json"), Error);
}

}  // namespace
}  // namespace tint
