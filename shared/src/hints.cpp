#include "tint/hints.hpp"

#include <algorithm>
#include <cmath>

#include "tint/error.hpp"
#include "tint/random.hpp"

namespace tint {
namespace {

double read_coordinate(const Json& point, const char* axis, const std::string& where, int limit,
                       int width, int height) {
  const std::string at = where + "." + axis;
  const double value = json_number(json_at(point, axis, where), at);
  if (!std::isfinite(value)) fail(at, "must be a finite number");
  if (!(value >= 0.0 && value < limit))
    fail(at, number_text(value) + " is outside the " + std::to_string(width) + "x" +
                 std::to_string(height) + " image (0 <= " + axis + " < " + std::to_string(limit) +
                 ")");
  return value;
}

}  // namespace

bool operator==(const ColourHint& a, const ColourHint& b) {
  return a.x == b.x && a.y == b.y && a.rgb == b.rgb;
}

std::vector<ColourHint> hints_from_json(const Json& json, const std::string& where, int width,
                                        int height) {
  if (width < 1 || height < 1) fail(where, "hints need an image of at least 1x1");
  const std::vector<Json>& points = json_array(json_at(json, "hints", where), where + ".hints");
  if (points.size() > kMaxHints)
    fail(where + ".hints", std::to_string(points.size()) + " hints; at most " +
                               std::to_string(kMaxHints) + " are taken");
  std::vector<ColourHint> hints;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const std::string at = where + ".hints[" + std::to_string(i) + "]";
    const Json& point = points[i];
    json_object(point, at);
    for (const JsonMember& member : json_object(point, at))
      if (member.first != "x" && member.first != "y" && member.first != "rgb")
        fail(at, "unknown field '" + member.first + "' (a hint has x, y and rgb)");
    ColourHint hint;
    hint.x = read_coordinate(point, "x", at, width, width, height);
    hint.y = read_coordinate(point, "y", at, height, width, height);
    const std::vector<Json>& rgb = json_array(json_at(point, "rgb", at), at + ".rgb");
    if (rgb.size() != 3)
      fail(at + ".rgb", "expected [r, g, b], got " + std::to_string(rgb.size()) + " value(s)");
    for (std::size_t c = 0; c < 3; ++c) {
      const std::string channel_at = at + ".rgb[" + std::to_string(c) + "]";
      const double value = json_number(rgb[c], channel_at);
      if (!std::isfinite(value)) fail(channel_at, "must be a finite number");
      if (value < 0 || value > 255 || value != std::floor(value))
        fail(channel_at,
             number_text(value) + " is not an sRGB channel value (a whole number in 0..255)");
      hint.rgb[c] = static_cast<std::uint8_t>(value);
    }
    hints.push_back(hint);
  }
  return hints;
}

std::vector<ColourHint> parse_hints(const std::string& json_text, const std::string& where,
                                    int width, int height) {
  return hints_from_json(parse_json(json_text, where), where, width, height);
}

std::string hints_to_json_text(const std::vector<ColourHint>& hints) {
  Json list = Json::array();
  for (const ColourHint& hint : hints) {
    Json point = Json::object();
    point["x"] = hint.x;
    point["y"] = hint.y;
    Json rgb = Json::array();
    for (std::uint8_t channel : hint.rgb) rgb.push_back(static_cast<int>(channel));
    point["rgb"] = std::move(rgb);
    list.push_back(std::move(point));
  }
  Json json = Json::object();
  json["hints"] = std::move(list);
  return dump_json(json, 2) + "\n";
}

HintCell hint_cell(const ColourHint& hint, int image_width, int image_height, int input_width,
                   int input_height) {
  const auto cell = [](double position, int image_side, int input_side) {
    const int index = static_cast<int>(std::floor(position * input_side / image_side));
    return std::clamp(index, 0, input_side - 1);
  };
  return {cell(hint.x, image_width, input_width), cell(hint.y, image_height, input_height)};
}

std::vector<float> hint_planes(const std::vector<ColourHint>& hints, int image_width,
                               int image_height, int input_width, int input_height,
                               float ab_scale) {
  if (input_width < 1 || input_height < 1 || image_width < 1 || image_height < 1)
    fail("hint_planes", "empty image or input");
  const std::size_t plane = std::size_t(input_width) * std::size_t(input_height);
  std::vector<float> planes(3 * plane, 0.0f);
  std::vector<int> counts(plane, 0);
  constexpr int kReach = kHintSide / 2;
  for (const ColourHint& hint : hints) {
    const HintCell centre = hint_cell(hint, image_width, image_height, input_width, input_height);
    const Lab lab = srgb8_to_lab(hint.rgb);
    for (int y = std::max(0, centre.y - kReach); y <= std::min(input_height - 1, centre.y + kReach);
         ++y)
      for (int x = std::max(0, centre.x - kReach);
           x <= std::min(input_width - 1, centre.x + kReach); ++x) {
        const std::size_t p = std::size_t(y) * std::size_t(input_width) + std::size_t(x);
        planes[p] += lab.a / ab_scale;
        planes[plane + p] += lab.b / ab_scale;
        ++counts[p];
      }
  }
  for (std::size_t p = 0; p < plane; ++p)
    if (counts[p] > 0) {
      planes[p] /= float(counts[p]);
      planes[plane + p] /= float(counts[p]);
      planes[2 * plane + p] = 1.0f;
    }
  return planes;
}

std::vector<ColourHint> simulate_hints(const Image8& truth, std::size_t count, std::uint64_t seed,
                                       int input_width, int input_height) {
  require_channels(truth, 3, "simulate_hints");
  if (input_width < 1 || input_height < 1) fail("simulate_hints", "empty input size");
  const int width = truth.width(), height = truth.height();
  Random random(seed);
  std::vector<ColourHint> hints;
  constexpr int kReach = kHintSide / 2;
  for (std::size_t i = 0; i < count; ++i) {
    const int cx = int(random.below(std::uint64_t(input_width)));
    const int cy = int(random.below(std::uint64_t(input_height)));
    // The image pixels under the input square the hint covers.
    const auto span = [](int centre, int input_side, int image_side) {
      const int first = std::max(0, centre - kReach),
                last = std::min(input_side - 1, centre + kReach);
      const int begin = int(std::floor(double(first) * image_side / input_side));
      const int end = int(std::ceil(double(last + 1) * image_side / input_side));
      return std::pair<int, int>{std::clamp(begin, 0, image_side - 1),
                                 std::clamp(end, begin + 1, image_side)};
    };
    const auto [x0, x1] = span(cx, input_width, width);
    const auto [y0, y1] = span(cy, input_height, height);
    double l = 0, a = 0, b = 0;
    for (int y = y0; y < y1; ++y)
      for (int x = x0; x < x1; ++x) {
        const std::uint8_t* pixel = truth.pixel(x, y);
        const Lab lab = srgb8_to_lab({pixel[0], pixel[1], pixel[2]});
        l += double(lab.L);
        a += double(lab.a);
        b += double(lab.b);
      }
    const double n = double(x1 - x0) * double(y1 - y0);
    ColourHint hint;
    hint.x = (cx + 0.5) * width / input_width;
    hint.y = (cy + 0.5) * height / input_height;
    hint.rgb = lab_to_srgb8({float(l / n), float(a / n), float(b / n)});
    hints.push_back(hint);
  }
  return hints;
}

}  // namespace tint
