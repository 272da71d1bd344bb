#include "data/image_files.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "tint/error.hpp"

namespace tint::trainer {
namespace {

bool has_image_extension(const std::filesystem::path& path) {
  std::string extension = path.extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  for (const char* known : {".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga"})
    if (extension == known) return true;
  return false;
}

}  // namespace

std::vector<std::string> find_image_files(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const std::string& path : paths) {
    std::error_code error;
    if (fs::is_regular_file(path, error)) {
      files.push_back(path);
    } else if (fs::is_directory(path, error)) {
      for (const auto& entry : fs::recursive_directory_iterator(path, error))
        if (entry.is_regular_file() && has_image_extension(entry.path()))
          files.push_back(entry.path().string());
      if (error) fail(path, "cannot list folder: " + error.message());
    } else {
      fail(path, "no such file or folder");
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  if (files.empty()) fail("images", "no image files found in the given paths");
  return files;
}

}  // namespace tint::trainer
