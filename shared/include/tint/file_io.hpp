// Whole-file reads and atomic writes (a temporary file beside the target, then a rename), so that
// an interrupted or failed write never leaves a half-written file behind.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tint {

std::vector<std::uint8_t> read_file(const std::string& path);
std::string read_text_file(const std::string& path);
void write_file_atomic(const std::string& path, const std::uint8_t* bytes, std::size_t size);
void write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes);
void write_file_atomic(const std::string& path, const std::string& text);

}  // namespace tint
