#include "image_header.hpp"

#include <cstring>

namespace tint::detail {
namespace {

long long big_endian(const std::uint8_t* p, int bytes) {
  long long value = 0;
  for (int i = 0; i < bytes; ++i) value = (value << 8) | p[i];
  return value;
}
long long little_endian(const std::uint8_t* p, int bytes) {
  long long value = 0;
  for (int i = bytes - 1; i >= 0; --i) value = (value << 8) | p[i];
  return value;
}

std::optional<ImageSize> jpeg_size(const std::uint8_t* bytes, std::size_t size) {
  std::size_t at = 2;  // after SOI
  while (at + 4 <= size) {
    if (bytes[at] != 0xFF) return std::nullopt;
    const std::uint8_t marker = bytes[at + 1];
    if (marker == 0xFF) {  // fill byte
      ++at;
      continue;
    }
    const bool start_of_frame =
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
    if (start_of_frame) {
      if (at + 9 > size) return std::nullopt;
      return ImageSize{big_endian(bytes + at + 7, 2), big_endian(bytes + at + 5, 2)};
    }
    at += 2 + static_cast<std::size_t>(big_endian(bytes + at + 2, 2));
  }
  return std::nullopt;
}

}  // namespace

std::optional<ImageSize> peek_image_size(const std::uint8_t* bytes, std::size_t size) {
  static const std::uint8_t kPng[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  if (size >= 24 && std::memcmp(bytes, kPng, 8) == 0 && std::memcmp(bytes + 12, "IHDR", 4) == 0)
    return ImageSize{big_endian(bytes + 16, 4), big_endian(bytes + 20, 4)};
  if (size >= 10 && std::memcmp(bytes, "GIF8", 4) == 0)
    return ImageSize{little_endian(bytes + 6, 2), little_endian(bytes + 8, 2)};
  if (size >= 26 && bytes[0] == 'B' && bytes[1] == 'M') {
    long long height = little_endian(bytes + 22, 4);
    if (height >= 0x80000000LL) height = 0x100000000LL - height;  // negative: top-down rows
    return ImageSize{little_endian(bytes + 18, 4), height};
  }
  if (size >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8) return jpeg_size(bytes, size);
  return std::nullopt;
}

}  // namespace tint::detail
