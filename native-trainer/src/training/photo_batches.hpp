// Training batches streamed from folders of photos, so that a million photos train as well as ten
// thousand: worker threads decode, crop and turn photos into tensors (the shared core's Lab and
// targets) batch by batch, a bounded number of batches ahead of the training step. Pixel memory is
// bounded by the batch size times the batches in flight (two per worker), whatever the folders'
// size. Each epoch visits the photos in its own seeded order; a photo's crop and mirroring
// depend only on the seed, the epoch and its position, so a resumed run sees the same batches.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "data/photo_folders.hpp"
#include "training/epoch_shard.hpp"
#include "training/training_tensors.hpp"

namespace tint::trainer {

struct PhotoBatchSettings {
  CropSettings crop;
  bool random_crops = true;  // false: the centred square, unmirrored, in index order (validation)
  bool flip = true;          // random crops: mirror half of them
  int batch_size = 64;
  int threads = 0;  // 0: one per core
  std::uint64_t seed = 0;
  TensorOptions tensors;  // with_ab for hints and the regression term
  EpochShard shard;       // this process's part of each epoch (data-parallel runs)
};

// What the loader has found so far: photos used, and files left out (counted once each).
struct PhotoCounts {
  std::size_t used = 0, unreadable = 0, gray = 0;
};

class PhotoBatches {
 public:
  // `members`: the indices into `index` this stream draws from (a training or validation part).
  PhotoBatches(std::shared_ptr<const PhotoIndex> index, std::vector<std::size_t> members,
               TargetSpec targets, PhotoBatchSettings settings);
  ~PhotoBatches();
  PhotoBatches(const PhotoBatches&) = delete;
  PhotoBatches& operator=(const PhotoBatches&) = delete;

  // Starts `epoch` (0-based) at its batch `first_batch` (a run resumed in the middle of an epoch),
  // ending any epoch still running.
  void start_epoch(int epoch, std::int64_t first_batch = 0);
  // The next batch of the epoch, false at its end. Photos that cannot be read or have no colour
  // are left out, so a batch may be smaller than batch_size; batches left empty are skipped, but
  // handed out (size 0) in a sharded epoch, where every process takes the same number of steps.
  // Rethrows what went wrong on a worker (other than a bad file).
  bool next(TensorSet& batch);

  std::size_t photos() const { return members_.size(); }
  // This process's share of them, per epoch.
  std::size_t photos_per_epoch() const { return settings_.shard.size(members_.size()); }
  std::int64_t batches_per_epoch() const;
  PhotoCounts counts() const;
  // Warnings for the files left out so far ("<path>: <reason>"), at most 100.
  std::vector<std::string> warnings() const;

 private:
  void stop_workers();
  void work();
  TensorSet make_batch(std::int64_t batch_index);

  std::shared_ptr<const PhotoIndex> index_;
  std::vector<std::size_t> members_;
  TargetSpec targets_;
  PhotoBatchSettings settings_;
  int thread_count_ = 1;

  // What each member file turned out to be: 0 unknown, 1 used, 2 unreadable, 3 gray.
  std::unique_ptr<std::atomic<std::uint8_t>[]> status_;
  mutable std::mutex warnings_mutex_;
  std::vector<std::string> warnings_;

  // The running epoch.
  int epoch_ = 0;
  std::vector<std::size_t> order_;  // this process's members in this epoch's order
  std::mutex mutex_;
  std::condition_variable changed_;
  std::int64_t next_to_claim_ = 0, next_to_hand_out_ = 0, batch_count_ = 0;
  std::map<std::int64_t, TensorSet> ready_;
  std::exception_ptr failure_;
  bool stopping_ = false;
  std::vector<std::thread> workers_;
};

}  // namespace tint::trainer
