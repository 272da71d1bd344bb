// Tiny training runs for the trainer's tests: a preset shrunk to seconds of CPU time.
#pragma once

#include <filesystem>
#include <string>

#include "models/presets.hpp"
#include "training/trainer.hpp"
#include "test_support.hpp"

namespace tint::trainer {

// An empty folder under the temporary directory, named for the test.
inline std::filesystem::path fresh_folder(const std::string& name) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("tint_train_" + name);
  std::filesystem::remove_all(folder);
  return folder;
}

// A preset shrunk to a few seconds of CPU time; the structure stays the preset's.
inline TrainConfig tiny(const std::string& preset) {
  TrainConfig config = preset_config(preset);
  config.data_dir = test::data_set("cifar-10-batches-bin");
  if (config.data != "cifar10") config.data = test::data_set("tiny-imagenet-200/train");
  config.max_images = 96;
  config.filters = 4;
  config.hidden = 16;
  config.batch_size = 16;
  config.epochs = 1;
  config.threads = 2;
  config.palette_sample = 0.5;
  if (config.stream) {  // streamed presets: small crops, a share of the folder for validation
    config.image_size = 32;
    config.validation_data.clear();
    config.loader_threads = 2;
  }
  return config;
}

inline TrainOptions quiet(const std::filesystem::path& folder) {
  TrainOptions options;
  options.run_dir = folder.string();
  options.progress = false;
  return options;
}

}  // namespace tint::trainer
