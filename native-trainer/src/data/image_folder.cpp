#include "data/image_folder.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iterator>

#include "data/image_files.hpp"
#include "data/photo_folders.hpp"
#include "tint/error.hpp"
#include "tint/image_io.hpp"
#include "tint/resample.hpp"

namespace tint::trainer {
namespace {

constexpr int kMinSide = 8;
constexpr int kMaxSide = 1024;

// The first folder under `root` on the way to `file`; empty for a file directly in the root.
std::string class_of(const std::filesystem::path& file, const std::filesystem::path& root) {
  const std::filesystem::path relative = file.lexically_relative(root);
  if (std::distance(relative.begin(), relative.end()) < 2) return {};
  return relative.begin()->string();
}

Image8 fit_square(const Image8& image, int side, SquareFit fit) {
  if (fit == SquareFit::kCentreCrop)
    return crop_and_resize(image, centre_square_window(image.width(), image.height()), side);
  return resize(image, side, side);
}

}  // namespace

ImageSet read_image_folder(const std::string& folder, const ImageFolderOptions& options,
                           FolderReadReport* report) {
  namespace fs = std::filesystem;
  if (options.size < kMinSide || options.size > kMaxSide)
    fail(folder, "image size " + std::to_string(options.size) + " is outside " +
                     std::to_string(kMinSide) + ".." + std::to_string(kMaxSide) +
                     "; use 32, 64 or 128");
  if (!fs::is_directory(folder)) fail(folder, "image folder not found");

  std::vector<std::string> files;
  try {
    files = find_image_files({folder});
  } catch (const Error& e) {
    fail(folder, std::string("cannot use as an image folder: ") + e.what());
  }

  // Class indices come from every labelled file found, not only those read, so that a folder
  // labels its classes the same whatever max_images is.
  ImageSet set;
  for (const std::string& file : files) {
    const std::string name = class_of(file, folder);
    if (!name.empty()) set.class_names.push_back(name);
  }
  std::sort(set.class_names.begin(), set.class_names.end());
  set.class_names.erase(std::unique(set.class_names.begin(), set.class_names.end()),
                        set.class_names.end());

  FolderReadReport local_report;
  FolderReadReport& outcome = report != nullptr ? *report : local_report;
  outcome = FolderReadReport{};
  for (const std::string& file : files) {
    if (options.max_images != 0 && set.size() == options.max_images) break;
    Image8 image;
    try {
      image = read_image(file);
    } catch (const Error& e) {
      // The message already starts with the path: "<path>: <reason>".
      outcome.warnings.push_back(e.what());
      ++outcome.skipped_unreadable;
      std::fprintf(stderr, "warning: skipped %s\n", e.what());
      continue;
    }
    if (options.skip_gray && is_gray(image)) {
      outcome.warnings.push_back(file + ": no colour (R = G = B everywhere), skipped as gray");
      ++outcome.skipped_gray;
      continue;
    }
    const std::string name = class_of(file, folder);
    const auto found = std::lower_bound(set.class_names.begin(), set.class_names.end(), name);
    set.labels.push_back(name.empty() ? -1 : static_cast<int>(found - set.class_names.begin()));
    set.images.push_back(fit_square(image, options.size, options.fit));
    ++outcome.read;
  }

  if (set.size() == 0)
    fail(folder, "no image could be used: of " + std::to_string(files.size()) + " file(s), " +
                     std::to_string(outcome.skipped_unreadable) + " are unreadable and " +
                     std::to_string(outcome.skipped_gray) + " gray" +
                     (outcome.skipped_gray > 0 ? " (turn off skip_gray to keep gray images)" : ""));
  const std::string side = std::to_string(options.size);
  set.description =
      with_image_count("images from " + folder + ", " + side + "x" + side +
                           (options.fit == SquareFit::kCentreCrop ? " centre crop" : " stretched"),
                       set.size());
  return set;
}

}  // namespace tint::trainer
