// Checks made before stb_image (2.27, Debian's) sees a file, for inputs that fuzzing found it
// mishandles (tests/fuzz/): a JPEG Huffman table declaring more than 256 codes (stb writes past
// its 257-entry size list), and a PNG chunk longer than the file (stb allocates the declared
// length first: gigabytes from a few bytes). Such files are refused here as damaged.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace tint::detail {

// Throws tint::Error naming `name` for a damaged JPEG or PNG; does nothing for other files.
void check_before_decoding(const std::uint8_t* bytes, std::size_t size, const std::string& name);

}  // namespace tint::detail
