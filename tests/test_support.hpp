// Helpers shared by the test suites: fixture and data paths, catching a core error's message, the
// mean difference of two images, and every sRGB8 colour in planes.
#pragma once

#include <cstdlib>
#include <functional>
#include <string>

#include "tint/error.hpp"
#include "tint/image.hpp"

namespace tint::test {

// tests/data holds small fixtures; TINT_DATA_DIR is the shared data folder (../shared/data).
inline std::string fixture(const std::string& name) {
  return std::string(TINT_TEST_DATA_DIR) + "/" + name;
}
inline std::string data_set(const std::string& path) {
  return std::string(TINT_DATA_DIR) + "/" + path;
}
// A pretrained network beside the shared data (../shared/models).
inline std::string shared_model(const std::string& file) {
  return std::string(TINT_DATA_DIR) + "/../models/" + file;
}

// The message of the tint::Error that `action` throws, or "no error".
inline std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

// The mean absolute difference of two images' samples (of one shape).
inline double mean_abs_difference(const Image8& a, const Image8& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.sample_count(); ++i) sum += std::abs(a.data()[i] - b.data()[i]);
  return sum / static_cast<double>(a.sample_count());
}

// Calls `check` with 256 images of 256 x 256 that hold every sRGB8 colour once: the image for
// red r has green down and blue across.
inline void for_every_colour(const std::function<void(int red, const Image8& plane)>& check) {
  Image8 plane(256, 256, 3);
  for (int r = 0; r < 256; ++r) {
    for (int g = 0; g < 256; ++g)
      for (int b = 0; b < 256; ++b) {
        std::uint8_t* p = plane.pixel(b, g);
        p[0] = static_cast<std::uint8_t>(r);
        p[1] = static_cast<std::uint8_t>(g);
        p[2] = static_cast<std::uint8_t>(b);
      }
    check(r, plane);
  }
}

}  // namespace tint::test
