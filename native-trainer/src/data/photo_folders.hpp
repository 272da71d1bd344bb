// Folders of photos read lazily, for training at any scale: an index of paths, and one photo
// decoded and cropped on demand (a random-resized crop for training, the centred square for
// validation). Nothing here holds more than one decoded photo.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "tint/image.hpp"
#include "tint/random.hpp"

namespace tint::trainer {

// "a:b:c" -> {"a", "b", "c"}, as PATH lists folders. Throws on an empty list or entry.
std::vector<std::string> split_folder_list(const std::string& list, const std::string& option);

struct PhotoIndex {
  std::vector<std::string> files;  // each folder's image files in sorted order, folders as given
  std::string description;         // "photos from a, b (N images)"
};

// The image files of every folder (searched recursively). Throws, naming the folder, when one
// does not exist, is not a folder or holds no image file.
PhotoIndex index_photo_folders(const std::vector<std::string>& folders);

// Random-resized crops (as Szegedy et al. 2015 train): a window holding a share of the photo's
// area in [scale_min, scale_max], of aspect ratio (width / height) in [aspect_min, aspect_max],
// drawn log-uniformly, resized to side x side.
struct CropSettings {
  int side = 64;
  double scale_min = 0.35, scale_max = 1.0;
  double aspect_min = 0.75, aspect_max = 4.0 / 3.0;
};
constexpr int kMinCropSide = 32;
constexpr int kMaxCropSide = 256;

// Throws, naming the option (--size, --crop-scale-min, ...), on a side outside 32..256, scales
// outside (0, 1] or aspect ratios outside [1/4, 4], or a minimum above its maximum.
void validate_crop_settings(const CropSettings& settings);

struct CropWindow {
  int left = 0, top = 0, width = 0, height = 0;
  bool mirror = false;
};

// A random window of a width x height photo; after 10 draws that do not fit, the centred square.
// `mirror` is drawn too when `flip` is set.
CropWindow random_crop_window(int width, int height, const CropSettings& settings, bool flip,
                              Random& random);
// The largest centred square, unmirrored.
CropWindow centre_square_window(int width, int height);

// The window's pixels, mirrored when asked, resized to side x side.
Image8 crop_and_resize(const Image8& image, const CropWindow& window, int side);

// True when the image has no colour: R = G = B in every pixel.
bool is_gray(const Image8& image);

}  // namespace tint::trainer
