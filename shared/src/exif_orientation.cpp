#include "exif_orientation.hpp"

#include <cstring>

// stb_image ignores EXIF, and one tag is not worth a dependency such as libexif: read it here.
namespace tint::detail {
namespace {

constexpr int kAsStored = 1;
constexpr std::uint32_t kOrientationTag = 0x0112;
constexpr std::uint32_t kTiffShort = 3;
constexpr std::size_t kIfdEntryBytes = 12;

std::uint32_t read_uint(const std::uint8_t* p, int bytes, bool big_endian) {
  std::uint32_t value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | p[big_endian ? i : bytes - 1 - i];
  return value;
}

// `tiff` is the TIFF block after "Exif\0\0": byte order, 42, the offset of IFD0, then IFD0's
// entries (tag, type, count, value). Offsets count from the block's start.
int tiff_orientation(const std::uint8_t* tiff, std::size_t size) {
  if (size < 8) return kAsStored;
  bool big_endian = false;
  if (tiff[0] == 'M' && tiff[1] == 'M')
    big_endian = true;
  else if (tiff[0] != 'I' || tiff[1] != 'I')
    return kAsStored;
  if (read_uint(tiff + 2, 2, big_endian) != 42) return kAsStored;
  const std::size_t ifd = read_uint(tiff + 4, 4, big_endian);
  if (ifd < 8 || ifd > size - 2) return kAsStored;
  const std::size_t entries = read_uint(tiff + ifd, 2, big_endian);
  if (entries > (size - ifd - 2) / kIfdEntryBytes) return kAsStored;  // a cut-off entry table
  for (std::size_t i = 0; i < entries; ++i) {
    const std::uint8_t* entry = tiff + ifd + 2 + i * kIfdEntryBytes;
    if (read_uint(entry, 2, big_endian) != kOrientationTag) continue;
    // One SHORT, held in the first two bytes of the value field.
    const bool one_short = read_uint(entry + 2, 2, big_endian) == kTiffShort &&
                           read_uint(entry + 4, 4, big_endian) == 1;
    const std::uint32_t orientation = read_uint(entry + 8, 2, big_endian);
    return one_short && orientation >= 1 && orientation <= 8 ? static_cast<int>(orientation)
                                                             : kAsStored;
  }
  return kAsStored;
}

}  // namespace

int jpeg_exif_orientation(const std::uint8_t* bytes, std::size_t size) {
  if (bytes == nullptr || size < 4 || bytes[0] != 0xFF || bytes[1] != 0xD8) return kAsStored;
  std::size_t at = 2;  // after SOI
  while (at + 4 <= size) {
    if (bytes[at] != 0xFF) return kAsStored;
    const std::uint8_t marker = bytes[at + 1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    if (marker == 0xDA || marker == 0xD9) return kAsStored;      // SOS or EOI: no metadata follows
    if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {  // TEM, RSTn: no length field
      at += 2;
      continue;
    }
    const std::size_t length = read_uint(bytes + at + 2, 2, true);  // counts itself, not the marker
    if (length < 2 || length > size - at - 2) return kAsStored;
    const std::uint8_t* payload = bytes + at + 4;
    const std::size_t payload_size = length - 2;
    if (marker == 0xE1 && payload_size >= 6 && std::memcmp(payload, "Exif\0\0", 6) == 0)
      return tiff_orientation(payload + 6, payload_size - 6);
    at += 2 + length;
  }
  return kAsStored;
}

UprightLayout upright_layout(int orientation, int stored_width, int stored_height) {
  const std::ptrdiff_t w = stored_width, h = stored_height;
  switch (orientation) {
    case 2:  // mirrored left to right
      return {stored_width, stored_height, w - 1, -1, w};
    case 3:  // rotated 180 degrees
      return {stored_width, stored_height, w * h - 1, -1, -w};
    case 4:  // flipped top to bottom
      return {stored_width, stored_height, (h - 1) * w, 1, -w};
    case 5:  // transposed: stored rows become columns, left to right
      return {stored_height, stored_width, 0, h, 1};
    case 6:  // rotated 90 degrees clockwise
      return {stored_height, stored_width, h - 1, h, -1};
    case 7:  // transversed: transposed and rotated 180 degrees
      return {stored_height, stored_width, w * h - 1, -h, -1};
    case 8:  // rotated 270 degrees clockwise
      return {stored_height, stored_width, (w - 1) * h, -h, 1};
    default:
      return {stored_width, stored_height, 0, 1, w};
  }
}

}  // namespace tint::detail
