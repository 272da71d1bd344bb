// Image decoding from memory, as the browser app and the trainer decode what users give them:
// the header check, then every format the decoder reads. Any input must give an image or a
// tint::Error, nothing else.
#include <cstddef>
#include <cstdint>

#include "tint/error.hpp"
#include "tint/image_io.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tint::DecodeOptions options;
  // Large enough for every format's paths, small enough that one input stays well under a second
  // under the sanitizers: stb_image makes a 3-megapixel TGA of 40 bytes, which takes 0.8 s here.
  options.max_pixels = std::size_t{1024} * 1024;
  try {
    const tint::Image8 image = tint::decode_image(data, size, "fuzz", options);
    if (image.channels() != 3 || image.empty()) __builtin_trap();
  } catch (const tint::Error&) {
  }
  return 0;
}
