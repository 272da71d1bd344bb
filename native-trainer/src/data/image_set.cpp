#include "data/image_set.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <utility>

#include "tint/error.hpp"
#include "tint/random.hpp"

namespace tint::trainer {
namespace {

// The description without its " (<count> images)" ending, so that a derived set can add its own
// qualifier and count: "CIFAR-10 train (50000 images)" -> "CIFAR-10 train".
std::string name_of(const std::string& description) {
  const std::size_t open = description.rfind(" (");
  if (open == std::string::npos) return description;
  const std::string ending = description.substr(open + 2);
  const std::size_t digits = ending.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string::npos) return description;
  const std::string unit = ending.substr(digits);
  if (unit != " images)" && unit != " image)") return description;
  return description.substr(0, open);
}

std::string joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// Fisher-Yates over 0..count-1 with tint::Random: unlike std::shuffle, the same on every platform.
std::vector<std::size_t> shuffled_indices(std::size_t count, std::uint64_t seed) {
  std::vector<std::size_t> indices(count);
  std::iota(indices.begin(), indices.end(), std::size_t{0});
  Random random(seed);
  for (std::size_t i = count; i > 1; --i)
    std::swap(indices[i - 1], indices[static_cast<std::size_t>(random.below(i))]);
  return indices;
}

}  // namespace

std::string with_image_count(const std::string& name, std::size_t count) {
  return name + " (" + std::to_string(count) + (count == 1 ? " image)" : " images)");
}

ImageSet filter_classes(const ImageSet& set, const std::vector<std::string>& names) {
  if (names.empty()) fail("--classes", "no class names given");
  std::vector<bool> wanted(set.class_names.size(), false);
  for (const std::string& name : names) {
    const auto found = std::find(set.class_names.begin(), set.class_names.end(), name);
    if (found == set.class_names.end())
      fail(
          "--classes",
          "unknown class \"" + name + "\" in " + set.description + "; known classes: " +
              (set.class_names.empty() ? "none (the set is unlabelled)" : joined(set.class_names)));
    wanted[static_cast<std::size_t>(found - set.class_names.begin())] = true;
  }
  std::vector<std::size_t> kept;
  for (std::size_t i = 0; i < set.size(); ++i)
    if (set.labels[i] >= 0 && static_cast<std::size_t>(set.labels[i]) < wanted.size() &&
        wanted[static_cast<std::size_t>(set.labels[i])])
      kept.push_back(i);
  return subset(set, kept,
                with_image_count(name_of(set.description) + ", " + joined(names), kept.size()));
}

ImageSet subset(const ImageSet& set, const std::vector<std::size_t>& indices,
                const std::string& description) {
  ImageSet result;
  result.class_names = set.class_names;
  result.description = description;
  result.images.reserve(indices.size());
  result.labels.reserve(indices.size());
  for (const std::size_t index : indices) {
    if (index >= set.size())
      fail("subset", "index " + std::to_string(index) + " is outside " + set.description);
    result.images.push_back(set.images[index]);
    result.labels.push_back(set.labels[index]);
  }
  return result;
}

Splits split_by_counts(const ImageSet& set, std::size_t train, std::size_t validation,
                       std::size_t test, std::uint64_t seed) {
  const std::string asked = "train " + std::to_string(train) + " + validation " +
                            std::to_string(validation) + " + test " + std::to_string(test);
  if (set.size() == 0) fail("split", set.description + " is empty: there is nothing to split");
  if (train == 0) fail("split", asked + ": the train part needs at least one image");
  // Compared one part at a time so that huge counts cannot overflow the sum.
  if (train > set.size() || validation > set.size() - train ||
      test > set.size() - train - validation)
    fail("split", asked + " is more than the " + std::to_string(set.size()) + " images of " +
                      set.description + "; ask for fewer");

  const std::vector<std::size_t> order = shuffled_indices(set.size(), seed);
  const std::string name = name_of(set.description);
  const auto part = [&](std::size_t begin, std::size_t count, const char* role) {
    const std::vector<std::size_t> indices(
        order.begin() + static_cast<std::ptrdiff_t>(begin),
        order.begin() + static_cast<std::ptrdiff_t>(begin + count));
    return subset(
        set, indices,
        with_image_count(name + ", " + role + " split, seed " + std::to_string(seed), count));
  };
  return Splits{part(0, train, "train"), part(train, validation, "validation"),
                part(train + validation, test, "test")};
}

Splits split_by_fractions(const ImageSet& set, double validation, double test, std::uint64_t seed) {
  const std::pair<const char*, double> fractions[] = {{"validation", validation}, {"test", test}};
  for (const auto& [role, fraction] : fractions)
    if (!(fraction >= 0 && fraction < 1))
      fail("split",
           std::string(role) + " fraction " + std::to_string(fraction) + " is outside [0, 1)");
  if (validation + test >= 1)
    fail("split", "validation " + std::to_string(validation) + " + test " + std::to_string(test) +
                      " leaves nothing to train on; use fractions that sum to less than 1");
  const auto count_of = [&](double fraction) {
    return static_cast<std::size_t>(std::llround(fraction * static_cast<double>(set.size())));
  };
  const std::size_t validation_count = count_of(validation);
  const std::size_t test_count = count_of(test);
  const std::size_t held_out = std::min(set.size(), validation_count + test_count);
  return split_by_counts(set, set.size() - held_out, validation_count, test_count, seed);
}

}  // namespace tint::trainer
