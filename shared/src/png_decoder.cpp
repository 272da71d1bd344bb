// PNG through libpng (Debian's, built with emcc for the browser), a maintained and fuzzed decoder
// in place of stb_image's, which fuzzing found faults in (tests/fuzz/results.md).
#include <png.h>

#include <algorithm>
#include <cstring>

#include "codec_pixels.hpp"
#include "tint/error.hpp"
#include "tint/image.hpp"

namespace tint::detail {
namespace {

// libpng's error callback must not return: it throws, and the unwinding passes through libpng's
// frames, which hold nothing that png_destroy_read_struct() does not free.
struct PngFailure {
  std::string what;
};

[[noreturn]] void throw_png_error(png_structp, png_const_charp message) {
  throw PngFailure{message};
}
void ignore_png_warning(png_structp, png_const_charp) {}

struct MemoryReader {
  const std::uint8_t* bytes;
  std::size_t size, offset;
};

void read_from_memory(png_structp png, png_bytep out, png_size_t length) {
  auto* reader = static_cast<MemoryReader*>(png_get_io_ptr(png));
  if (length > reader->size - reader->offset) throw PngFailure{"the file ends early (truncated)"};
  std::memcpy(out, reader->bytes + reader->offset, length);
  reader->offset += length;
}

// Owns libpng's read and info structs, so that every way out frees them.
class PngReader {
 public:
  PngReader()
      : png_(png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, throw_png_error,
                                    ignore_png_warning)),
        info_(png_ != nullptr ? png_create_info_struct(png_) : nullptr) {
    if (png_ == nullptr || info_ == nullptr) throw PngFailure{"out of memory"};
  }
  ~PngReader() { png_destroy_read_struct(&png_, &info_, nullptr); }
  PngReader(const PngReader&) = delete;
  PngReader& operator=(const PngReader&) = delete;
  png_structp png() const { return png_; }
  png_infop info() const { return info_; }

 private:
  png_structp png_;
  png_infop info_;
};

}  // namespace

bool is_png(const std::uint8_t* bytes, std::size_t size) {
  return size >= 8 && png_sig_cmp(bytes, 0, 8) == 0;
}

StoredPixels decode_png(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        std::size_t max_pixels) {
  StoredPixels pixels;
  try {
    PngReader reader;
    png_structp png = reader.png();
    png_infop info = reader.info();
    MemoryReader memory{bytes, size, 0};
    png_set_read_fn(png, &memory, read_from_memory);
    // Text, ICC profiles and other metadata are not used: skipped unread, so that no chunk's
    // declared length is allocated (libpng would allocate, then find the file cut). What is read
    // is bounded by the file (or 1 MB for the few compressed chunks, such as a palette).
    static constexpr png_byte kSkipped[] =
        "tEXt\0zTXt\0iTXt\0iCCP\0eXIf\0sPLT\0tIME\0pCAL\0sCAL\0"
        "hIST\0oFFs\0pHYs\0sBIT\0";
    png_set_keep_unknown_chunks(png, PNG_HANDLE_CHUNK_NEVER, kSkipped,
                                static_cast<int>(sizeof kSkipped / 5));
    png_set_chunk_malloc_max(png, std::max<png_alloc_size_t>(size, 1024 * 1024));
    png_read_info(png, info);
    check_image_size(png_get_image_width(png, info), png_get_image_height(png, info), max_pixels,
                     name);
    // Everything to 8-bit RGBA: palettes and gray expanded, tRNS to alpha, 16 bits to 8 (the high
    // byte, as stb_image did).
    png_set_expand(png);
    png_set_strip_16(png);
    png_set_gray_to_rgb(png);
    png_set_add_alpha(png, 0xFF, PNG_FILLER_AFTER);
    const int passes = png_set_interlace_handling(png);
    png_read_update_info(png, info);
    pixels.width = static_cast<int>(png_get_image_width(png, info));
    pixels.height = static_cast<int>(png_get_image_height(png, info));
    pixels.channels = 4;
    const std::size_t row_bytes = png_get_rowbytes(png, info);
    if (row_bytes != std::size_t{4} * static_cast<std::size_t>(pixels.width))
      throw PngFailure{"unexpected row layout"};
    pixels.data.resize(row_bytes * static_cast<std::size_t>(pixels.height));
    for (int pass = 0; pass < passes; ++pass)
      for (int y = 0; y < pixels.height; ++y)
        png_read_row(png, pixels.data.data() + row_bytes * static_cast<std::size_t>(y), nullptr);
    // The end chunks are not read: all pixels are in, and a file cut after them still shows.
  } catch (const PngFailure& failure) {
    fail(name, "cannot decode image (damaged or truncated PNG: " + failure.what + ")");
  }
  return pixels;
}

}  // namespace tint::detail
