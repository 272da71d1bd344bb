// Checksums that tell a damaged file from a good one: 64-bit FNV-1a over bytes, written as
// "fnv1a64:" and 16 hex digits. Checkpoints and exported models carry one over their weights, so a
// file with flipped bytes is named as damaged before anything runs. (Written here: FNV-1a is a
// few lines, and zlib's CRC-32 would need a download for the browser build.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tint {

class Checksum {
 public:
  void add(const void* bytes, std::size_t size);
  std::string text() const;  // "fnv1a64:0123456789abcdef"

 private:
  std::uint64_t state_ = 14695981039346656037ull;  // FNV-1a's offset basis
};

}  // namespace tint
