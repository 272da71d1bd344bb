// Where a run's batches come from: tensors held on the training device (CIFAR-10, folders that
// fit in memory), or photos streamed from folders (photo_batches.hpp). The training loop sees one
// interface either way.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "data/image_set.hpp"
#include "data/photo_folders.hpp"
#include "training/epoch_shard.hpp"
#include "training/photo_batches.hpp"
#include "training/train_config.hpp"
#include "training/training_tensors.hpp"

namespace tint::trainer {

class BatchSource {
 public:
  virtual ~BatchSource() = default;
  // Starts `epoch` (0-based) at its batch `first_batch`: a run resumed in the middle of an epoch
  // sees the rest of the batches it would have seen.
  virtual void start_epoch(int epoch, std::int64_t first_batch = 0) = 0;
  // The epoch's next batch on the training device; false at the epoch's end. In a data-parallel
  // run a streamed batch may be empty (every photo of it unreadable or gray): each process
  // takes the same number of steps.
  virtual bool next(TensorSet& batch) = 0;
  // This process's images per epoch.
  virtual std::int64_t images_per_epoch() const = 0;
};

// Batches of a set held in memory: a seeded order per epoch (or in order), this process's shard
// of it and, when asked, each example mirrored left-right with probability 1/2 (drawn per epoch
// position from the seed, so that the shards of N processes mirror what one process would).
std::unique_ptr<BatchSource> tensor_batches(TensorSet set, int batch_size, bool shuffle, bool flip,
                                            std::uint64_t seed, EpochShard shard = {});

// Batches streamed from photos, moved to `device` as they are handed out.
std::unique_ptr<BatchSource> streamed_batches(std::unique_ptr<PhotoBatches> batches,
                                              const torch::Device& device);

// A run's photos when they are streamed: one index over the training folders, and the members
// used for training and for validation (a separate folder's photos, or a seeded fraction).
struct PhotoRunData {
  std::shared_ptr<const PhotoIndex> train_index, validation_index;
  std::vector<std::size_t> train, validation;
  std::string description;  // for logs and the model card
};

// The config's random-resized crops at its image size.
CropSettings crop_settings_of(const TrainConfig& config);

// Whether `config` streams its photos: --stream, several folders, or a single folder whose
// decoded set (images and targets at --size) would not fit --memory-budget.
bool streams_photos(const TrainConfig& config);
// Indexes the run's folders and splits them; throws on missing or empty folders and on a split
// that leaves nothing to train on.
PhotoRunData plan_photo_data(const TrainConfig& config);
// Up to `count` photos of `members` (in order, colourless and unreadable ones left out), as
// centred squares at `side`: for fitting targets and for the report's examples.
ImageSet read_photo_sample(const PhotoIndex& index, const std::vector<std::size_t>& members,
                           std::size_t count, int side);

}  // namespace tint::trainer
