#include "opened_image.hpp"

#include "tint/color_space.hpp"
#include "tint/image_io.hpp"

namespace tint::app {
namespace {

bool has_colour(const Image8& rgb) {
  const std::uint8_t* p = rgb.data();
  for (std::size_t i = 0; i < rgb.pixel_count(); ++i, p += 3)
    if (p[0] != p[1] || p[1] != p[2]) return true;
  return false;
}

}  // namespace

OpenedImage open_image(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
  DecodeOptions options;
  options.max_pixels = kBrowserMaxPixels;
  OpenedImage image;
  image.name = name;
  image.original = decode_image(bytes, size, name, options);
  image.has_colour = has_colour(image.original);
  image.lightness = lightness(image.original);
  image.gray = gray_plane_from_lightness(image.lightness);
  return image;
}

}  // namespace tint::app
