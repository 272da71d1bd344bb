// Image-folder data sets: every image file under a folder (PNG, JPEG, ... of any size), brought to
// one square size. Class names come from the first folder level under the root (Tiny ImageNet's
// train/<wnid>/images/*.JPEG gives class <wnid>); files directly in the root are unlabelled.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "data/image_set.hpp"

namespace tint::trainer {

enum class SquareFit {
  kCentreCrop,  // the largest centred square, then resized (keeps proportions)
  kStretch,     // the whole image resized to the square (distorts non-square images)
};

struct ImageFolderOptions {
  int size = 32;  // 32, 64 or 128 (any side from 8 to 1024 is accepted)
  SquareFit fit = SquareFit::kCentreCrop;
  std::size_t max_images = 0;  // 0: all; else the first max_images kept, in sorted path order
  bool skip_gray = true;       // leave out images with no colour (R = G = B everywhere)
};

struct FolderReadReport {
  std::size_t read = 0;
  std::size_t skipped_unreadable = 0;  // files stb could not decode, or over the pixel limit
  std::size_t skipped_gray = 0;
  std::vector<std::string> warnings;  // one line per skipped file: "<path>: <reason>"
};

// Reads the folder. Unreadable files are skipped with a warning line (also printed to stderr) and
// counted in `report`; gray ones are only counted and listed there. Class names are the sorted
// first-level folders of every image file found, so labels do not depend on max_images. Throws
// when the folder does not exist, the size is out of range or no image could be used.
ImageSet read_image_folder(const std::string& folder, const ImageFolderOptions& options,
                           FolderReadReport* report = nullptr);

}  // namespace tint::trainer
