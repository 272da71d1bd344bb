#include "training/batch_sources.hpp"

#include <algorithm>
#include <cmath>

#include "tint/error.hpp"
#include "tint/image_io.hpp"
#include "tint/random.hpp"

namespace tint::trainer {
namespace {

// A seeded permutation of 0..n-1 (Fisher-Yates on the core's SplitMix64: the same on every
// platform and LibTorch version).
torch::Tensor permutation(std::int64_t n, std::uint64_t seed) {
  std::vector<std::int64_t> order(std::size_t(n), 0);
  for (std::int64_t i = 0; i < n; ++i) order[std::size_t(i)] = i;
  Random random(seed);
  for (std::int64_t i = n - 1; i > 0; --i)
    std::swap(order[std::size_t(i)], order[std::size_t(random.below(std::uint64_t(i) + 1))]);
  return torch::tensor(order, torch::kLong);
}

class TensorBatches : public BatchSource {
 public:
  TensorBatches(TensorSet set, int batch_size, bool shuffle, bool flip, std::uint64_t seed,
                EpochShard shard)
      : set_(std::move(set)),
        batch_size_(batch_size),
        shuffle_(shuffle),
        flip_(flip),
        seed_(seed),
        shard_(shard) {}

  void start_epoch(int epoch, std::int64_t first_batch) override {
    const torch::Device device = set_.input.device();
    const std::uint64_t epoch_seed = seed_ ^ (0x9E3779B97F4A7C15ull * std::uint64_t(epoch + 1));
    const std::int64_t n = set_.size();
    const torch::Tensor order =
        shuffle_ ? permutation(n, epoch_seed) : torch::arange(n, torch::kLong);
    const torch::Tensor positions = torch::arange(
        std::int64_t(shard_.position(0)),
        std::int64_t(shard_.position(shard_.size(std::size_t(n)))), shard_.count, torch::kLong);
    order_ = order.index_select(0, positions).to(device);
    if (flip_) {
      std::vector<std::uint8_t> mirrored(std::size_t(n), 0);
      Random random(epoch_seed ^ 0xF11Bull);
      for (std::uint8_t& flip : mirrored) flip = random.below(2) == 1;
      flips_ = torch::from_blob(mirrored.data(), {n}, torch::kUInt8)
                   .index_select(0, positions)
                   .to(device, torch::kBool);
    }
    start_ = std::min(order_.size(0), first_batch * batch_size_);
  }

  bool next(TensorSet& batch) override {
    if (start_ >= order_.size(0)) return false;
    const std::int64_t end = std::min(order_.size(0), start_ + batch_size_);
    batch = set_.select(order_.slice(0, start_, end));
    if (flip_) batch = batch.mirrored_where(flips_.slice(0, start_, end));
    start_ = end;
    return true;
  }

  std::int64_t images_per_epoch() const override {
    return std::int64_t(shard_.size(std::size_t(set_.size())));
  }

 private:
  TensorSet set_;
  std::int64_t batch_size_;
  bool shuffle_, flip_;
  std::uint64_t seed_;
  EpochShard shard_;
  torch::Tensor order_, flips_;  // this process's examples and their mirroring, this epoch
  std::int64_t start_ = 0;
};

class StreamedBatches : public BatchSource {
 public:
  StreamedBatches(std::unique_ptr<PhotoBatches> batches, const torch::Device& device)
      : batches_(std::move(batches)), device_(device) {}

  void start_epoch(int epoch, std::int64_t first_batch) override {
    batches_->start_epoch(epoch, first_batch);
  }

  bool next(TensorSet& batch) override {
    if (!batches_->next(batch)) return false;
    if (device_.is_cuda()) batch = batch.to(device_);
    return true;
  }

  std::int64_t images_per_epoch() const override {
    return std::int64_t(batches_->photos_per_epoch());
  }

 private:
  std::unique_ptr<PhotoBatches> batches_;
  torch::Device device_;
};

// Bytes per pixel of an example held in memory: the RGB8 image, the L input and the targets.
std::size_t bytes_per_pixel(const TrainConfig& config) {
  std::size_t bytes = 3 + 4;
  switch (config.mode) {
    case ModelMode::kPalette:
      bytes += 8;
      break;
    case ModelMode::kAb:
      bytes += 8;
      break;
    case ModelMode::kRgb:
      bytes += 12;
      break;
    case ModelMode::kBins313:
      bytes += kSoftNeighbours * (8 + 4) + 4;
      break;
  }
  if (config.hints || config.regression_weight > 0) bytes += 8;
  return bytes;
}

}  // namespace

std::unique_ptr<BatchSource> tensor_batches(TensorSet set, int batch_size, bool shuffle, bool flip,
                                            std::uint64_t seed, EpochShard shard) {
  return std::make_unique<TensorBatches>(std::move(set), batch_size, shuffle, flip, seed, shard);
}

std::unique_ptr<BatchSource> streamed_batches(std::unique_ptr<PhotoBatches> batches,
                                              const torch::Device& device) {
  return std::make_unique<StreamedBatches>(std::move(batches), device);
}

CropSettings crop_settings_of(const TrainConfig& config) {
  return {config.image_size, config.crop_scale_min, config.crop_scale_max, config.crop_aspect_min,
          config.crop_aspect_max};
}

bool streams_photos(const TrainConfig& config) {
  if (config.data == "cifar10") return false;
  if (config.stream) return true;
  const std::vector<std::string> folders = split_folder_list(config.data, "--data");
  if (folders.size() > 1) return true;
  const std::size_t files = index_photo_folders(folders).files.size();
  const std::size_t used = config.max_images > 0 ? std::min(files, config.max_images) : files;
  const double bytes = double(used) * double(config.image_size) * double(config.image_size) *
                       double(bytes_per_pixel(config));
  return bytes > double(config.memory_budget_mb) * 1024.0 * 1024.0;
}

PhotoRunData plan_photo_data(const TrainConfig& config) {
  PhotoRunData data;
  PhotoIndex train_index = index_photo_folders(split_folder_list(config.data, "--data"));
  if (config.max_images > 0 && train_index.files.size() > config.max_images) {
    // A seeded sample across the folders: their first files would be a few classes only.
    std::vector<std::string>& files = train_index.files;
    Random random(config.seed ^ 0x5A3D1EULL);
    for (std::size_t i = 0; i < config.max_images; ++i)
      std::swap(files[i], files[i + std::size_t(random.below(files.size() - i))]);
    files.resize(config.max_images);
    std::sort(files.begin(), files.end());
    train_index.description += ", a sample of " + std::to_string(files.size());
  }
  const std::size_t n = train_index.files.size();
  std::vector<std::size_t> members(n);
  for (std::size_t i = 0; i < n; ++i) members[i] = i;
  if (!config.validation_data.empty()) {
    PhotoIndex validation_index =
        index_photo_folders(split_folder_list(config.validation_data, "--validation-data"));
    data.validation.resize(validation_index.files.size());
    for (std::size_t i = 0; i < data.validation.size(); ++i) data.validation[i] = i;
    data.validation_index = std::make_shared<const PhotoIndex>(std::move(validation_index));
    data.train = std::move(members);
  } else {
    if (!(config.validation_fraction >= 0 && config.validation_fraction < 1))
      fail("--validation-fraction",
           "must be in [0, 1), got " + std::to_string(config.validation_fraction));
    Random random(config.seed);
    for (std::size_t i = n; i > 1; --i)
      std::swap(members[i - 1], members[std::size_t(random.below(i))]);
    const std::size_t held_out =
        std::min(n - 1, std::size_t(std::llround(config.validation_fraction * double(n))));
    data.validation.assign(members.begin(), members.begin() + std::ptrdiff_t(held_out));
    data.train.assign(members.begin() + std::ptrdiff_t(held_out), members.end());
    std::sort(data.validation.begin(), data.validation.end());
  }
  if (data.train.empty())
    fail("--data", "no photo is left to train on (" + train_index.description + ")");
  data.description = train_index.description;
  data.train_index = std::make_shared<const PhotoIndex>(std::move(train_index));
  if (!data.validation_index) data.validation_index = data.train_index;
  return data;
}

ImageSet read_photo_sample(const PhotoIndex& index, const std::vector<std::size_t>& members,
                           std::size_t count, int side) {
  ImageSet sample;
  sample.description = index.description;
  for (const std::size_t member : members) {
    if (sample.size() >= count) break;
    Image8 photo;
    try {
      photo = read_image(index.files.at(member));
    } catch (const Error&) {
      continue;  // counted and reported by the batch loader
    }
    if (is_gray(photo)) continue;
    sample.images.push_back(
        crop_and_resize(photo, centre_square_window(photo.width(), photo.height()), side));
    sample.labels.push_back(-1);
  }
  if (sample.size() == 0)
    fail(index.description, "no colour photo could be read: every file is unreadable or gray");
  return sample;
}

}  // namespace tint::trainer
