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

std::string result_file_name(const std::string& photo_name, ImageFormat format) {
  const std::size_t slash = photo_name.find_last_of('/');
  const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  const std::size_t dot = photo_name.find_last_of('.');
  // A leading dot (".hidden") starts a name, not an extension.
  const bool has_extension = dot != std::string::npos && dot > base;
  const std::string stem = has_extension ? photo_name.substr(0, dot) : photo_name;
  const std::string extension = has_extension ? photo_name.substr(dot) : "";
  const std::string result_extension = keeps_extension(extension, format) ? extension
                                       : format == ImageFormat::kJpeg     ? ".jpg"
                                                                          : ".png";
  return stem + "-colour" + result_extension;
}

}  // namespace tint::app
