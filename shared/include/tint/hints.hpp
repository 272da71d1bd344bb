// Colour hints (Zhang et al. 2017): "this spot is this colour". A model whose card takes hints
// reads them as three extra input planes next to L: the hint's a and b (over ab_scale) and a mask
// that is 1 where a hint is given. No hints is automatic colorization. The command line, the
// evaluation and the browser app all map hints through these functions, so the same hints give the
// same picture everywhere.
//
// Hints file (in the image's own pixel coordinates and sRGB):
//   {"hints": [{"x": 120, "y": 64, "rgb": [200, 30, 30]}, ...]}
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tint/color_space.hpp"
#include "tint/image.hpp"
#include "tint/json.hpp"

namespace tint {

// The input channels of a model that takes hints: L, hint a, hint b, hint mask.
constexpr int kHintInputChannels = 4;
// Each hint covers a kHintSide x kHintSide square of the network input; where squares overlap,
// their colours are averaged. Training simulates hints over the same squares.
constexpr int kHintSide = 3;
// The most hints one image takes; a file or link with more is refused.
constexpr std::size_t kMaxHints = 1000;

struct ColourHint {
  double x = 0.0, y = 0.0;  // image pixel coordinates: 0 <= x < width, 0 <= y < height
  Rgb8 rgb{};
};
bool operator==(const ColourHint& a, const ColourHint& b);

// Reads the hints of an image of width x height. Errors name the file and the point, e.g.
// "hints.json: hints[2].x: 900 is outside the 768x512 image (0 <= x < 768)".
std::vector<ColourHint> parse_hints(const std::string& json_text, const std::string& where,
                                    int width, int height);
std::vector<ColourHint> hints_from_json(const Json& json, const std::string& where, int width,
                                        int height);
// The hints file's JSON text (what parse_hints reads back).
std::string hints_to_json_text(const std::vector<ColourHint>& hints);

// The network-input pixel a hint falls in, for an image of image_width x image_height run at
// input_width x input_height.
struct HintCell {
  int x = 0, y = 0;
};
HintCell hint_cell(const ColourHint& hint, int image_width, int image_height, int input_width,
                   int input_height);

// The three hint planes (a / ab_scale, b / ab_scale, mask), each input_width x input_height.
std::vector<float> hint_planes(const std::vector<ColourHint>& hints, int image_width,
                               int image_height, int input_width, int input_height, float ab_scale);

// `count` hints at seeded random points of `truth`, each carrying the mean colour of the truth
// over the square it covers at the given input size: what training simulates, as a user would
// give it.
std::vector<ColourHint> simulate_hints(const Image8& truth, std::size_t count, std::uint64_t seed,
                                       int input_width, int input_height);

}  // namespace tint
