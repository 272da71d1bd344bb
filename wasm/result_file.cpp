#include "result_file.hpp"

#include <algorithm>
#include <cctype>

namespace tint::app {
namespace {

std::string lower_case(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool keeps_extension(const std::string& extension, ImageFormat format) {
  const std::string lower = lower_case(extension);
  if (format == ImageFormat::kPng) return lower == ".png";
  return lower == ".jpg" || lower == ".jpeg" || lower == ".jpe" || lower == ".jfif";
}

}  // namespace

SplitName split_extension(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  const std::size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || dot <= base) return {path, ""};
  return {path.substr(0, dot), path.substr(dot)};
}

std::string result_file_name(const std::string& photo_name, ImageFormat format) {
  const auto [stem, extension] = split_extension(photo_name);
  const std::string result_extension = keeps_extension(extension, format) ? extension
                                       : format == ImageFormat::kJpeg     ? ".jpg"
                                                                          : ".png";
  return stem + "-colour" + result_extension;
}

}  // namespace tint::app
