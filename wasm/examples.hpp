// The page's example photos (site.json): each arrives as a file, is decoded once for its
// thumbnail when the start screen wants it, is kept as bytes, and opens like a file the user chose.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

// Longest side of an example's thumbnail, in CSS pixels.
constexpr int kThumbnailSide = 128;

// Adds an example, shown once make_thumbnails has made its thumbnail (at once on the start screen).
void add_example(AppState& app, std::vector<std::uint8_t> bytes, const std::string& name);
// Makes the thumbnails of the examples added since the last call: at once while no image is open
// (the start screen shows them); behind an opened image only once no other work is under way, so
// that decoding them does not delay its colour. An example that does not decode leaves a message
// and no example. Called as examples arrive and once per frame, before drawing.
void make_thumbnails(AppState& app);
// Opens example `index` as the image (the next frame decodes it), in place of any example a
// link is still waiting for.
void open_example(AppState& app, int index);
// The index of the example named `name`, or -1.
int find_example(const AppState& app, const std::string& name);

}  // namespace tint::app
