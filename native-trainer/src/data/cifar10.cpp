#include "data/cifar10.hpp"

#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <utility>

#include "tint/error.hpp"
#include "tint/file_io.hpp"

namespace tint::trainer {
namespace {

constexpr int kSide = 32;
constexpr std::size_t kPlaneBytes = std::size_t{kSide} * kSide;
constexpr std::size_t kTrainFiles = 5;

// The official binary version, for error messages that tell the user what to fetch.
const char* const kBinaryVersionHint =
    "use the binary version of CIFAR-10 (cifar-10-binary.tar.gz, extracted)";

// Record bytes after the label are three planes (R, G, B); Image8 wants them interleaved.
Image8 image_of_record(const std::uint8_t* pixels) {
  Image8 image(kSide, kSide, 3);
  std::uint8_t* out = image.data();
  for (std::size_t i = 0; i < kPlaneBytes; ++i, out += 3)
    for (std::size_t channel = 0; channel < 3; ++channel)
      out[channel] = pixels[channel * kPlaneBytes + i];
  return image;
}

void append(ImageSet& set, ImageSet&& more) {
  set.images.insert(set.images.end(), std::make_move_iterator(more.images.begin()),
                    std::make_move_iterator(more.images.end()));
  set.labels.insert(set.labels.end(), more.labels.begin(), more.labels.end());
}

}  // namespace

const std::array<const char*, 10> kCifar10Classes = {
    "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"};

std::string default_cifar10_dir() {
  const char* data_dir = std::getenv("TINT_DATA_DIR");
  if (data_dir != nullptr && *data_dir != '\0')
    return std::string(data_dir) + "/cifar-10-batches-bin";
  return "../shared/data/cifar-10-batches-bin";
}

ImageSet read_cifar10_file(const std::string& path) {
  if (!std::filesystem::is_regular_file(path))
    fail(path, "CIFAR-10 batch file not found; " + std::string(kBinaryVersionHint));
  return read_cifar10_records(read_file(path), path);
}

ImageSet read_cifar10_records(const std::vector<std::uint8_t>& bytes, const std::string& path) {
  if (bytes.empty())
    fail(path, "empty file (0 bytes); expected CIFAR-10 records of " +
                   std::to_string(kCifar10RecordBytes) + " bytes");
  if (bytes.size() % kCifar10RecordBytes != 0)
    fail(path, std::to_string(bytes.size()) + " bytes is not a multiple of " +
                   std::to_string(kCifar10RecordBytes) +
                   " (the CIFAR-10 record size): the file is truncated or not in the binary "
                   "format; download it again");

  const std::size_t records = bytes.size() / kCifar10RecordBytes;
  ImageSet set;
  set.class_names.assign(kCifar10Classes.begin(), kCifar10Classes.end());
  set.description =
      with_image_count("CIFAR-10 " + std::filesystem::path(path).filename().string(), records);
  set.images.reserve(records);
  set.labels.reserve(records);
  for (std::size_t record = 0; record < records; ++record) {
    const std::uint8_t* start = bytes.data() + record * kCifar10RecordBytes;
    if (*start >= kCifar10Classes.size())
      fail(path, "record " + std::to_string(record) + ": label " + std::to_string(*start) +
                     " is not a CIFAR-10 class (0-9); the file is corrupt or not CIFAR-10");
    set.labels.push_back(*start);
    set.images.push_back(image_of_record(start + 1));
  }
  return set;
}

ImageSet read_cifar10(const std::string& folder, Cifar10Part part) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(folder))
    fail(folder,
         "CIFAR-10 folder not found; give the folder of the extracted "
         "cifar-10-binary.tar.gz, or set TINT_DATA_DIR to the folder above "
         "cifar-10-batches-bin");
  if (part == Cifar10Part::kTrain) {
    ImageSet set;
    set.class_names.assign(kCifar10Classes.begin(), kCifar10Classes.end());
    for (std::size_t batch = 1; batch <= kTrainFiles; ++batch) {
      const fs::path path = fs::path(folder) / ("data_batch_" + std::to_string(batch) + ".bin");
      if (!fs::is_regular_file(path))
        fail(path.string(),
             "missing from the CIFAR-10 folder " + folder +
                 ", which needs data_batch_1.bin .. data_batch_5.bin for training; " +
                 kBinaryVersionHint);
      append(set, read_cifar10_file(path.string()));
    }
    set.description = with_image_count("CIFAR-10 train", set.size());
    return set;
  }

  // Only the first 1017 official test records could be recovered for the shared data folder; a
  // full download has test_batch.bin.
  const fs::path full_test = fs::path(folder) / "test_batch.bin";
  const fs::path partial_test = fs::path(folder) / "test_batch.first1017.bin";
  if (fs::is_regular_file(full_test)) {
    ImageSet set = read_cifar10_file(full_test.string());
    set.description = with_image_count("CIFAR-10 test", set.size());
    return set;
  }
  if (fs::is_regular_file(partial_test)) {
    ImageSet set = read_cifar10_file(partial_test.string());
    set.description = with_image_count("CIFAR-10 test, first 1017 records", set.size());
    return set;
  }
  fail(full_test.string(), "missing from the CIFAR-10 folder " + folder +
                               ", and so is test_batch.first1017.bin; " + kBinaryVersionHint);
}

}  // namespace tint::trainer
