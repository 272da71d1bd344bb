#include "tint/file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>

#include <unistd.h>  // fsync

#include "tint/error.hpp"

namespace tint {

std::vector<std::uint8_t> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(path, std::string("cannot open for reading: ") + std::strerror(errno));
  std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)),
                                  std::istreambuf_iterator<char>());
  if (in.bad()) fail(path, "read error");
  return bytes;
}

std::string read_text_file(const std::string& path) {
  const std::vector<std::uint8_t> bytes = read_file(path);
  return std::string(bytes.begin(), bytes.end());
}

void write_file_atomic(const std::string& path, const std::uint8_t* bytes, std::size_t size) {
  const std::string temporary = path + ".tmp";
  std::FILE* file = std::fopen(temporary.c_str(), "wb");
  if (!file) fail(path, std::string("cannot open for writing: ") + std::strerror(errno));
  // Flushed to the disk before the rename: after a crash the path holds the old file or the new.
  const bool written = std::fwrite(bytes, 1, size, file) == size && std::fflush(file) == 0 &&
                       fsync(fileno(file)) == 0;
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    std::remove(temporary.c_str());
    fail(path, std::string("write failed: ") + std::strerror(written ? errno : write_errno));
  }
  if (std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int rename_errno = errno;
    std::remove(temporary.c_str());
    fail(path, std::string("cannot replace: ") + std::strerror(rename_errno));
  }
}

void write_file_atomic(const std::string& path, const std::vector<std::uint8_t>& bytes) {
  write_file_atomic(path, bytes.data(), bytes.size());
}

void write_file_atomic(const std::string& path, const std::string& text) {
  write_file_atomic(path, reinterpret_cast<const std::uint8_t*>(text.data()), text.size());
}

}  // namespace tint
