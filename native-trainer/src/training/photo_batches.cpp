#include "training/photo_batches.hpp"

#include <algorithm>
#include <cstdio>
#include <numeric>

#include "tint/error.hpp"
#include "tint/image_io.hpp"
#include "tint/random.hpp"

namespace tint::trainer {
namespace {

enum Status : std::uint8_t { kUnknown = 0, kUsed = 1, kUnreadable = 2, kGray = 3 };
constexpr std::size_t kMaxWarnings = 100;

// A seed of its own for every (epoch, position): the same crops whichever thread decodes them.
std::uint64_t photo_seed(std::uint64_t seed, int epoch, std::size_t position) {
  return seed ^ (0x9E3779B97F4A7C15ull * std::uint64_t(epoch + 1)) ^
         (0xD1B54A32D192ED03ull * std::uint64_t(position + 1));
}

}  // namespace

PhotoBatches::PhotoBatches(std::shared_ptr<const PhotoIndex> index,
                           std::vector<std::size_t> members, TargetSpec targets,
                           PhotoBatchSettings settings)
    : index_(std::move(index)),
      members_(std::move(members)),
      targets_(std::move(targets)),
      settings_(settings) {
  validate_crop_settings(settings_.crop);
  if (settings_.batch_size < 1) fail("--batch-size", "must be >= 1");
  if (members_.empty()) fail("photos", "no photos to stream (" + index_->description + ")");
  for (const std::size_t member : members_)
    if (member >= index_->files.size()) fail("photos", "member outside the photo index");
  thread_count_ = settings_.threads > 0 ? settings_.threads
                                        : int(std::max(1u, std::thread::hardware_concurrency()));
  status_ = std::make_unique<std::atomic<std::uint8_t>[]>(members_.size());
  for (std::size_t i = 0; i < members_.size(); ++i) status_[i] = kUnknown;
}

PhotoBatches::~PhotoBatches() { stop_workers(); }

std::int64_t PhotoBatches::batches_per_epoch() const {
  return (std::int64_t(photos_per_epoch()) + settings_.batch_size - 1) / settings_.batch_size;
}

PhotoCounts PhotoBatches::counts() const {
  PhotoCounts counts;
  for (std::size_t i = 0; i < members_.size(); ++i) {
    const std::uint8_t status = status_[i];
    counts.used += status == kUsed;
    counts.unreadable += status == kUnreadable;
    counts.gray += status == kGray;
  }
  return counts;
}

std::vector<std::string> PhotoBatches::warnings() const {
  std::lock_guard<std::mutex> lock(warnings_mutex_);
  return warnings_;
}

void PhotoBatches::stop_workers() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  for (std::thread& worker : workers_) worker.join();
  workers_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = false;
  ready_.clear();
  failure_ = nullptr;
}

void PhotoBatches::start_epoch(int epoch, std::int64_t first_batch) {
  stop_workers();
  epoch_ = epoch;
  // Positions into members_, shuffled per epoch (Fisher-Yates on the core's generator) or in
  // order, then this process's shard of them.
  std::vector<std::size_t> order(members_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (settings_.random_crops) {
    Random random(photo_seed(settings_.seed, epoch, members_.size()));
    for (std::size_t i = order.size(); i > 1; --i)
      std::swap(order[i - 1], order[std::size_t(random.below(i))]);
  }
  order_.resize(photos_per_epoch());
  for (std::size_t local = 0; local < order_.size(); ++local)
    order_[local] = order[settings_.shard.position(local)];
  batch_count_ = batches_per_epoch();
  next_to_claim_ = next_to_hand_out_ = std::clamp<std::int64_t>(first_batch, 0, batch_count_);
  for (int i = 0; i < thread_count_; ++i) workers_.emplace_back([this] { work(); });
}

void PhotoBatches::work() {
  const std::int64_t ahead = 2 * std::int64_t(thread_count_);
  while (true) {
    std::int64_t batch_index = 0;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      changed_.wait(lock, [&] {
        return stopping_ || next_to_claim_ >= batch_count_ ||
               next_to_claim_ < next_to_hand_out_ + ahead;
      });
      if (stopping_ || next_to_claim_ >= batch_count_) return;
      batch_index = next_to_claim_++;
    }
    try {
      TensorSet batch = make_batch(batch_index);
      std::lock_guard<std::mutex> lock(mutex_);
      ready_[batch_index] = std::move(batch);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!failure_) failure_ = std::current_exception();
    }
    changed_.notify_all();
  }
}

TensorSet PhotoBatches::make_batch(std::int64_t batch_index) {
  const std::size_t begin = std::size_t(batch_index) * std::size_t(settings_.batch_size);
  const std::size_t end = std::min(order_.size(), begin + std::size_t(settings_.batch_size));
  ImageSet images;
  images.description = index_->description;
  for (std::size_t local = begin; local < end; ++local) {
    const std::size_t member = order_[local];
    std::atomic<std::uint8_t>& status = status_[member];
    if (status == kUnreadable || status == kGray) continue;
    const std::string& file = index_->files[members_[member]];
    Image8 photo;
    try {
      photo = read_image(file);
    } catch (const Error& e) {
      if (status.exchange(kUnreadable) != kUnreadable) {
        std::lock_guard<std::mutex> lock(warnings_mutex_);
        if (warnings_.size() < kMaxWarnings) warnings_.push_back(e.what());
      }
      continue;
    }
    if (is_gray(photo)) {
      status = kGray;
      continue;
    }
    status = kUsed;
    CropWindow window;
    if (settings_.random_crops) {
      Random random(photo_seed(settings_.seed, epoch_, settings_.shard.position(local)));
      window =
          random_crop_window(photo.width(), photo.height(), settings_.crop, settings_.flip, random);
    } else {
      window = centre_square_window(photo.width(), photo.height());
    }
    images.images.push_back(crop_and_resize(photo, window, settings_.crop.side));
    images.labels.push_back(-1);
  }
  if (images.size() == 0) return {};
  TensorOptions options = settings_.tensors;
  options.parallel = false;  // the workers are the parallelism
  return make_tensors(images, targets_, options);
}

bool PhotoBatches::next(TensorSet& batch) {
  while (true) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (next_to_hand_out_ >= batch_count_) return false;
    changed_.wait(lock, [&] { return failure_ || ready_.count(next_to_hand_out_) > 0; });
    if (failure_) std::rethrow_exception(failure_);
    const auto found = ready_.find(next_to_hand_out_);
    batch = std::move(found->second);
    ready_.erase(found);
    ++next_to_hand_out_;
    lock.unlock();
    changed_.notify_all();
    if (batch.size() > 0 || settings_.shard.count > 1) return true;
  }
}

}  // namespace tint::trainer
