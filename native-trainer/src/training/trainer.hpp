// Training a preset end to end: data -> targets (shared core) -> model -> Adam with early stopping
// on the validation loss -> an atomic checkpoint every epoch -> metrics log and report -> ONNX.
#pragma once

#include <string>

#include "data/image_set.hpp"
#include "distributed/data_parallel.hpp"
#include "distributed/launch_environment.hpp"
#include "training/checkpoint.hpp"
#include "training/train_config.hpp"

namespace tint::trainer {

// The run's data: CIFAR-10 (config.data == "cifar10") or an image folder, class-filtered, cut to
// max_images and split as the config says.
Splits load_training_data(const TrainConfig& config);

// Targets fitted on the training images: the palette (k-means on palette_sample of the pixels) or
// the bins' rebalancing weights (from the empirical prior).
TargetSpec fit_targets(const TrainConfig& config, const ImageSet& train);

// "cuda" when asked for or, with "auto", when LibTorch sees a GPU; else "cpu". Throws for "cuda"
// without one.
torch::Device choose_device(const std::string& name);

struct TrainOptions {
  std::string run_dir;  // checkpoint.pt, best.pt, metrics.*, report.*, model.onnx
  bool resume = false;  // continue from run_dir/checkpoint.pt
  // A resumed run keeps its own epochs and step limit instead of the config's (`tint train
  // --resume` without --epochs or --max-steps).
  bool keep_run_length = false;
  bool progress = true;  // progress bars on stderr
  bool export_onnx = true;
  std::string command;  // the command line, for the model card
  // Data-parallel runs: this process's place (read from the launcher's variables; not launched:
  // it trains alone) and how the processes work together. Only rank 0 writes to run_dir.
  LaunchEnvironment launch;
  DataParallelOptions data_parallel;
  // Resuming with another number of processes changes the global batch: scale the learning rate
  // with it (the linear scaling rule) instead of keeping it.
  bool scale_learning_rate = false;
  // The resumable checkpoint is also written every this many minutes, in the middle of an epoch
  // (0: at epoch ends only), and the run stops cleanly with one after stop_after_minutes of
  // training (0: no limit): a long run fits in the time a machine has left.
  double checkpoint_minutes = 10.0;
  double stop_after_minutes = 0.0;
  std::string init_from;  // a new run starting from this checkpoint's weights ("" : random)
};

struct TrainResult {
  int epochs = 0;  // epochs completed in total
  int best_epoch = 0;
  double best_validation_loss = 0.0;
  std::string stop_reason;         // "epochs", "early stopping", "max steps", "time limit"
  double images_per_second = 0.0;  // all processes together
};

// Trains; throws tint::Error on bad settings, on a non-finite loss (naming epoch and batch; the
// last good checkpoint stays), on --resume with a checkpoint of another preset and, in a
// data-parallel run, when the processes' settings or data differ or another process fails.
TrainResult train(const TrainConfig& config, const TrainOptions& options);

// Writes the ONNX model of a checkpoint with its card to `path`, atomically, and returns the card.
// The card holds the test metrics when `tint eval --json` wrote evaluation.json beside the
// checkpoint; a non-empty name or description replaces the generated one, a temperature > 0 the
// one the run trained with (a bins model's decoding, chosen on validation photos).
ModelCard export_checkpoint(const std::string& checkpoint, const std::string& path,
                            const std::string& name = "", const std::string& description = "",
                            float temperature = 0.0f);

}  // namespace tint::trainer
