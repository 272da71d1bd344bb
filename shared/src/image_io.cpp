#include "tint/image_io.hpp"

#include <climits>

#include "decoder_guards.hpp"
#include "exif_orientation.hpp"
#include "image_header.hpp"
#include "tint/file_io.hpp"

// stb is the core's one external dependency; its implementation is compiled here only.
#define STB_IMAGE_IMPLEMENTATION
#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STBI_FAILURE_USERMSG
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wcast-align"
#pragma GCC diagnostic ignored "-Wdouble-promotion"
#pragma GCC diagnostic ignored "-Wnull-dereference"
#pragma GCC diagnostic ignored "-Wshadow"
#pragma GCC diagnostic ignored "-Wunused-function"
#endif
#include <stb_image.h>
#include <stb_image_write.h>
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace tint {

Image8 decode_image(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                    const DecodeOptions& options) {
  if (bytes == nullptr || size == 0) fail(name, "empty file (0 bytes)");
  if (size > static_cast<std::size_t>(INT_MAX)) fail(name, "file too large to decode");
  const int length = static_cast<int>(size);
  // The stored size, before any EXIF rotation: rotating changes no pixel count.
  if (const auto header = detail::peek_image_size(bytes, size))
    check_image_size(header->width, header->height, options.max_pixels, name);
  detail::check_before_decoding(bytes, size, name);
  int width = 0, height = 0, file_channels = 0;
  if (!stbi_info_from_memory(bytes, length, &width, &height, &file_channels))
    fail(name, std::string("not a readable image (") + stbi_failure_reason() + ")");
  check_image_size(width, height, options.max_pixels, name);

  stbi_uc* rgba = stbi_load_from_memory(bytes, length, &width, &height, &file_channels, 4);
  if (rgba == nullptr)
    fail(name, std::string("cannot decode image (") + stbi_failure_reason() + ")");
  // A phone photo is often stored on its side with an EXIF tag saying how to turn it upright;
  // each pixel is written straight to its upright place.
  const detail::UprightLayout upright =
      detail::upright_layout(detail::jpeg_exif_orientation(bytes, size), width, height);
  Image8 image(upright.width, upright.height, 3, options.max_pixels);
  const stbi_uc* in = rgba;
  for (int y = 0; y < height; ++y) {
    std::ptrdiff_t to = upright.origin + y * upright.step_y;
    for (int x = 0; x < width; ++x, in += 4, to += upright.step_x) {
      std::uint8_t* out = image.data() + 3 * to;
      const unsigned alpha = in[3];
      for (int c = 0; c < 3; ++c)  // over white, rounded
        out[c] = static_cast<std::uint8_t>((in[c] * alpha + 255u * (255u - alpha) + 127u) / 255u);
    }
  }
  stbi_image_free(rgba);
  return image;
}

Image8 decode_image(const std::vector<std::uint8_t>& bytes, const std::string& name,
                    const DecodeOptions& options) {
  return decode_image(bytes.data(), bytes.size(), name, options);
}

Image8 read_image(const std::string& path, const DecodeOptions& options) {
  return decode_image(read_file(path), path, options);
}

std::vector<std::uint8_t> encode_png(const Image8& image) {
  if (image.empty()) fail("encode_png", "empty image");
  std::vector<std::uint8_t> png;
  const auto append = [](void* context, void* data, int size) {
    auto* out = static_cast<std::vector<std::uint8_t>*>(context);
    const auto* bytes = static_cast<const std::uint8_t*>(data);
    out->insert(out->end(), bytes, bytes + size);
  };
  const int stride = image.width() * image.channels();
  if (!stbi_write_png_to_func(append, &png, image.width(), image.height(), image.channels(),
                              image.data(), stride))
    fail("encode_png", "stb_image_write failed");
  return png;
}

void write_png(const std::string& path, const Image8& image) {
  write_file_atomic(path, encode_png(image));
}

}  // namespace tint
