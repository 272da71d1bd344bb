#include "train_command.hpp"

#include <cstdio>
#include <functional>
#include <memory>

#include "presets.hpp"
#include "trainer.hpp"

namespace tint::trainer {
namespace {

struct TrainArguments {
  std::string preset;
  std::string run_dir;
  bool resume = false;
  bool no_progress = false;
  bool no_export = false;
  bool no_rebalance = false;
  bool print_spec = false;
  std::string split;      // "4500/500/1000"
  TrainConfig overrides;  // only the options given are applied to the preset
  std::vector<std::function<void(TrainConfig&)>> apply;
};

// Adds an option whose value replaces the preset's only when it is given.
template <class T>
void add_override(CLI::App* command, std::shared_ptr<TrainArguments> args, const std::string& name,
                  T TrainConfig::*field, const std::string& help) {
  CLI::Option* option = command->add_option(name, args->overrides.*field, help);
  args->apply.push_back([option, args, field](TrainConfig& config) {
    if (option->count() > 0) config.*field = args->overrides.*field;
  });
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

}  // namespace

void add_train_commands(CLI::App& app, const std::string& command_line) {
  app.add_subcommand("presets", "List the training presets")->callback([] {
    for (const PresetInfo& preset : presets())
      std::printf("%-13s %s\n", preset.name.c_str(), preset.summary.c_str());
  });

  auto args = std::make_shared<TrainArguments>();
  CLI::App* command = app.add_subcommand(
      "train", "Train a preset: checkpoints every epoch, early stopping, report, ONNX export");
  command->add_option("-p,--preset", args->preset, "Preset (see `tint presets`)")->required();
  command->add_option("-o,--out", args->run_dir, "Run folder (default: runs/<preset>)");
  command->add_flag("--resume", args->resume, "Continue from the run folder's checkpoint");
  command->add_flag("--no-progress", args->no_progress, "No progress bars");
  command->add_flag("--no-export", args->no_export, "Do not write model.onnx at the end");
  command->add_option("--split", args->split, "TRAIN/VALIDATION/TEST counts, e.g. 4500/500/1000");
  command->add_flag("--no-rebalance", args->no_rebalance, "bins313: no class rebalancing");
  command->add_flag("--print-spec", args->print_spec,
                    "Print the model's layer spec as JSON and exit (trains nothing)");
  add_override(command, args, "--data", &TrainConfig::data, "cifar10, or an image folder");
  add_override(command, args, "--data-dir", &TrainConfig::data_dir, "CIFAR-10 batches folder");
  add_override(command, args, "--classes", &TrainConfig::classes, "Keep only these classes");
  add_override(command, args, "--size", &TrainConfig::image_size, "Image folders: 32, 64 or 128");
  add_override(command, args, "--max-images", &TrainConfig::max_images, "Use at most N images");
  add_override(command, args, "--validation-fraction", &TrainConfig::validation_fraction,
               "Share of images for validation");
  add_override(command, args, "--test-fraction", &TrainConfig::test_fraction,
               "Share of images held out for testing (0: CIFAR-10's test batch)");
  add_override(command, args, "--colours", &TrainConfig::palette_colours, "Palette size K");
  add_override(command, args, "--sample", &TrainConfig::palette_sample,
               "Share of pixels for k-means");
  add_override(command, args, "--palette-distance", &TrainConfig::palette_distance, "rgb or lab");
  add_override(command, args, "--lambda", &TrainConfig::rebalance_lambda,
               "bins313: rebalancing lambda");
  add_override(command, args, "--temperature", &TrainConfig::temperature,
               "bins313: annealed-mean temperature");
  add_override(command, args, "--filters", &TrainConfig::filters, "Convolution filters");
  add_override(command, args, "--kernel", &TrainConfig::kernel, "Kernel size");
  add_override(command, args, "--stride", &TrainConfig::stride, "Stride");
  add_override(command, args, "--dropout", &TrainConfig::dropout, "Dropout probability");
  add_override(command, args, "--hidden", &TrainConfig::hidden, "Dense hidden units");
  add_override(command, args, "--variant", &TrainConfig::variant,
               "rgb-dense: dense, conv, bn-conv");
  add_override(command, args, "--epochs", &TrainConfig::epochs, "Epochs at most");
  add_override(command, args, "--batch-size", &TrainConfig::batch_size, "Batch size");
  add_override(command, args, "--learning-rate", &TrainConfig::learning_rate, "Adam learning rate");
  add_override(command, args, "--flip", &TrainConfig::flip,
               "Mirror training images left-right at random (true or false)");
  add_override(command, args, "--patience", &TrainConfig::patience,
               "Early stopping: epochs without improvement (0: off)");
  add_override(command, args, "--seed", &TrainConfig::seed, "Random seed");
  add_override(command, args, "--device", &TrainConfig::device, "auto, cpu or cuda");
  add_override(command, args, "--threads", &TrainConfig::threads, "CPU threads (0: all cores)");
  add_override(command, args, "--precision", &TrainConfig::precision,
               "auto, float32 or bfloat16 (CUDA mixed precision; auto: bfloat16 on CUDA)");
  add_override(command, args, "--memory-format", &TrainConfig::memory_format,
               "auto, contiguous or channels-last (auto: channels-last on CUDA)");
  add_override(command, args, "--max-steps", &TrainConfig::max_steps,
               "Stop after N batches (quick trials)");
  command->callback([args, command_line] {
    TrainConfig config = preset_config(args->preset);
    for (const auto& apply : args->apply) apply(config);
    if (!args->split.empty()) parse_split(args->split, config);
    if (args->no_rebalance) config.rebalance = false;
    if (args->print_spec) {
      std::printf("%s\n",
                  to_json(build_model_spec(config, output_channels(config))).dump(2).c_str());
      return;
    }
    TrainOptions options;
    options.run_dir = args->run_dir.empty() ? "runs/" + config.preset : args->run_dir;
    options.resume = args->resume;
    options.progress = !args->no_progress;
    options.export_onnx = !args->no_export;
    options.command = command_line;
    const TrainResult result = train(config, options);
    std::printf("%s: %d epoch(s) (%s), best validation loss %.5f at epoch %d, %.0f img/s -> %s\n",
                config.preset.c_str(), result.epochs, result.stop_reason.c_str(),
                result.best_validation_loss, result.best_epoch, result.images_per_second,
                options.run_dir.c_str());
  });
}

}  // namespace tint::trainer
