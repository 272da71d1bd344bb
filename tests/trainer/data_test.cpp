// The trainer's image sets: CIFAR-10 batches, image folders, class filters and seeded splits.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "data/cifar10.hpp"
#include "data/image_folder.hpp"
#include "data/image_set.hpp"
#include "test_support.hpp"
#include "tint/file_io.hpp"
#include "tint/image_io.hpp"
#include "tint/random.hpp"
#include "tint/resample.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;
using test::data_set;
using test::error_of;

const std::string kCifarFolder = data_set("cifar-10-batches-bin");
const std::string kBatch1 = kCifarFolder + "/data_batch_1.bin";

// A fresh folder under the system temp folder, removed when the test ends.
class TempFolder {
 public:
  TempFolder() {
    const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
    const auto stamp = std::chrono::steady_clock::now().time_since_epoch().count();
    path_ = fs::temp_directory_path() /
            ("tint-data-test-" + std::string(test->name()) + "-" + std::to_string(stamp));
    fs::create_directories(path_);
  }
  ~TempFolder() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;

  std::string path() const { return path_.string(); }
  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::vector<std::uint8_t> first_bytes(const std::string& path, std::size_t count) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::uint8_t> bytes(count);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(count));
  EXPECT_EQ(static_cast<std::size_t>(in.gcount()), count) << path;
  return bytes;
}

// The whole training part is read once: five 30 MB files.
const ImageSet& cifar_train() {
  static const ImageSet set = read_cifar10(kCifarFolder, Cifar10Part::kTrain);
  return set;
}

// Image i is 2x1 pixels whose first two bytes hold i, so parts of a split can be told apart.
ImageSet numbered_set(std::size_t count) {
  ImageSet set;
  set.class_names = {"a", "b", "c"};
  set.description = with_image_count("numbers", count);
  for (std::size_t i = 0; i < count; ++i) {
    const auto low = static_cast<std::uint8_t>(i & 0xFF);
    const auto high = static_cast<std::uint8_t>(i >> 8);
    set.images.emplace_back(2, 1, 3, std::vector<std::uint8_t>{low, high, 0, 0, 0, 0});
    set.labels.push_back(static_cast<int>(i % 3));
  }
  return set;
}

std::vector<std::size_t> numbers_of(const ImageSet& set) {
  std::vector<std::size_t> numbers;
  for (const Image8& image : set.images)
    numbers.push_back(std::size_t{image.data()[0]} + (std::size_t{image.data()[1]} << 8));
  return numbers;
}

// Pixels from a seeded generator: colourful, never gray, different per seed.
Image8 noise_image(int width, int height, std::uint64_t seed) {
  Image8 image(width, height, 3);
  Random random(seed);
  for (std::size_t i = 0; i < image.sample_count(); ++i)
    image.data()[i] = static_cast<std::uint8_t>(random.below(256));
  return image;
}

Image8 crop(const Image8& image, int left, int top, int side) {
  Image8 square(side, side, 3);
  for (int y = 0; y < side; ++y)
    for (int x = 0; x < side; ++x)
      for (int c = 0; c < 3; ++c) square.pixel(x, y)[c] = image.pixel(left + x, top + y)[c];
  return square;
}

// ---------------------------------------------------------------------------------------------
// CIFAR-10

TEST(Cifar10Test, ReadsLabelsAndPlanarPixelsOfARealBatch) {
  const ImageSet set = read_cifar10_file(kBatch1);
  ASSERT_EQ(set.size(), 10000u);
  EXPECT_EQ(set.labels.size(), 10000u);
  EXPECT_EQ(set.description, "CIFAR-10 data_batch_1.bin (10000 images)");
  // The official first labels of data_batch_1: frog, truck, truck, deer, automobile, ...
  EXPECT_EQ(std::vector<int>(set.labels.begin(), set.labels.begin() + 10),
            (std::vector<int>{6, 9, 9, 4, 1, 1, 2, 7, 8, 3}));

  const std::vector<std::uint8_t> raw = read_file(kBatch1);
  for (const std::size_t record : {std::size_t{0}, std::size_t{1}, std::size_t{9999}}) {
    const std::uint8_t* bytes = raw.data() + record * kCifar10RecordBytes;
    EXPECT_EQ(set.labels[record], bytes[0]);
    const Image8& image = set.images[record];
    ASSERT_EQ(image.width(), 32);
    ASSERT_EQ(image.height(), 32);
    ASSERT_EQ(image.channels(), 3);
    for (int y = 0; y < 32; ++y)
      for (int x = 0; x < 32; ++x)
        for (int c = 0; c < 3; ++c)
          ASSERT_EQ(image.pixel(x, y)[c], bytes[1 + c * 1024 + y * 32 + x])
              << "record " << record << " x " << x << " y " << y << " channel " << c;
  }
}

TEST(Cifar10Test, ClassNamesAreThoseOfBatchesMeta) {
  std::istringstream meta(read_text_file(kCifarFolder + "/batches.meta.txt"));
  std::vector<std::string> names;
  for (std::string line; std::getline(meta, line);)
    if (!line.empty()) names.push_back(line);
  EXPECT_EQ(names, std::vector<std::string>(kCifar10Classes.begin(), kCifar10Classes.end()));
}

TEST(Cifar10Test, TrainPartHoldsTheFiveBatchesInOrder) {
  const ImageSet& train = cifar_train();
  ASSERT_EQ(train.size(), 50000u);
  EXPECT_EQ(train.description, "CIFAR-10 train (50000 images)");
  EXPECT_EQ(train.class_names.size(), 10u);
  std::vector<int> per_class(10, 0);
  for (const int label : train.labels) ++per_class.at(static_cast<std::size_t>(label));
  EXPECT_EQ(per_class, std::vector<int>(10, 5000));
  // Image 40000 is the first record of data_batch_5.
  const std::vector<std::uint8_t> record =
      first_bytes(kCifarFolder + "/data_batch_5.bin", kCifar10RecordBytes);
  EXPECT_EQ(train.labels[40000], record[0]);
  EXPECT_EQ(train.images[40000].pixel(5, 7)[1], record[1 + 1024 + 7 * 32 + 5]);
}

TEST(Cifar10Test, TestPartFallsBackToTheFirst1017Records) {
  const ImageSet test = read_cifar10(kCifarFolder, Cifar10Part::kTest);
  ASSERT_EQ(test.size(), 1017u);
  EXPECT_EQ(test.description, "CIFAR-10 test, first 1017 records (1017 images)");
  const std::vector<std::uint8_t> labels = first_bytes(kCifarFolder + "/test_batch.labels", 1017);
  EXPECT_EQ(test.labels, std::vector<int>(labels.begin(), labels.end()));
}

TEST(Cifar10Test, TestPartPrefersAFullTestBatch) {
  TempFolder folder;
  const std::vector<std::uint8_t> records = first_bytes(kBatch1, 3 * kCifar10RecordBytes);
  write_file_atomic(folder.file("test_batch.bin"), records.data(), 2 * kCifar10RecordBytes);
  write_file_atomic(folder.file("test_batch.first1017.bin"), records);
  const ImageSet test = read_cifar10(folder.path(), Cifar10Part::kTest);
  EXPECT_EQ(test.size(), 2u);
  EXPECT_EQ(test.description, "CIFAR-10 test (2 images)");
}

TEST(Cifar10Test, MissingFilesAndFoldersAreNamed) {
  TempFolder folder;
  const std::string missing = folder.file("data_batch_9.bin");
  const std::string file_error = error_of([&] { read_cifar10_file(missing); });
  EXPECT_NE(file_error.find(missing), std::string::npos) << file_error;
  EXPECT_NE(file_error.find("not found"), std::string::npos) << file_error;

  write_file_atomic(folder.file("data_batch_1.bin"), first_bytes(kBatch1, kCifar10RecordBytes));
  const std::string train_error =
      error_of([&] { read_cifar10(folder.path(), Cifar10Part::kTrain); });
  EXPECT_NE(
      train_error.find(folder.file("data_batch_2.bin") + ": missing from the CIFAR-10 folder"),
      std::string::npos)
      << train_error;
  const std::string test_error = error_of([&] { read_cifar10(folder.path(), Cifar10Part::kTest); });
  EXPECT_NE(test_error.find(folder.file("test_batch.bin")), std::string::npos) << test_error;
  EXPECT_NE(test_error.find("test_batch.first1017.bin"), std::string::npos) << test_error;

  const std::string folder_error =
      error_of([&] { read_cifar10(folder.file("absent"), Cifar10Part::kTrain); });
  EXPECT_NE(folder_error.find("CIFAR-10 folder not found"), std::string::npos) << folder_error;
}

TEST(Cifar10Test, TruncatedAndEmptyFilesAreRefused) {
  TempFolder folder;
  const std::string truncated = folder.file("truncated.bin");
  write_file_atomic(truncated, first_bytes(kBatch1, 2 * kCifar10RecordBytes + 100));
  EXPECT_EQ(error_of([&] {
              read_cifar10_file(truncated);
            }).rfind(truncated + ": 6246 bytes is not a multiple of 3073", 0),
            0u);

  const std::string empty = folder.file("empty.bin");
  write_file_atomic(empty, std::vector<std::uint8_t>{});
  EXPECT_EQ(error_of([&] { read_cifar10_file(empty); }).rfind(empty + ": empty file", 0), 0u);
}

TEST(Cifar10Test, LabelAboveNineNamesTheRecord) {
  TempFolder folder;
  std::vector<std::uint8_t> records = first_bytes(kBatch1, 20 * kCifar10RecordBytes);
  records[17 * kCifar10RecordBytes] = 12;
  const std::string path = folder.file("bad_label.bin");
  write_file_atomic(path, records);
  EXPECT_EQ(error_of([&] { read_cifar10_file(path); }).rfind(path + ": record 17: label 12", 0),
            0u);
}

TEST(Cifar10Test, DefaultFolderFollowsTintDataDir) {
  const char* before = std::getenv("TINT_DATA_DIR");
  const std::string saved = before != nullptr ? before : "";
  setenv("TINT_DATA_DIR", "/data/sets", 1);
  const std::string from_environment = default_cifar10_dir();
  unsetenv("TINT_DATA_DIR");
  const std::string fallback = default_cifar10_dir();
  if (before != nullptr) setenv("TINT_DATA_DIR", saved.c_str(), 1);
  EXPECT_EQ(from_environment, "/data/sets/cifar-10-batches-bin");
  EXPECT_EQ(fallback, "../shared/data/cifar-10-batches-bin");
}

// ---------------------------------------------------------------------------------------------
// Filters, subsets and splits

TEST(ImageSetTest, FilterClassesKeepsOnlyTheNamedClasses) {
  const ImageSet birds = filter_classes(cifar_train(), {"bird"});
  ASSERT_EQ(birds.size(), 5000u);
  EXPECT_EQ(birds.class_names, cifar_train().class_names);
  EXPECT_TRUE(std::all_of(birds.labels.begin(), birds.labels.end(), [](int l) { return l == 2; }));
  EXPECT_EQ(birds.description, "CIFAR-10 train, bird (5000 images)");

  const ImageSet numbers = numbered_set(10);
  const ImageSet a_and_c = filter_classes(numbers, {"c", "a"});
  EXPECT_EQ(numbers_of(a_and_c), (std::vector<std::size_t>{0, 2, 3, 5, 6, 8, 9}));
  EXPECT_EQ(a_and_c.description, "numbers, c, a (7 images)");
}

TEST(ImageSetTest, FilterClassesListsTheKnownNamesForAnUnknownOne) {
  const std::string error = error_of([] { filter_classes(cifar_train(), {"bird", "birds"}); });
  EXPECT_NE(error.find("unknown class \"birds\""), std::string::npos) << error;
  EXPECT_NE(error.find("airplane, automobile, bird, cat, deer, dog, frog, horse, ship, truck"),
            std::string::npos)
      << error;
  EXPECT_NE(error_of([] { filter_classes(numbered_set(3), {}); }), "no error");
}

TEST(ImageSetTest, SubsetTakesIndicesInTheirOrder) {
  const ImageSet numbers = numbered_set(6);
  const ImageSet picked = subset(numbers, {4, 1, 4}, "picked");
  EXPECT_EQ(numbers_of(picked), (std::vector<std::size_t>{4, 1, 4}));
  EXPECT_EQ(picked.labels, (std::vector<int>{1, 1, 1}));
  EXPECT_EQ(picked.description, "picked");
  const std::string error = error_of([&] { subset(numbers, {2, 6}, "too far"); });
  EXPECT_NE(error.find("index 6 is outside numbers (6 images)"), std::string::npos) << error;
}

TEST(ImageSetTest, SplitByCountsCutsTheBirds) {
  const ImageSet birds = filter_classes(cifar_train(), {"bird"});
  const Splits splits = split_by_counts(birds, 4000, 500, 500, 7);
  EXPECT_EQ(splits.train.size(), 4000u);
  EXPECT_EQ(splits.validation.size(), 500u);
  EXPECT_EQ(splits.test.size(), 500u);
  EXPECT_EQ(splits.train.description, "CIFAR-10 train, bird, train split, seed 7 (4000 images)");
  EXPECT_EQ(splits.test.description, "CIFAR-10 train, bird, test split, seed 7 (500 images)");
  for (const ImageSet* part : {&splits.train, &splits.validation, &splits.test}) {
    EXPECT_EQ(part->class_names, birds.class_names);
    EXPECT_TRUE(
        std::all_of(part->labels.begin(), part->labels.end(), [](int l) { return l == 2; }));
  }
  // Shuffled: the parts do not simply follow the file order.
  EXPECT_NE(splits.train.images[0], birds.images[0]);

  const Splits no_test = split_by_counts(birds, 4500, 500, 0, 7);
  EXPECT_EQ(no_test.train.size(), 4500u);
  EXPECT_EQ(no_test.validation.size(), 500u);
  EXPECT_EQ(no_test.test.size(), 0u);
}

TEST(ImageSetTest, SplitRefusesCountsThatDoNotFit) {
  const ImageSet birds = filter_classes(cifar_train(), {"bird"});
  // The official 6000 birds are 5000 train + 1000 test; the local train part has 5000.
  const std::string too_many = error_of([&] { split_by_counts(birds, 4500, 500, 1000, 1); });
  EXPECT_NE(too_many.find("train 4500 + validation 500 + test 1000 is more than the 5000 images"),
            std::string::npos)
      << too_many;
  const std::size_t huge = std::numeric_limits<std::size_t>::max();
  EXPECT_NE(error_of([&] { split_by_counts(birds, 10, huge, huge, 1); }), "no error");
  const std::string no_train = error_of([&] { split_by_counts(birds, 0, 500, 500, 1); });
  EXPECT_NE(no_train.find("at least one image"), std::string::npos) << no_train;
  const std::string empty = error_of([] { split_by_counts(numbered_set(0), 1, 0, 0, 1); });
  EXPECT_NE(empty.find("is empty"), std::string::npos) << empty;
}

TEST(ImageSetTest, SplitPartsAreDisjointAndCoverTheSet) {
  const Splits splits = split_by_counts(numbered_set(1000), 700, 100, 200, 3);
  std::vector<std::size_t> all;
  for (const ImageSet* part : {&splits.train, &splits.validation, &splits.test})
    for (const std::size_t number : numbers_of(*part)) all.push_back(number);
  const std::vector<std::size_t> in_order = all;
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> expected(1000);
  for (std::size_t i = 0; i < expected.size(); ++i) expected[i] = i;
  EXPECT_EQ(all, expected);
  EXPECT_NE(in_order, expected);
}

TEST(ImageSetTest, SplitDependsOnlyOnTheSeed) {
  const ImageSet numbers = numbered_set(500);
  const Splits first = split_by_counts(numbers, 400, 50, 50, 11);
  const Splits again = split_by_counts(numbers, 400, 50, 50, 11);
  const Splits other = split_by_counts(numbers, 400, 50, 50, 12);
  EXPECT_EQ(numbers_of(first.train), numbers_of(again.train));
  EXPECT_EQ(numbers_of(first.validation), numbers_of(again.validation));
  EXPECT_EQ(numbers_of(first.test), numbers_of(again.test));
  EXPECT_NE(numbers_of(first.validation), numbers_of(other.validation));
  EXPECT_NE(numbers_of(first.test), numbers_of(other.test));
}

TEST(ImageSetTest, SplitShuffleIsPinnedAcrossPlatforms) {
  // SplitMix64 Fisher-Yates (checked against a separate Python implementation): these numbers
  // must never change, or splits recorded in model cards stop matching.
  const Splits splits = split_by_counts(numbered_set(10), 10, 0, 0, 42);
  EXPECT_EQ(numbers_of(splits.train), (std::vector<std::size_t>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
}

TEST(ImageSetTest, SplitByFractionsRoundsToCounts) {
  const ImageSet numbers = numbered_set(1000);
  const Splits splits = split_by_fractions(numbers, 0.1, 0.2, 5);
  EXPECT_EQ(splits.train.size(), 700u);
  EXPECT_EQ(splits.validation.size(), 100u);
  EXPECT_EQ(splits.test.size(), 200u);
  EXPECT_EQ(numbers_of(splits.validation),
            numbers_of(split_by_counts(numbers, 700, 100, 200, 5).validation));
  const Splits no_test = split_by_fractions(numbered_set(7), 0.1, 0, 5);
  EXPECT_EQ(no_test.train.size(), 6u);
  EXPECT_EQ(no_test.validation.size(), 1u);
  EXPECT_EQ(no_test.test.size(), 0u);
}

TEST(ImageSetTest, SplitByFractionsRefusesBadFractions) {
  const ImageSet numbers = numbered_set(10);
  const std::string negative = error_of([&] { split_by_fractions(numbers, -0.1, 0, 1); });
  EXPECT_NE(negative.find("validation fraction -0.1"), std::string::npos) << negative;
  EXPECT_NE(error_of([&] { split_by_fractions(numbers, 0, 1.0, 1); }), "no error");
  EXPECT_NE(error_of([&] { split_by_fractions(numbers, std::nan(""), 0, 1); }), "no error");
  const std::string nothing_left = error_of([&] { split_by_fractions(numbers, 0.5, 0.5, 1); });
  EXPECT_NE(nothing_left.find("leaves nothing to train on"), std::string::npos) << nothing_left;
  // Rounding can leave no train image even when the fractions sum to less than 1.
  EXPECT_NE(error_of([] { split_by_fractions(numbered_set(2), 0.45, 0.45, 1); }), "no error");
}

// ---------------------------------------------------------------------------------------------
// Image folders

TEST(ImageFolderTest, SkipsUnreadableAndGrayFilesAndCountsThem) {
  TempFolder folder;
  write_png(folder.file("good.png"), noise_image(40, 40, 1));
  std::vector<std::uint8_t> noise(300);
  Random random(9);
  for (std::uint8_t& byte : noise) byte = static_cast<std::uint8_t>(random.below(256));
  write_file_atomic(folder.file("noise.png"), noise);
  write_file_atomic(folder.file("empty.jpg"), std::vector<std::uint8_t>{});
  Image8 gray(16, 16, 3);
  for (std::size_t i = 0; i < gray.sample_count(); ++i)
    gray.data()[i] = static_cast<std::uint8_t>(i / 3);
  write_png(folder.file("gray.png"), gray);

  FolderReadReport report;
  const ImageSet set = read_image_folder(folder.path(), {}, &report);
  ASSERT_EQ(set.size(), 1u);
  EXPECT_EQ(set.labels, std::vector<int>{-1});
  EXPECT_TRUE(set.class_names.empty());
  EXPECT_EQ(report.read, 1u);
  EXPECT_EQ(report.skipped_unreadable, 2u);
  EXPECT_EQ(report.skipped_gray, 1u);
  ASSERT_EQ(report.warnings.size(), 3u);
  // Sorted path order: empty.jpg, gray.png, noise.png.
  EXPECT_EQ(report.warnings[0].rfind(folder.file("empty.jpg") + ": empty file", 0), 0u);
  EXPECT_EQ(report.warnings[1].rfind(folder.file("gray.png") + ": no colour", 0), 0u);
  EXPECT_EQ(report.warnings[2].rfind(folder.file("noise.png") + ": not a readable image", 0), 0u);
  EXPECT_EQ(set.description, "images from " + folder.path() + ", 32x32 centre crop (1 image)");

  ImageFolderOptions keep_gray;
  keep_gray.skip_gray = false;
  EXPECT_EQ(read_image_folder(folder.path(), keep_gray).size(), 2u);
}

TEST(ImageFolderTest, ResizesToTheRequestedSide) {
  TempFolder folder;
  const Image8 source = noise_image(48, 48, 2);
  write_png(folder.file("photo.png"), source);
  for (const int side : {32, 64}) {
    ImageFolderOptions options;
    options.size = side;
    const ImageSet set = read_image_folder(folder.path(), options);
    ASSERT_EQ(set.size(), 1u);
    EXPECT_EQ(set.images[0].width(), side);
    EXPECT_EQ(set.images[0].height(), side);
    EXPECT_EQ(set.images[0], resize(source, side, side)) << side;
  }
}

TEST(ImageFolderTest, CentreCropKeepsTheMiddleSquare) {
  TempFolder folder;
  const Image8 landscape = noise_image(64, 32, 3);
  const Image8 portrait = noise_image(32, 80, 4);
  write_png(folder.file("a_landscape.png"), landscape);
  write_png(folder.file("b_portrait.png"), portrait);

  const ImageSet cropped = read_image_folder(folder.path(), {});
  ASSERT_EQ(cropped.size(), 2u);
  EXPECT_EQ(cropped.images[0], crop(landscape, 16, 0, 32));
  EXPECT_EQ(cropped.images[1], crop(portrait, 0, 24, 32));

  ImageFolderOptions stretch;
  stretch.fit = SquareFit::kStretch;
  const ImageSet stretched = read_image_folder(folder.path(), stretch);
  ASSERT_EQ(stretched.size(), 2u);
  EXPECT_EQ(stretched.images[0], resize(landscape, 32, 32));
  EXPECT_NE(stretched.images[0], cropped.images[0]);
  EXPECT_EQ(stretched.description, "images from " + folder.path() + ", 32x32 stretched (2 images)");
}

TEST(ImageFolderTest, DropsOneChannelAndRgbGrayJpegs) {
  // From GRAYSCALE.txt: n02669723_7 is a 1-channel JPEG, n02814860_8 a 3-channel one with R=G=B.
  const std::string train = data_set("tiny-imagenet-200/train");
  TempFolder folder;
  for (const char* name : {"n02669723/images/n02669723_7.JPEG", "n02814860/images/n02814860_8.JPEG",
                           "n02669723/images/n02669723_0.JPEG"})
    fs::copy_file(fs::path(train) / name, folder.file(fs::path(name).filename().string()));

  FolderReadReport report;
  const ImageSet colour = read_image_folder(folder.path(), {}, &report);
  EXPECT_EQ(colour.size(), 1u);
  EXPECT_EQ(report.skipped_gray, 2u);

  ImageFolderOptions keep_gray;
  keep_gray.skip_gray = false;
  keep_gray.size = 64;
  const ImageSet all = read_image_folder(folder.path(), keep_gray);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.images[1], read_image(folder.file("n02669723_7.JPEG")));  // already 64x64 RGB
}

TEST(ImageFolderTest, TinyImageNetSubsetIsLabelledByWnid) {
  const std::string train = data_set("tiny-imagenet-200/train");
  ImageFolderOptions options;
  options.max_images = 30;
  const ImageSet set = read_image_folder(train, options);
  ASSERT_EQ(set.size(), 30u);

  std::istringstream wnids(read_text_file(data_set("tiny-imagenet-200/wnids.txt")));
  std::vector<std::string> expected_names;
  for (std::string line; std::getline(wnids, line);)
    if (!line.empty()) expected_names.push_back(line);
  std::sort(expected_names.begin(), expected_names.end());
  EXPECT_EQ(set.class_names, expected_names);

  // 12 colour images per class in the first classes, none of them gray.
  for (std::size_t i = 0; i < set.size(); ++i) {
    EXPECT_EQ(set.labels[i], static_cast<int>(i / 12)) << i;
    EXPECT_EQ(set.images[i].width(), 32);
    EXPECT_EQ(set.images[i].channels(), 3);
  }
  EXPECT_EQ(set.class_names[0], "n01443537");
  EXPECT_EQ(set.images[0],
            resize(read_image(train + "/n01443537/images/n01443537_0.JPEG"), 32, 32));
}

TEST(ImageFolderTest, RefusesBadSizeMissingFolderAndNothingUsable) {
  TempFolder folder;
  write_file_atomic(folder.file("empty.jpg"), std::vector<std::uint8_t>{});
  ImageFolderOptions tiny;
  tiny.size = 4;
  const std::string size_error = error_of([&] { read_image_folder(folder.path(), tiny); });
  EXPECT_NE(size_error.find("image size 4 is outside 8..1024"), std::string::npos) << size_error;
  const std::string missing = folder.file("absent");
  EXPECT_EQ(error_of([&] { read_image_folder(missing, {}); }),
            missing + ": image folder not found");
  const std::string nothing = error_of([&] { read_image_folder(folder.path(), {}); });
  EXPECT_NE(nothing.find("no image could be used: of 1 file(s), 1 are unreadable"),
            std::string::npos)
      << nothing;
}

}  // namespace
}  // namespace tint::trainer
