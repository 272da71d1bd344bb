#include "tint/hint_links.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace tint {
namespace {

constexpr char kHintSeparator = '-';
constexpr char kFieldSeparator = '_';

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string::npos ? end : end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
}

// The fewest decimals that read back as the same double: whole pixels, the usual case, have none.
std::string coordinate_text(double value) {
  char text[48];
  for (int decimals = 0; decimals <= 17; ++decimals) {
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
    if (std::strtod(text, nullptr) == value) break;
  }
  return text;
}

// A coordinate as the link writes it: digits with at most one decimal point, no sign, no exponent.
bool read_coordinate(const std::string& text, double& value) {
  if (text.empty() || text.size() > 24) return false;
  int points = 0, digits = 0;
  for (const char c : text) {
    if (c == '.')
      ++points;
    else if (c >= '0' && c <= '9')
      ++digits;
    else
      return false;
  }
  if (points > 1 || digits == 0) return false;
  value = std::strtod(text.c_str(), nullptr);
  return std::isfinite(value);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_colour(const std::string& text, Rgb8& rgb) {
  if (text.size() != 6) return false;
  for (std::size_t c = 0; c < 3; ++c) {
    const int high = hex_digit(text[2 * c]), low = hex_digit(text[2 * c + 1]);
    if (high < 0 || low < 0) return false;
    rgb[c] = static_cast<std::uint8_t>(high * 16 + low);
  }
  return true;
}

// Why `text` is no hint of a width x height image, or empty when `hint` now holds it.
std::string read_link_hint(const std::string& text, int width, int height, ColourHint& hint) {
  const std::vector<std::string> fields = split(text, kFieldSeparator);
  if (fields.size() != 3)
    return "expected X_Y_RRGGBB, got " + std::to_string(fields.size()) + " field(s)";
  if (!read_coordinate(fields[0], hint.x)) return "x '" + fields[0] + "' is not a number";
  if (!read_coordinate(fields[1], hint.y)) return "y '" + fields[1] + "' is not a number";
  if (!read_colour(fields[2], hint.rgb))
    return "colour '" + fields[2] + "' is not six hex digits (RRGGBB)";
  const std::string image =
      " is outside the " + std::to_string(width) + "x" + std::to_string(height) + " image";
  if (!(hint.x < width))
    return "x " + fields[0] + image + " (0 <= x < " + std::to_string(width) + ")";
  if (!(hint.y < height))
    return "y " + fields[1] + image + " (0 <= y < " + std::to_string(height) + ")";
  return "";
}

}  // namespace

std::string hints_to_link_text(const std::vector<ColourHint>& hints) {
  std::string text;
  for (const ColourHint& hint : hints) {
    if (!text.empty()) text += kHintSeparator;
    char colour[8];
    std::snprintf(colour, sizeof colour, "%02x%02x%02x", hint.rgb[0], hint.rgb[1], hint.rgb[2]);
    text += coordinate_text(hint.x) + kFieldSeparator + coordinate_text(hint.y) + kFieldSeparator +
            colour;
  }
  return text;
}

LinkHints hints_from_link_text(const std::string& text, int width, int height) {
  LinkHints result;
  if (text.empty()) return result;
  const std::vector<std::string> items = split(text, kHintSeparator);
  for (std::size_t i = 0; i < items.size(); ++i) {
    const std::string name = "hint " + std::to_string(i + 1) + " ('" + items[i] + "')";
    if (result.hints.size() == kMaxHints) {
      result.problems.push_back(name + " and the " + std::to_string(items.size() - i - 1) +
                                " after it: at most " + std::to_string(kMaxHints) +
                                " hints are taken");
      break;
    }
    ColourHint hint;
    const std::string problem = read_link_hint(items[i], width, height, hint);
    if (problem.empty())
      result.hints.push_back(hint);
    else
      result.problems.push_back(name + ": " + problem);
  }
  return result;
}

}  // namespace tint
