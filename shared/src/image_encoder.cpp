// PNG through libpng and JPEG through libjpeg-turbo's compressors (the libraries that decode them),
// a row at a time.
#include "tint/image_encoder.hpp"

#include <cstddef>
#include <cstdio>  // jpeglib.h needs FILE

#include <jpeglib.h>
#include <png.h>

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "codec_pixels.hpp"
#include "tint/error.hpp"

namespace tint {
namespace {

// The libraries report errors through callbacks that must not return: they throw, and the
// unwinding passes through the libraries' frames, which hold nothing their destroy calls do not
// free.
struct EncoderFailure {
  std::string what;
};

[[noreturn]] void throw_png_error(png_structp, png_const_charp message) {
  throw EncoderFailure{message};
}
void ignore_png_warning(png_structp, png_const_charp) {}

void append_png_bytes(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(png_get_io_ptr(png));
  out->insert(out->end(), data, data + length);
}
void flush_nothing(png_structp) {}

[[noreturn]] void throw_jpeg_error(j_common_ptr info) {
  char message[JMSG_LENGTH_MAX];
  (*info->err->format_message)(info, message);
  throw EncoderFailure{message};
}

// libjpeg writes through a destination manager: this one appends each full buffer to the file.
// (libjpeg's jpeg_mem_dest frees its buffer as it grows, which an error half-way frees twice.)
struct JpegDestination {
  jpeg_destination_mgr manager{};  // first: libjpeg's pointer to it is a pointer to this
  std::vector<std::uint8_t>* file = nullptr;
  std::array<JOCTET, 64 * 1024> buffer{};

  static JpegDestination& of(j_compress_ptr info) {
    return *reinterpret_cast<JpegDestination*>(info->dest);
  }
  void restart() {
    manager.next_output_byte = buffer.data();
    manager.free_in_buffer = buffer.size();
  }
  static void init(j_compress_ptr info) { of(info).restart(); }
  static boolean empty(j_compress_ptr info) {  // the whole buffer, whatever free_in_buffer says
    JpegDestination& destination = of(info);
    destination.file->insert(destination.file->end(), destination.buffer.begin(),
                             destination.buffer.end());
    destination.restart();
    return TRUE;
  }
  static void term(j_compress_ptr info) {
    JpegDestination& destination = of(info);
    const std::size_t used = destination.buffer.size() - destination.manager.free_in_buffer;
    destination.file->insert(destination.file->end(), destination.buffer.begin(),
                             destination.buffer.begin() + static_cast<std::ptrdiff_t>(used));
  }
};

}  // namespace

// One of the two writers, owned so that every way out frees the library's structs.
struct ImageEncoder::State {
  const Image8* image = nullptr;
  ImageFormat format = ImageFormat::kPng;
  int rows_done = 0;
  std::vector<std::uint8_t> file;

  png_structp png = nullptr;
  png_infop png_info = nullptr;

  jpeg_compress_struct jpeg{};
  jpeg_error_mgr jpeg_errors{};
  bool jpeg_created = false;
  JpegDestination jpeg_destination;

  ~State() {
    if (png != nullptr) png_destroy_write_struct(&png, &png_info);
    if (jpeg_created) jpeg_destroy_compress(&jpeg);
  }

  void start_png() {
    png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, throw_png_error,
                                  ignore_png_warning);
    if (png != nullptr) png_info = png_create_info_struct(png);
    if (png == nullptr || png_info == nullptr) throw EncoderFailure{"out of memory"};
    png_set_write_fn(png, &file, append_png_bytes, flush_nothing);
    static const int kColourTypes[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                       PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
    png_set_IHDR(png, png_info, static_cast<png_uint_32>(image->width()),
                 static_cast<png_uint_32>(image->height()), 8, kColourTypes[image->channels() - 1],
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_write_info(png, png_info);
  }

  void start_jpeg(int quality) {
    jpeg.err = jpeg_std_error(&jpeg_errors);
    jpeg_errors.error_exit = throw_jpeg_error;
    jpeg_create_compress(&jpeg);
    jpeg_created = true;
    jpeg_destination.file = &file;
    jpeg_destination.manager.init_destination = JpegDestination::init;
    jpeg_destination.manager.empty_output_buffer = JpegDestination::empty;
    jpeg_destination.manager.term_destination = JpegDestination::term;
    jpeg.dest = &jpeg_destination.manager;
    jpeg.image_width = static_cast<JDIMENSION>(image->width());
    jpeg.image_height = static_cast<JDIMENSION>(image->height());
    jpeg.input_components = image->channels();
    jpeg.in_color_space = image->channels() == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&jpeg);
    jpeg_set_quality(&jpeg, quality, TRUE);
    jpeg.optimize_coding = TRUE;  // about 5 % smaller for a little more time
    jpeg_start_compress(&jpeg, TRUE);
  }

  void write_row(int y) {
    // The libraries take non-const rows but only read them.
    auto* row = const_cast<std::uint8_t*>(image->pixel(0, y));
    if (format == ImageFormat::kPng) {
      png_write_row(png, row);
    } else {
      JSAMPROW rows[] = {row};
      jpeg_write_scanlines(&jpeg, rows, 1);
    }
  }

  void finish() {
    if (format == ImageFormat::kPng) {
      png_write_end(png, png_info);
      return;
    }
    jpeg_finish_compress(&jpeg);
  }
};

ImageFormat output_format_for(const std::uint8_t* file_bytes, std::size_t size) {
  return detail::is_jpeg(file_bytes, size) ? ImageFormat::kJpeg : ImageFormat::kPng;
}

const char* mime_type(ImageFormat format) {
  return format == ImageFormat::kJpeg ? "image/jpeg" : "image/png";
}

ImageEncoder::ImageEncoder(const Image8& image, ImageFormat format, int jpeg_quality)
    : state_(std::make_unique<State>()) {
  const char* const where = format == ImageFormat::kJpeg ? "encode JPEG" : "encode PNG";
  if (image.empty()) fail(where, "empty image");
  if (format == ImageFormat::kJpeg && image.channels() != 1 && image.channels() != 3)
    fail(where, "JPEG takes 1 or 3 channels, not " + std::to_string(image.channels()));
  if (image.channels() < 1 || image.channels() > 4)
    fail(where, "PNG takes 1 to 4 channels, not " + std::to_string(image.channels()));
  if (jpeg_quality < 1 || jpeg_quality > 100)
    fail(where, "JPEG quality must be 1..100, not " + std::to_string(jpeg_quality));
  State& state = *state_;
  state.image = &image;
  state.format = format;
  try {
    if (format == ImageFormat::kPng)
      state.start_png();
    else
      state.start_jpeg(jpeg_quality);
  } catch (const EncoderFailure& failure) {
    fail(where, failure.what);
  }
}

ImageEncoder::~ImageEncoder() = default;

bool ImageEncoder::encode_rows(int rows) {
  State& state = *state_;
  const int height = state.image->height();
  if (state.rows_done == height) return true;
  try {
    const int end = std::min(height, state.rows_done + std::max(rows, 1));
    for (; state.rows_done < end; ++state.rows_done) state.write_row(state.rows_done);
    if (state.rows_done == height) state.finish();
  } catch (const EncoderFailure& failure) {
    fail(state.format == ImageFormat::kJpeg ? "encode JPEG" : "encode PNG", failure.what);
  }
  return state.rows_done == height;
}

int ImageEncoder::rows_done() const { return state_->rows_done; }

std::vector<std::uint8_t> ImageEncoder::take() {
  if (state_->rows_done != state_->image->height()) fail("ImageEncoder::take", "not complete");
  return std::exchange(state_->file, {});
}

std::vector<std::uint8_t> encode_image(const Image8& image, ImageFormat format, int jpeg_quality) {
  ImageEncoder encoder(image, format, jpeg_quality);
  encoder.encode_rows(image.height());
  return encoder.take();
}

}  // namespace tint
