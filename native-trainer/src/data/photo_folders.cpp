#include "data/photo_folders.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

#include "data/image_files.hpp"
#include "tint/error.hpp"
#include "tint/resample.hpp"

namespace tint::trainer {

std::vector<std::string> split_folder_list(const std::string& list, const std::string& option) {
  std::vector<std::string> folders;
  std::size_t begin = 0;
  while (true) {
    const std::size_t end = list.find(':', begin);
    const std::string folder = list.substr(begin, end == std::string::npos ? end : end - begin);
    if (folder.empty())
      fail(option, "'" + list + "' has an empty folder name; separate folders with ':'");
    folders.push_back(folder);
    if (end == std::string::npos) break;
    begin = end + 1;
  }
  return folders;
}

PhotoIndex index_photo_folders(const std::vector<std::string>& folders) {
  namespace fs = std::filesystem;
  if (folders.empty()) fail("photos", "no folder given");
  PhotoIndex index;
  std::string names;
  for (const std::string& folder : folders) {
    std::error_code error;
    if (!fs::exists(folder, error)) fail(folder, "photo folder not found");
    if (!fs::is_directory(folder, error)) fail(folder, "not a folder (give a folder of photos)");
    std::vector<std::string> files;
    try {
      files = find_image_files({folder});
    } catch (const Error& e) {
      fail(folder, "holds no image file (PNG, JPEG, BMP, GIF or TGA)");
    }
    index.files.insert(index.files.end(), files.begin(), files.end());
    names += (names.empty() ? "" : ", ") + fs::path(folder).lexically_normal().string();
  }
  index.description = "photos from " + names + " (" + std::to_string(index.files.size()) +
                      (index.files.size() == 1 ? " image)" : " images)");
  return index;
}

void validate_crop_settings(const CropSettings& s) {
  if (s.side < kMinCropSide || s.side > kMaxCropSide)
    fail("--size", "crop side " + std::to_string(s.side) + " is outside " +
                       std::to_string(kMinCropSide) + ".." + std::to_string(kMaxCropSide));
  const auto in_range = [](double value, double low, double high) {
    return std::isfinite(value) && value >= low && value <= high;
  };
  if (!in_range(s.scale_min, 1e-3, 1.0))
    fail("--crop-scale-min", "must be in (0, 1], got " + std::to_string(s.scale_min));
  if (!in_range(s.scale_max, s.scale_min, 1.0))
    fail("--crop-scale-max",
         "must be in [--crop-scale-min, 1], got " + std::to_string(s.scale_max));
  if (!in_range(s.aspect_min, 0.25, 4.0))
    fail("--crop-aspect-min", "must be in [0.25, 4], got " + std::to_string(s.aspect_min));
  if (!in_range(s.aspect_max, s.aspect_min, 4.0))
    fail("--crop-aspect-max",
         "must be in [--crop-aspect-min, 4], got " + std::to_string(s.aspect_max));
}

CropWindow centre_square_window(int width, int height) {
  const int side = std::min(width, height);
  return {(width - side) / 2, (height - side) / 2, side, side, false};
}

CropWindow random_crop_window(int width, int height, const CropSettings& s, bool flip,
                              Random& random) {
  const double area = double(width) * double(height);
  const double log_min = std::log(s.aspect_min), log_max = std::log(s.aspect_max);
  CropWindow window = centre_square_window(width, height);
  for (int attempt = 0; attempt < 10; ++attempt) {
    const double target = area * (s.scale_min + (s.scale_max - s.scale_min) * random.uniform());
    const double aspect = std::exp(log_min + (log_max - log_min) * random.uniform());
    const int w = int(std::lround(std::sqrt(target * aspect)));
    const int h = int(std::lround(std::sqrt(target / aspect)));
    if (w < 1 || h < 1 || w > width || h > height) continue;
    window = {int(random.below(std::uint64_t(width - w + 1))),
              int(random.below(std::uint64_t(height - h + 1))), w, h, false};
    break;
  }
  window.mirror = flip && random.uniform() < 0.5;
  return window;
}

Image8 crop_and_resize(const Image8& image, const CropWindow& window, int side) {
  if (window.width < 1 || window.height < 1 || window.left < 0 || window.top < 0 ||
      window.left + window.width > image.width() || window.top + window.height > image.height())
    fail("crop", "window outside the " + std::to_string(image.width()) + "x" +
                     std::to_string(image.height()) + " image");
  const int channels = image.channels();
  Image8 cropped(window.width, window.height, channels);
  for (int y = 0; y < window.height; ++y) {
    const std::uint8_t* source = image.pixel(window.left, window.top + y);
    std::uint8_t* row = cropped.pixel(0, y);
    if (!window.mirror) {
      std::memcpy(row, source, std::size_t(window.width) * std::size_t(channels));
      continue;
    }
    for (int x = 0; x < window.width; ++x)
      std::memcpy(row + std::size_t(x) * channels,
                  source + std::size_t(window.width - 1 - x) * channels, std::size_t(channels));
  }
  return resize(cropped, side, side);
}

bool is_gray(const Image8& image) {
  const std::uint8_t* pixel = image.data();
  for (std::size_t i = 0, n = image.pixel_count(); i < n; ++i, pixel += 3)
    if (pixel[0] != pixel[1] || pixel[1] != pixel[2]) return false;
  return true;
}

}  // namespace tint::trainer
