#include "decoder_guards.hpp"

#include <cstring>

#include "tint/error.hpp"

namespace tint::detail {
namespace {

constexpr std::uint8_t kMarker = 0xFF;
constexpr std::uint8_t kStartOfImage = 0xD8;
constexpr std::uint8_t kDefineHuffmanTables = 0xC4;
constexpr int kMaxCodes = 256;

bool is_restart(std::uint8_t marker) { return marker >= 0xD0 && marker <= 0xD7; }

// The tables of one DHT segment, whose payload is bytes[start, start + length): each is a
// class/id byte, 16 code counts, then the codes' symbols. As stb reads them: a table that starts
// inside the segment is read in full, past the segment's end if it must, and past the file's end
// as zeros.
void check_tables(const std::uint8_t* bytes, std::size_t size, std::size_t start,
                  std::size_t length, const std::string& name) {
  std::size_t at = start;
  while (at < start + length) {
    int codes = 0;
    for (std::size_t i = at + 1; i <= at + 16 && i < size; ++i) codes += bytes[i];
    if (codes > kMaxCodes)
      fail(name, "cannot decode image (damaged JPEG: a Huffman table declares " +
                     std::to_string(codes) + " codes, at most " + std::to_string(kMaxCodes) +
                     " exist)");
    at += 17 + std::size_t(codes);
  }
}

void check_jpeg_huffman_tables(const std::uint8_t* bytes, std::size_t size,
                               const std::string& name) {
  // stb takes fill bytes (FF) before the start-of-image marker too.
  std::size_t first = 0;
  while (first < size && bytes[first] == kMarker) ++first;
  if (first == 0 || first >= size || bytes[first] != kStartOfImage) return;
  // As stb does: segments are skipped by their length, and anything else (a scan's data, junk
  // between segments) is scanned for the next marker.
  std::size_t at = first + 1;
  while (at + 1 < size) {
    if (bytes[at] != kMarker) {
      ++at;
      continue;
    }
    const std::uint8_t marker = bytes[at + 1];
    // Inside a scan, FF 00 is a data byte and FF D0..D7 a restart; FF FF is fill.
    if (marker == 0x00 || marker == kMarker || is_restart(marker)) {
      at += marker == kMarker ? 1 : 2;
      continue;
    }
    if (marker == 0xD8 || marker == 0xD9 || marker == 0x01) {
      at += 2;
      continue;
    }
    if (at + 4 > size) return;
    const std::size_t length = std::size_t(bytes[at + 2]) << 8 | bytes[at + 3];
    if (length < 2) return;
    if (marker == kDefineHuffmanTables) check_tables(bytes, size, at + 4, length - 2, name);
    at += 2 + length;
  }
}

// Every chunk's declared length must fit in what is left of the file.
void check_png_chunk_lengths(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
  static const std::uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (size < sizeof kSignature || std::memcmp(bytes, kSignature, sizeof kSignature) != 0) return;
  std::size_t at = sizeof kSignature;
  while (at + 8 <= size) {
    const std::size_t length = std::size_t(bytes[at]) << 24 | std::size_t(bytes[at + 1]) << 16 |
                               std::size_t(bytes[at + 2]) << 8 | bytes[at + 3];
    const std::size_t left = size - (at + 8);
    if (length > left)
      fail(name, "cannot decode image (damaged or truncated PNG: a chunk declares " +
                     std::to_string(length) + " bytes, but only " + std::to_string(left) +
                     " follow)");
    if (std::memcmp(bytes + at + 4, "IEND", 4) == 0) return;  // what follows is not read
    at += 8 + length + 4;                                     // length, type, data, CRC
  }
}

}  // namespace

void check_before_decoding(const std::uint8_t* bytes, std::size_t size, const std::string& name) {
  check_jpeg_huffman_tables(bytes, size, name);
  check_png_chunk_lengths(bytes, size, name);
}

}  // namespace tint::detail
