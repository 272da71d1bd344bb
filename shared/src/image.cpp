#include "tint/image.hpp"

namespace tint {

void check_image_size(long long width, long long height, std::size_t max_pixels,
                      const std::string& where) {
  if (width <= 0 || height <= 0)
    fail(where, "image size must be positive, got " + std::to_string(width) + "x" +
                    std::to_string(height));
  if (static_cast<unsigned long long>(width) * static_cast<unsigned long long>(height) > max_pixels)
    fail(where, "image of " + std::to_string(width) + "x" + std::to_string(height) +
                    " pixels is over the limit of " + std::to_string(max_pixels) + " pixels");
}

}  // namespace tint
