// An image the user opened: decoded by the colour core, with the L plane the network sees and the
// gray version the canvas shows for colorizing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "tint/image.hpp"

namespace tint::app {

struct OpenedImage {
  std::string name;
  Image8 original;          // sRGB8 as decoded
  bool has_colour = false;  // false when the original is gray already (nothing to compare against)
  ImageF lightness;         // L, 0..100, full resolution
  Image8 gray;              // the input as the network sees it, as sRGB8 gray (1 channel)
};

// Throws tint::Error with a message for the user (empty file, unreadable, over the size limit).
OpenedImage open_image(const std::uint8_t* bytes, std::size_t size, const std::string& name);

}  // namespace tint::app
