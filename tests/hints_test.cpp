// Colour hints: the file format, its errors, the mapping to the network input and the simulation
// from a true photo (the same in native and WASM builds).
#include "tint/hints.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/prediction.hpp"

namespace tint {
namespace {

using test::error_of;

TEST(Hints, ReadAndWriteTheFileFormat) {
  const std::vector<ColourHint> hints = parse_hints(
      R"({"hints": [{"x": 120, "y": 64, "rgb": [200, 30, 30]}, {"x": 0.5, "y": 511.9, "rgb": [0, 0, 255]}]})",
      "hints.json", 768, 512);
  ASSERT_EQ(hints.size(), 2u);
  EXPECT_EQ(hints[0].x, 120.0);
  EXPECT_EQ(hints[0].y, 64.0);
  EXPECT_EQ(hints[0].rgb, (Rgb8{200, 30, 30}));
  EXPECT_EQ(hints[1].y, 511.9);
  EXPECT_EQ(parse_hints(hints_to_json_text(hints), "again.json", 768, 512), hints);
  EXPECT_TRUE(parse_hints(R"({"hints": []})", "none.json", 10, 10).empty());
}

TEST(Hints, BadFilesNameThePoint) {
  const auto error = [](const std::string& text) {
    return error_of([&] { parse_hints(text, "hints.json", 768, 512); });
  };
  EXPECT_EQ(
      error(
          R"({"hints": [{"x": 1, "y": 1, "rgb": [1, 2, 3]}, {"x": 900, "y": 1, "rgb": [1, 2, 3]}]})"),
      "hints.json.hints[1].x: 900 is outside the 768x512 image (0 <= x < 768)");
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": -1, "rgb": [1, 2, 3]}]})"),
            "hints.json.hints[0].y: -1 is outside the 768x512 image (0 <= y < 512)");
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": 512, "rgb": [1, 2, 3]}]})"),
            "hints.json.hints[0].y: 512 is outside the 768x512 image (0 <= y < 512)");
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": 1, "rgb": [300, 2, 3]}]})"),
            "hints.json.hints[0].rgb[0]: 300 is not an sRGB channel value (a whole number in "
            "0..255)");
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": 1, "rgb": [1, 2.5, 3]}]})"),
            "hints.json.hints[0].rgb[1]: 2.5 is not an sRGB channel value (a whole number in "
            "0..255)");
  // JSON text has no infinities: an overflowing number is the parser's error.
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": 1, "rgb": [1, 2, 1e999]}]})"),
            "hints.json: number overflow parsing '1e999'");
  // Hints built in memory (the browser app's) are checked the same way.
  const auto built = [](double x, double channel) {
    Json point = Json::object();
    point["x"] = x;
    point["y"] = 1.0;
    point["rgb"] = Json::array();
    for (double value : {1.0, channel, 3.0}) point["rgb"].push_back(value);
    Json json = Json::object();
    json["hints"] = Json::array();
    json["hints"].push_back(point);
    return error_of([&] { hints_from_json(json, "link", 768, 512); });
  };
  EXPECT_EQ(built(std::nan(""), 2), "link.hints[0].x: must be a finite number");
  EXPECT_EQ(built(1, std::numeric_limits<double>::infinity()),
            "link.hints[0].rgb[1]: must be a finite number");
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": 1, "rgb": [1, 2]}]})"),
            "hints.json.hints[0].rgb: expected [r, g, b], got 2 value(s)");
  EXPECT_EQ(error(R"({"hints": [{"x": 1, "y": 1, "colour": [1, 2, 3]}]})"),
            "hints.json.hints[0]: unknown field 'colour' (a hint has x, y and rgb)");
  EXPECT_NE(error(R"({"points": []})").find("hints"), std::string::npos);
  EXPECT_NE(error("{\"hints\": [").find("hints.json"), std::string::npos);
}

TEST(Hints, CellsScaleImageCoordinatesToTheInput) {
  const auto cell = [](double x, double y) { return hint_cell({x, y, {}}, 768, 512, 192, 128); };
  EXPECT_EQ(cell(0, 0).x, 0);
  EXPECT_EQ(cell(3.99, 3.99).y, 0);
  EXPECT_EQ(cell(4, 4).x, 1);
  EXPECT_EQ(cell(767.9, 511.9).x, 191);
  EXPECT_EQ(cell(767.9, 511.9).y, 127);
}

TEST(Hints, PlanesCoverASquarePerHintAndAverageOverlaps) {
  const Rgb8 red{200, 30, 30}, blue{20, 40, 220};
  const Lab red_lab = srgb8_to_lab(red), blue_lab = srgb8_to_lab(blue);
  // 10x10 image at a 10x10 input: hints at (2, 2) and (4, 2) overlap in column 3.
  const std::vector<float> planes =
      hint_planes({{2.5, 2.5, red}, {4.5, 2.5, blue}}, 10, 10, 10, 10, 128.0f);
  ASSERT_EQ(planes.size(), 300u);
  const auto at = [&](int plane, int x, int y) { return planes[plane * 100 + y * 10 + x]; };
  EXPECT_FLOAT_EQ(at(0, 1, 1), red_lab.a / 128.0f);
  EXPECT_FLOAT_EQ(at(1, 1, 3), red_lab.b / 128.0f);
  EXPECT_FLOAT_EQ(at(0, 5, 2), blue_lab.a / 128.0f);
  EXPECT_FLOAT_EQ(at(0, 3, 2), (red_lab.a + blue_lab.a) / 2 / 128.0f);
  EXPECT_EQ(at(2, 3, 2), 1.0f);
  EXPECT_EQ(at(2, 0, 0), 0.0f);  // outside both squares
  EXPECT_EQ(at(2, 6, 2), 0.0f);
  EXPECT_EQ(at(0, 6, 2), 0.0f);
  EXPECT_EQ(at(2, 1, 1), 1.0f);
}

TEST(Hints, SimulatedHintsCarryTheTruthsColourThere) {
  // Left half red, right half blue; hints land in either and carry that colour.
  Image8 truth(64, 32, 3);
  for (int y = 0; y < 32; ++y)
    for (int x = 0; x < 64; ++x) {
      std::uint8_t* p = truth.pixel(x, y);
      p[0] = x < 32 ? 200 : 20;
      p[1] = x < 32 ? 30 : 40;
      p[2] = x < 32 ? 30 : 220;
    }
  const std::vector<ColourHint> hints = simulate_hints(truth, 40, 7, 16, 8);
  ASSERT_EQ(hints.size(), 40u);
  EXPECT_EQ(simulate_hints(truth, 40, 7, 16, 8), hints);  // seeded
  for (const ColourHint& hint : hints) {
    ASSERT_GE(hint.x, 0.0);
    ASSERT_LT(hint.x, 64.0);
    const HintCell cell = hint_cell(hint, 64, 32, 16, 8);
    // Squares that reach across the border average both colours; the others are pure.
    if (cell.x <= 6) {
      EXPECT_NEAR(hint.rgb[0], 200, 1) << hint.x;
    }
    if (cell.x >= 9) {
      EXPECT_NEAR(hint.rgb[2], 220, 1) << hint.x;
    }
  }
  EXPECT_TRUE(simulate_hints(truth, 0, 7, 16, 8).empty());
}

TEST(Hints, NetworkInputOfAHintModelHasFourPlanes) {
  ModelCard card;
  card.name = "photo";
  card.mode = ModelMode::kAb;
  card.input_multiple = 8;
  card.l_scale = 50.0f;
  card.l_offset = 50.0f;
  const ImageF lightness(16, 8, 1, std::vector<float>(128, 50.0f));
  EXPECT_EQ(input_channels(card), 1);
  EXPECT_EQ(network_input(lightness, card, {16, 8}).size(), 128u);
  EXPECT_EQ(error_of([&] {
              network_input(lightness, card, {16, 8}, {{1, 1, {1, 2, 3}}});
            }),
            "hints: the model 'photo' takes no hints (its card says so)");
  card.takes_hints = true;
  EXPECT_EQ(input_channels(card), 4);
  const std::vector<float> automatic = network_input(lightness, card, {16, 8});
  ASSERT_EQ(automatic.size(), 4u * 128u);
  for (std::size_t i = 128; i < automatic.size(); ++i) EXPECT_EQ(automatic[i], 0.0f);
  const std::vector<float> one =
      network_input(lightness, card, {16, 8}, {{5.5, 3.5, {200, 30, 30}}});
  EXPECT_EQ(one[3 * 128 + 3 * 16 + 5], 1.0f);  // the mask at the hint
  EXPECT_FLOAT_EQ(one[128 + 3 * 16 + 5], srgb8_to_lab({200, 30, 30}).a / card.ab_scale);
}

}  // namespace
}  // namespace tint
