// JPEG through libjpeg-turbo (Debian's, built with emcc for the browser), a maintained and fuzzed
// decoder in place of stb_image's, which fuzzing found faults in (tests/fuzz/results.md).
#include <cstdio>  // jpeglib.h needs FILE

#include <jerror.h>
#include <jpeglib.h>

#include <string>
#include <utility>
#include <vector>

#include "codec_pixels.hpp"
#include "tint/error.hpp"
#include "tint/image.hpp"

namespace tint::detail {
namespace {

// A progressive JPEG may declare thousands of tiny scans, each a pass over the image; TurboJPEG
// refuses more than 500 by default as well.
constexpr int kMaxScans = 500;
// libjpeg's own allocations (coefficient buffers of progressive files) beyond this are refused,
// rather than taken from a few bytes' claims.
constexpr long kMaxDecoderMemory = 1024L * 1024 * 1024;

// libjpeg reports errors through a callback that must not return: it throws, and the unwinding
// passes through libjpeg's frames, which hold nothing that jpeg_destroy_decompress() does not free.
struct JpegFailure {
  std::string what;
  bool truncated;
};

[[noreturn]] void throw_jpeg_error(j_common_ptr info) {
  char message[JMSG_LENGTH_MAX];
  (*info->err->format_message)(info, message);
  throw JpegFailure{message, info->err->msg_code == JWRN_JPEG_EOF};
}

// Warnings that mean lost image data (a cut file, corrupt entropy-coded data) are errors, as they
// were with stb_image; harmless ones (extraneous bytes, unknown markers) are ignored.
void on_jpeg_message(j_common_ptr info, int level) {
  if (level >= 0) return;  // trace messages
  switch (info->err->msg_code) {
    case JWRN_JPEG_EOF:
    case JWRN_HUFF_BAD_CODE:
    case JWRN_HIT_MARKER:
    case JWRN_MUST_RESYNC:
      throw_jpeg_error(info);
    default:
      return;
  }
}

void limit_scans(j_common_ptr info) {
  const auto* decompress = reinterpret_cast<j_decompress_ptr>(info);
  if (info->is_decompressor && decompress->input_scan_number > kMaxScans)
    throw JpegFailure{"more than " + std::to_string(kMaxScans) + " progressive scans", false};
}

// Owns the decompressor, so that every way out destroys it.
class Decompressor {
 public:
  Decompressor() {
    info_.err = jpeg_std_error(&errors_);
    errors_.error_exit = throw_jpeg_error;
    errors_.emit_message = on_jpeg_message;
    jpeg_create_decompress(&info_);
    info_.mem->max_memory_to_use = kMaxDecoderMemory;
    progress_.progress_monitor = limit_scans;
    info_.progress = &progress_;
  }
  ~Decompressor() { jpeg_destroy_decompress(&info_); }
  Decompressor(const Decompressor&) = delete;
  Decompressor& operator=(const Decompressor&) = delete;
  jpeg_decompress_struct& info() { return info_; }

 private:
  jpeg_error_mgr errors_{};
  jpeg_progress_mgr progress_{};
  jpeg_decompress_struct info_{};
};

// CMYK and YCCK files (Adobe's, from print workflows) store inverted ink amounts.
void cmyk_to_rgb(const JSAMPLE* cmyk, std::uint8_t* rgb, JDIMENSION width, bool inverted) {
  for (JDIMENSION x = 0; x < width; ++x, cmyk += 4, rgb += 3) {
    const unsigned k = inverted ? cmyk[3] : 255u - cmyk[3];
    for (int c = 0; c < 3; ++c) {
      const unsigned ink = inverted ? cmyk[c] : 255u - cmyk[c];
      rgb[c] = static_cast<std::uint8_t>((ink * k + 127u) / 255u);
    }
  }
}

}  // namespace

bool is_jpeg(const std::uint8_t* bytes, std::size_t size) {
  return size >= 2 && bytes[0] == 0xFF && bytes[1] == 0xD8;  // SOI; libjpeg judges the rest
}

struct JpegRowReader::State {
  Decompressor decompressor;
  std::string name;
  bool cmyk = false;
  std::vector<JSAMPLE> cmyk_row;
};

namespace {

[[noreturn]] void fail_jpeg(const std::string& name, const JpegFailure& failure) {
  fail(name, std::string("cannot decode image (") + (failure.truncated ? "truncated" : "damaged") +
                 " JPEG: " + failure.what + ")");
}

}  // namespace

JpegRowReader::JpegRowReader(const std::uint8_t* bytes, std::size_t size, std::string name,
                             std::size_t max_pixels)
    : state_(std::make_unique<State>()) {
  state_->name = std::move(name);
  jpeg_decompress_struct& info = state_->decompressor.info();
  try {
    jpeg_mem_src(&info, bytes, static_cast<unsigned long>(size));
    jpeg_read_header(&info, TRUE);
    check_image_size(info.image_width, info.image_height, max_pixels, state_->name);
    state_->cmyk = info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK;
    info.out_color_space = state_->cmyk ? JCS_CMYK : JCS_RGB;
    // (A progressive file's scans are all read here; its rows are then made one by one.)
    jpeg_start_decompress(&info);
  } catch (const JpegFailure& failure) {
    fail_jpeg(state_->name, failure);
  }
  state_->cmyk_row.resize(state_->cmyk ? std::size_t{4} * info.output_width : 0);
}

JpegRowReader::~JpegRowReader() = default;

int JpegRowReader::width() const {
  return static_cast<int>(state_->decompressor.info().output_width);
}
int JpegRowReader::height() const {
  return static_cast<int>(state_->decompressor.info().output_height);
}
int JpegRowReader::rows_read() const {
  return static_cast<int>(state_->decompressor.info().output_scanline);
}

// No jpeg_finish_decompress() after the last row: every pixel is read, and a file cut after its
// last scan (no end marker) decodes, as browsers show it.
void JpegRowReader::read_row(std::uint8_t* rgb) {
  jpeg_decompress_struct& info = state_->decompressor.info();
  if (info.output_scanline >= info.output_height)
    fail(state_->name, "JpegRowReader: every row is read already");
  try {
    JSAMPROW target = state_->cmyk ? state_->cmyk_row.data() : rgb;
    jpeg_read_scanlines(&info, &target, 1);
    if (state_->cmyk)
      cmyk_to_rgb(state_->cmyk_row.data(), rgb, info.output_width, info.saw_Adobe_marker);
  } catch (const JpegFailure& failure) {
    fail_jpeg(state_->name, failure);
  }
}

}  // namespace tint::detail
