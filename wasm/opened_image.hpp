// An image the user opened: decoded by the colour core, with the L plane the network sees and the
// gray version the canvas shows for colorizing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "tint/image.hpp"
#include "tint/image_encoder.hpp"
#include "tint/image_io.hpp"

namespace tint::app {

struct OpenedImage {
  std::string name;
  ImageFormat file_format = ImageFormat::kPng;  // what its colorized version is saved as
  Image8 original;                              // sRGB8 as decoded
  bool has_colour = false;  // false when the original is gray already (nothing to compare against)
  ImageF lightness;         // L, 0..100, full resolution
  Image8 gray;              // the input as the network sees it, as sRGB8 gray (1 channel)
};

// An image opened a step at a time: decoded a band of rows per step, then its lightness and gray
// planes band by band. A large photo takes several frames this way, and the page answers the user
// between them. Errors throw tint::Error with a message for the user (empty file, unreadable,
// over the size limit), at the start or in a step; std::bad_alloc when memory runs out.
class ImageOpening {
 public:
  // The bytes must outlive the opening.
  ImageOpening(const std::uint8_t* bytes, std::size_t size, std::string name);

  // Works for about `budget_ms` (at least one band); true once the image is open.
  bool step(double budget_ms);
  // The image, once open.
  OpenedImage take();

 private:
  enum class Stage { kDecoding, kLightness, kGray, kOpen };
  void work_on_one_band();

  StepwiseImageDecoder decoder_;
  OpenedImage image_;
  Stage stage_ = Stage::kDecoding;
  int next_row_ = 0;  // of the plane being filled
};

}  // namespace tint::app
