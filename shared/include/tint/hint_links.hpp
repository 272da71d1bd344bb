// Colour hints in a page link (the app's URL hash, `hints=...`): compact and readable in an
// address bar, with only characters a URL carries unescaped. Each hint is X_Y_RRGGBB (image pixel
// coordinates, sRGB in hex); hints are joined by '-':
//   hints=120_64_c81e1e-300.5_200_1e40c8
// A link is typed, pasted and truncated by people, so reading one keeps every good hint and names
// each bad one instead of refusing the lot (a hints file, by contrast, is all or nothing).
#pragma once

#include <string>
#include <vector>

#include "tint/hints.hpp"

namespace tint {

std::string hints_to_link_text(const std::vector<ColourHint>& hints);

struct LinkHints {
  std::vector<ColourHint> hints;      // the good ones, in the link's order
  std::vector<std::string> problems;  // one line per dropped hint, naming it
};

// Reads the hints of a link for an image of width x height; empty text is no hints.
LinkHints hints_from_link_text(const std::string& text, int width, int height);

}  // namespace tint
