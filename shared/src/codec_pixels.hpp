// What a format's decoder hands back to decode_image(): 8-bit pixels as stored in the file (before
// any EXIF orientation), RGB or RGBA; whole, or (JPEG) a row at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace tint::detail {

struct StoredPixels {
  int width = 0, height = 0;
  int channels = 3;  // 3: RGB, 4: RGBA (not premultiplied)
  std::vector<std::uint8_t> data;
};

// Each throws tint::Error naming `name` for a damaged, truncated or over-large file (more than
// `max_pixels`, checked from the header before the pixels are allocated).
StoredPixels decode_png(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                        std::size_t max_pixels);  // libpng

// A JPEG's stored rows in order, RGB, through libjpeg-turbo: a large photo can be decoded a band
// at a time. The bytes must outlive the reader.
class JpegRowReader {
 public:
  JpegRowReader(const std::uint8_t* bytes, std::size_t size, std::string name,
                std::size_t max_pixels);
  ~JpegRowReader();
  JpegRowReader(const JpegRowReader&) = delete;
  JpegRowReader& operator=(const JpegRowReader&) = delete;

  int width() const;
  int height() const;
  int rows_read() const;
  // The next row's 3 * width() bytes.
  void read_row(std::uint8_t* rgb);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

bool is_jpeg(const std::uint8_t* bytes, std::size_t size);
bool is_png(const std::uint8_t* bytes, std::size_t size);

}  // namespace tint::detail
