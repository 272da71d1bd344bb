// Colour hints in page links: written compactly, read back exactly, and a bad hint dropped with a
// line that names it while the good ones stay.
#include "tint/hint_links.hpp"

#include <gtest/gtest.h>

namespace tint {
namespace {

TEST(HintLinks, WriteAndReadBack) {
  const std::vector<ColourHint> hints = {
      {120, 64, {200, 30, 30}}, {300.5, 200.25, {0, 64, 255}}, {0, 511.9, {255, 255, 255}}};
  const std::string text = hints_to_link_text(hints);
  EXPECT_EQ(text, "120_64_c81e1e-300.5_200.25_0040ff-0_511.9_ffffff");
  const LinkHints read = hints_from_link_text(text, 768, 512);
  EXPECT_TRUE(read.problems.empty());
  EXPECT_EQ(read.hints, hints);
  EXPECT_EQ(hints_to_link_text({}), "");
  EXPECT_TRUE(hints_from_link_text("", 768, 512).hints.empty());
  EXPECT_EQ(hints_from_link_text("1_2_C81E1E", 8, 8).hints.at(0).rgb, (Rgb8{200, 30, 30}));
}

TEST(HintLinks, BadHintsAreNamedAndDroppedAndTheRestKept) {
  const LinkHints read = hints_from_link_text(
      "1_2_ff0000-900_20_00ff00-3_600_0000ff-4_5_red-x_1_000000-1_2-7.5_8_123456--1.2.3_1_000000",
      768, 512);
  ASSERT_EQ(read.hints.size(), 2u);
  EXPECT_EQ(read.hints[0], (ColourHint{1, 2, {255, 0, 0}}));
  EXPECT_EQ(read.hints[1], (ColourHint{7.5, 8, {0x12, 0x34, 0x56}}));
  const std::vector<std::string> expected = {
      "hint 2 ('900_20_00ff00'): x 900 is outside the 768x512 image (0 <= x < 768)",
      "hint 3 ('3_600_0000ff'): y 600 is outside the 768x512 image (0 <= y < 512)",
      "hint 4 ('4_5_red'): colour 'red' is not six hex digits (RRGGBB)",
      "hint 5 ('x_1_000000'): x 'x' is not a number",
      "hint 6 ('1_2'): expected X_Y_RRGGBB, got 2 field(s)",
      "hint 8 (''): expected X_Y_RRGGBB, got 1 field(s)",
      "hint 9 ('1.2.3_1_000000'): x '1.2.3' is not a number",
  };
  EXPECT_EQ(read.problems, expected);
}

TEST(HintLinks, AtMostTheHintsAFileTakes) {
  std::vector<ColourHint> many(kMaxHints + 3, ColourHint{1, 1, {1, 2, 3}});
  const LinkHints read = hints_from_link_text(hints_to_link_text(many), 4, 4);
  EXPECT_EQ(read.hints.size(), kMaxHints);
  ASSERT_EQ(read.problems.size(), 1u);
  EXPECT_EQ(read.problems[0],
            "hint 1001 ('1_1_010203') and the 2 after it: at most 1000 hints are "
            "taken");
}

}  // namespace
}  // namespace tint
