#include "cli/config_options.hpp"

#include <cstdio>

#include "tint/error.hpp"

namespace tint::trainer {

template <class T>
void ConfigOptions::add(CLI::App* command, const std::set<std::string>& excluded,
                        const std::string& name, T TrainConfig::*field, const std::string& help) {
  if (excluded.count(name) > 0) return;
  CLI::Option* option = command->add_option(name, given_.*field, help);
  appliers_.push_back([this, option, field](TrainConfig& config) {
    if (option->count() > 0) config.*field = given_.*field;
  });
}

std::shared_ptr<ConfigOptions> ConfigOptions::add_to(CLI::App* command,
                                                     const std::set<std::string>& excluded) {
  auto options = std::shared_ptr<ConfigOptions>(new ConfigOptions());
  ConfigOptions& o = *options;
  command->add_option("--split", o.split_, "TRAIN/VALIDATION/TEST counts, e.g. 4500/500/1000");
  command->add_flag("--no-rebalance", o.no_rebalance_, "bins313: no class rebalancing");
  if (excluded.count("--stream") == 0)
    command->add_flag("--stream", o.stream_,
                      "Stream image folders from disk with random-resized crops (chosen "
                      "automatically for several folders or when they would not fit "
                      "--memory-budget)");
  o.add(command, excluded, "--data", &TrainConfig::data,
        "cifar10, or image folders separated by ':' (DIR[:DIR...])");
  o.add(command, excluded, "--validation-data", &TrainConfig::validation_data,
        "Image folders of validation photos (default: a share of --data)");
  o.add(command, excluded, "--memory-budget", &TrainConfig::memory_budget_mb,
        "MB an in-memory image folder may take before it is streamed instead");
  o.add(command, excluded, "--loader-threads", &TrainConfig::loader_threads,
        "Streaming: decoding threads (0: one per core on a GPU, one on the CPU)");
  o.add(command, excluded, "--crop-scale-min", &TrainConfig::crop_scale_min,
        "Streaming: smallest share of a photo's area a training crop holds");
  o.add(command, excluded, "--crop-scale-max", &TrainConfig::crop_scale_max,
        "Streaming: largest share of a photo's area a training crop holds");
  o.add(command, excluded, "--crop-aspect-min", &TrainConfig::crop_aspect_min,
        "Streaming: narrowest crop aspect ratio (width / height)");
  o.add(command, excluded, "--crop-aspect-max", &TrainConfig::crop_aspect_max,
        "Streaming: widest crop aspect ratio (width / height)");
  o.add(command, excluded, "--data-terms", &TrainConfig::data_terms,
        "The training data's terms, for the model card (default: ImageNet's for ImageNet-derived "
        "folders)");
  o.add(command, excluded, "--data-dir", &TrainConfig::data_dir, "CIFAR-10 batches folder");
  o.add(command, excluded, "--classes", &TrainConfig::classes, "Keep only these classes");
  o.add(command, excluded, "--size", &TrainConfig::image_size,
        "Image folders: square side (streamed crops: 32..256)");
  o.add(command, excluded, "--max-images", &TrainConfig::max_images,
        "Use at most N images (the first ones; streamed folders: a seeded sample)");
  o.add(command, excluded, "--validation-fraction", &TrainConfig::validation_fraction,
        "Share of images for validation");
  o.add(command, excluded, "--test-fraction", &TrainConfig::test_fraction,
        "Share of images held out for testing (0: CIFAR-10's test batch)");
  o.add(command, excluded, "--colours", &TrainConfig::palette_colours, "Palette size K");
  o.add(command, excluded, "--sample", &TrainConfig::palette_sample, "Share of pixels for k-means");
  o.add(command, excluded, "--palette-distance", &TrainConfig::palette_distance, "rgb or lab");
  o.add(command, excluded, "--lambda", &TrainConfig::rebalance_lambda,
        "bins313: rebalancing lambda");
  o.add(command, excluded, "--temperature", &TrainConfig::temperature,
        "bins313: annealed-mean temperature");
  o.add(command, excluded, "--regression-weight", &TrainConfig::regression_weight,
        "bins313: weight of a smooth-L1 term on the decoded ab (0: none)");
  o.add(command, excluded, "--hints", &TrainConfig::hints,
        "U-Nets: take user hints, simulated in training (true or false)");
  o.add(command, excluded, "--working-side", &TrainConfig::working_side,
        "Any-size models: the side they run at by default, for the card (0: none)");
  o.add(command, excluded, "--encoder-weights", &TrainConfig::encoder_weights,
        "mobilenet-unet: the MobileNetV2 ONNX file a new run's encoder starts from");
  o.add(command, excluded, "--train-encoder", &TrainConfig::train_encoder,
        "mobilenet-unet: train the pretrained encoder too (true or false; default: frozen)");
  o.add(command, excluded, "--hint-stride", &TrainConfig::hint_stride,
        "mobilenet-unet: the coarsest stride at which the hints enter the decoder (4, 8 or 16)");
  o.add(command, excluded, "--filters", &TrainConfig::filters, "Convolution filters");
  o.add(command, excluded, "--kernel", &TrainConfig::kernel, "Kernel size");
  o.add(command, excluded, "--stride", &TrainConfig::stride, "Stride");
  o.add(command, excluded, "--dropout", &TrainConfig::dropout, "Dropout probability");
  o.add(command, excluded, "--hidden", &TrainConfig::hidden, "Dense hidden units");
  o.add(command, excluded, "--variant", &TrainConfig::variant, "rgb-dense: dense, conv, bn-conv");
  o.add(command, excluded, "--epochs", &TrainConfig::epochs, "Epochs at most");
  o.add(command, excluded, "--batch-size", &TrainConfig::batch_size,
        "Batch size (per process in a data-parallel run)");
  o.add(command, excluded, "--learning-rate", &TrainConfig::learning_rate, "Adam learning rate");
  o.add(command, excluded, "--lr-schedule", &TrainConfig::learning_rate_schedule,
        "constant, or cosine: annealed from --learning-rate towards 0 over --epochs");
  o.add(command, excluded, "--flip", &TrainConfig::flip,
        "Mirror training images left-right at random (true or false)");
  o.add(command, excluded, "--patience", &TrainConfig::patience,
        "Early stopping: epochs without improvement (0: off)");
  o.add(command, excluded, "--seed", &TrainConfig::seed, "Random seed");
  o.add(command, excluded, "--device", &TrainConfig::device, "auto, cpu or cuda");
  o.add(command, excluded, "--threads", &TrainConfig::threads,
        "CPU threads (0: all cores, shared by a machine's data-parallel processes)");
  o.add(command, excluded, "--precision", &TrainConfig::precision,
        "auto, float32 or bfloat16 (CUDA mixed precision; auto: bfloat16 on CUDA)");
  o.add(command, excluded, "--memory-format", &TrainConfig::memory_format,
        "auto, contiguous or channels-last (auto: channels-last on CUDA)");
  o.add(command, excluded, "--max-steps", &TrainConfig::max_steps,
        "Stop after N batches (quick trials)");
  return options;
}

void ConfigOptions::apply(TrainConfig& config) const {
  for (const auto& applier : appliers_) applier(config);
  if (!split_.empty()) parse_split(split_, config);
  if (no_rebalance_) config.rebalance = false;
  if (stream_) config.stream = true;
}

void parse_split(const std::string& text, TrainConfig& config) {
  std::size_t train = 0, validation = 0, test = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%zu/%zu/%zu%c", &train, &validation, &test, &tail) != 3 ||
      train == 0)
    fail("--split",
         "expected TRAIN/VALIDATION/TEST counts such as 4500/500/1000, got '" + text + "'");
  config.train_count = train;
  config.validation_count = validation;
  config.test_count = test;
}

}  // namespace tint::trainer
