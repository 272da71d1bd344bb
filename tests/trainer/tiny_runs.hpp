// Tiny training runs for the trainer's tests: a preset shrunk to seconds of CPU time.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "models/presets.hpp"
#include "test_support.hpp"
#include "training/trainer.hpp"

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
  if (!config.encoder_weights.empty())
    config.encoder_weights =
        test::shared_model(std::filesystem::path(config.encoder_weights).filename().string());
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

// Trains `config` (2 epochs or more) straight through in `straight`, and in `resumed` for one
// epoch, then resumed to the end: the two runs must end with the same weights.
inline void train_straight_and_resumed(const TrainConfig& config,
                                       const std::filesystem::path& straight,
                                       const std::filesystem::path& resumed) {
  train(config, quiet(straight));
  TrainConfig first = config;
  first.epochs = 1;
  train(first, quiet(resumed));
  TrainOptions again = quiet(resumed);
  again.resume = true;
  EXPECT_EQ(train(config, again).epochs, config.epochs);
}

// Every parameter and buffer of a checkpoint's network, in order.
inline std::vector<torch::Tensor> weights_of(const std::string& checkpoint) {
  LoadedModel model = load_model(checkpoint);
  std::vector<torch::Tensor> weights;
  for (const auto& parameter : model.network->parameters()) weights.push_back(parameter.clone());
  for (const auto& buffer : model.network->buffers()) weights.push_back(buffer.clone());
  return weights;
}

inline void expect_same_weights(const std::filesystem::path& a, const std::filesystem::path& b) {
  const std::vector<torch::Tensor> wa = weights_of((a / "checkpoint.pt").string());
  const std::vector<torch::Tensor> wb = weights_of((b / "checkpoint.pt").string());
  ASSERT_EQ(wa.size(), wb.size());
  for (std::size_t i = 0; i < wa.size(); ++i) EXPECT_TRUE(wa[i].equal(wb[i])) << "tensor " << i;
}

}  // namespace tint::trainer
