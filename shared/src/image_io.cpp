#include "tint/image_io.hpp"

#include <algorithm>
#include <climits>
#include <limits>
#include <utility>

#include "codec_pixels.hpp"
#include "exif_orientation.hpp"
#include "image_header.hpp"
#include "tint/file_io.hpp"
#include "tint/image_encoder.hpp"

// stb_image decodes BMP, GIF and TGA (JPEG and PNG go to libjpeg-turbo and libpng; its PSD, PNM and
// HDR readers are left out: fuzzing found PNM's faulty, and photos do not come in them); its
// implementation is compiled here only.
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_BMP
#define STBI_ONLY_GIF
#define STBI_ONLY_TGA
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
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif

namespace tint {

namespace {

detail::StoredPixels decode_with_stb(const std::uint8_t* bytes, std::size_t size,
                                     const std::string& name, std::size_t max_pixels) {
  if (size > static_cast<std::size_t>(INT_MAX)) fail(name, "file too large to decode");
  const int length = static_cast<int>(size);
  int width = 0, height = 0, file_channels = 0;
  if (!stbi_info_from_memory(bytes, length, &width, &height, &file_channels))
    fail(name, std::string("not a readable image (") + stbi_failure_reason() + ")");
  check_image_size(width, height, max_pixels, name);
  stbi_uc* rgba = stbi_load_from_memory(bytes, length, &width, &height, &file_channels, 4);
  if (rgba == nullptr)
    fail(name, std::string("cannot decode image (") + stbi_failure_reason() + ")");
  detail::StoredPixels pixels;
  pixels.width = width;
  pixels.height = height;
  pixels.channels = 4;
  pixels.data.assign(rgba, rgba + std::size_t{4} * static_cast<std::size_t>(width) *
                                      static_cast<std::size_t>(height));
  stbi_image_free(rgba);
  return pixels;
}

}  // namespace

namespace {

// Writes a stored row (RGB or RGBA) to its upright place in `image`, alpha over white, rounded.
void place_stored_row(const std::uint8_t* in, int channels, int stored_y, int stored_width,
                      const detail::UprightLayout& upright, Image8& image) {
  std::ptrdiff_t to = upright.origin + stored_y * upright.step_y;
  for (int x = 0; x < stored_width; ++x, in += channels, to += upright.step_x) {
    std::uint8_t* out = image.data() + 3 * to;
    const unsigned alpha = channels == 4 ? in[3] : 255u;
    for (int c = 0; c < 3; ++c)
      out[c] = static_cast<std::uint8_t>((in[c] * alpha + 255u * (255u - alpha) + 127u) / 255u);
  }
}

}  // namespace

struct StepwiseImageDecoder::State {
  const std::uint8_t* bytes = nullptr;
  std::size_t size = 0;
  std::string name;
  DecodeOptions options;
  std::unique_ptr<detail::JpegRowReader> jpeg;  // null for the other formats
  std::vector<std::uint8_t> row;                // one stored JPEG row
  int stored_width = 0, stored_height = 0, rows_done = 0;
  detail::UprightLayout upright{};
  Image8 image;
  bool complete = false;

  // A phone photo is often stored on its side with an EXIF tag saying how to turn it upright;
  // each pixel is written straight to its upright place.
  void start_image(int width, int height) {
    stored_width = width;
    stored_height = height;
    upright = detail::upright_layout(detail::jpeg_exif_orientation(bytes, size), width, height);
    image = Image8(upright.width, upright.height, 3, options.max_pixels);
  }
};

StepwiseImageDecoder::StepwiseImageDecoder(const std::uint8_t* bytes, std::size_t size,
                                           std::string name, const DecodeOptions& options)
    : state_(std::make_unique<State>()) {
  if (bytes == nullptr || size == 0) fail(name, "empty file (0 bytes)");
  // The stored size, before any EXIF rotation: rotating changes no pixel count.
  if (const auto header = detail::peek_image_size(bytes, size))
    check_image_size(header->width, header->height, options.max_pixels, name);
  State& state = *state_;
  state.bytes = bytes;
  state.size = size;
  state.name = std::move(name);
  state.options = options;
  if (detail::is_jpeg(bytes, size)) {
    state.jpeg =
        std::make_unique<detail::JpegRowReader>(bytes, size, state.name, options.max_pixels);
    state.row.resize(std::size_t{3} * static_cast<std::size_t>(state.jpeg->width()));
    state.start_image(state.jpeg->width(), state.jpeg->height());
  }
}

StepwiseImageDecoder::~StepwiseImageDecoder() = default;

bool StepwiseImageDecoder::decode_rows(int rows) {
  State& state = *state_;
  if (state.complete) return true;
  if (state.jpeg) {
    for (int i = 0; i < std::max(rows, 1) && state.rows_done < state.stored_height; ++i) {
      state.jpeg->read_row(state.row.data());
      place_stored_row(state.row.data(), 3, state.rows_done++, state.stored_width, state.upright,
                       state.image);
    }
  } else {
    const detail::StoredPixels stored =
        detail::is_png(state.bytes, state.size)
            ? detail::decode_png(state.bytes, state.size, state.name, state.options.max_pixels)
            : decode_with_stb(state.bytes, state.size, state.name, state.options.max_pixels);
    state.start_image(stored.width, stored.height);
    const std::size_t row_bytes =
        static_cast<std::size_t>(stored.channels) * static_cast<std::size_t>(stored.width);
    for (int y = 0; y < stored.height; ++y)
      place_stored_row(stored.data.data() + row_bytes * static_cast<std::size_t>(y),
                       stored.channels, y, stored.width, state.upright, state.image);
    state.rows_done = stored.height;
  }
  state.complete = state.rows_done >= state.stored_height;
  return state.complete;
}

bool StepwiseImageDecoder::complete() const { return state_->complete; }

double StepwiseImageDecoder::progress() const {
  const State& state = *state_;
  if (state.complete) return 1.0;
  return state.stored_height > 0 ? static_cast<double>(state.rows_done) / state.stored_height : 0.0;
}

Image8 StepwiseImageDecoder::take() {
  if (!state_->complete) fail(state_->name, "StepwiseImageDecoder::take: not decoded yet");
  return std::move(state_->image);
}

Image8 decode_image(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                    const DecodeOptions& options) {
  StepwiseImageDecoder decoder(bytes, size, name, options);
  while (!decoder.decode_rows(std::numeric_limits<int>::max())) {
  }
  return decoder.take();
}

std::optional<std::uint64_t> stated_pixel_count(const std::uint8_t* bytes, std::size_t size) {
  if (bytes == nullptr) return std::nullopt;
  const auto header = detail::peek_image_size(bytes, size);
  constexpr long long kLargestSide = 0xFFFFFFFFll;  // so that the product fits 64 bits
  if (!header || header->width < 0 || header->height < 0 || header->width > kLargestSide ||
      header->height > kLargestSide)
    return std::nullopt;
  return static_cast<std::uint64_t>(header->width) * static_cast<std::uint64_t>(header->height);
}

Image8 decode_image(const std::vector<std::uint8_t>& bytes, const std::string& name,
                    const DecodeOptions& options) {
  return decode_image(bytes.data(), bytes.size(), name, options);
}

Image8 read_image(const std::string& path, const DecodeOptions& options) {
  return decode_image(read_file(path), path, options);
}

std::vector<std::uint8_t> encode_png(const Image8& image) {
  return encode_image(image, ImageFormat::kPng);
}

void write_png(const std::string& path, const Image8& image) {
  write_file_atomic(path, encode_png(image));
}

}  // namespace tint
