// Labelled image collections the trainer reads (CIFAR-10 batches, image folders) and how they are
// filtered and split. Everything here is plain RGB8 images from the shared core; tensors come
// later.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tint/image.hpp"

namespace tint::trainer {

struct ImageSet {
  std::vector<Image8> images;  // 3-channel sRGB8, all of one size
  std::vector<int> labels;     // class index per image, into class_names; -1 when unlabelled
  std::vector<std::string> class_names;
  std::string description;  // for logs and model cards, e.g. "CIFAR-10 train, bird (5000 images)"

  std::size_t size() const { return images.size(); }
};

// "<name> (<count> images)", the form every description takes ("1 image" for one).
std::string with_image_count(const std::string& name, std::size_t count);

// Keeps the images whose class is one of `names` (labels and class_names unchanged). Throws on a
// name that is not a class of the set, listing the known names.
ImageSet filter_classes(const ImageSet& set, const std::vector<std::string>& names);

// The images at `indices`, in that order, described by `description` as given. Throws on an index
// outside the set.
ImageSet subset(const ImageSet& set, const std::vector<std::size_t>& indices,
                const std::string& description);

struct Splits {
  ImageSet train, validation, test;
};

// A seeded shuffle of `set` cut into consecutive train / validation / test parts of the given
// sizes (e.g. 4500 / 500 / 1000 of the 6000 birds). Throws when the sizes exceed the set or
// train is 0; validation or test may be 0. The shuffle draws from tint::Random, so a seed gives the
// same split on every platform and standard library.
Splits split_by_counts(const ImageSet& set, std::size_t train, std::size_t validation,
                       std::size_t test, std::uint64_t seed);
// The same with fractions of the set for validation and test (e.g. 0.1, 0), each rounded to the
// nearest count: the rest is train. Throws on a fraction outside [0, 1) or fractions summing to 1.
Splits split_by_fractions(const ImageSet& set, double validation, double test, std::uint64_t seed);

}  // namespace tint::trainer
