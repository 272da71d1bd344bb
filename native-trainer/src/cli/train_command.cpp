#include "cli/train_command.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include "cli/config_options.hpp"
#include "models/presets.hpp"
#include "training/trainer.hpp"

namespace tint::trainer {
namespace {

struct TrainArguments {
  std::string preset;
  std::string run_dir;
  bool resume = false;
  bool no_progress = false;
  bool no_export = false;
  bool print_spec = false;
  DataParallelOptions data_parallel;
  bool scale_learning_rate = false;
  double checkpoint_minutes = 10.0;
  double stop_after_minutes = 0.0;
  std::string init_from;
};

}  // namespace

void add_train_commands(CLI::App& app, const std::string& command_line) {
  app.add_subcommand("presets", "List the training presets")->callback([] {
    for (const PresetInfo& preset : presets())
      std::printf("%-13s %s\n", preset.name.c_str(), preset.summary.c_str());
  });

  auto args = std::make_shared<TrainArguments>();
  CLI::App* command = app.add_subcommand(
      "train",
      "Train a preset: checkpoints every epoch and every few minutes, early stopping, report, ONNX "
      "export");
  command->add_option("-p,--preset", args->preset, "Preset (see `tint presets`)")->required();
  command->add_option("-o,--out", args->run_dir, "Run folder (default: runs/<preset>)");
  command->add_flag(
      "--resume", args->resume,
      "Continue from the run folder's checkpoint (to the run's own --epochs unless given)");
  command
      ->add_option("--checkpoint-minutes", args->checkpoint_minutes,
                   "Also write the resumable checkpoint every this many minutes, in the middle "
                   "of an epoch (0: at the end of each epoch only)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  command
      ->add_option("--stop-after", args->stop_after_minutes,
                   "Stop cleanly after this many minutes of training, with a checkpoint that "
                   "--resume continues exactly (0: no limit)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--init-from", args->init_from,
                      "A new run that starts from this checkpoint's weights (its architecture, or "
                      "that with layers added: they start from scratch; its own data, size, "
                      "schedule and a fresh optimizer)");
  command->add_flag("--no-progress", args->no_progress, "No progress bars");
  command->add_flag("--no-export", args->no_export, "Do not write model.onnx at the end");
  command->add_flag("--print-spec", args->print_spec,
                    "Print the model's layer spec as JSON and exit (trains nothing)");
  command->add_option("--backend", args->data_parallel.backend,
                      "Data-parallel runs: auto, gloo or nccl (auto: NCCL on CUDA, Gloo on the "
                      "CPU)");
  command->add_flag("--sync-batch-norm", args->data_parallel.synchronise_batch_norm,
                    "Data-parallel runs: batch norm statistics over the global batch (default: "
                    "each process's own batch, rank 0's running statistics kept)");
  command->add_option("--dist-timeout", args->data_parallel.timeout_seconds,
                      "Data-parallel runs: seconds to wait for the other processes before "
                      "stopping with an error");
  command->add_flag("--scale-learning-rate", args->scale_learning_rate,
                    "--resume with another number of processes: scale the learning rate with "
                    "the global batch");
  command->footer(
      "Data-parallel: started by `torchrun --no-python --nproc-per-node=N tint train ...`, or by "
      "any launcher that sets RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR and MASTER_PORT, each "
      "process trains on its share of every epoch. --batch-size is per process (the global batch "
      "is N times it); only rank 0 writes to the run folder.");
  const std::shared_ptr<ConfigOptions> overrides = ConfigOptions::add_to(command);
  command->callback([args, overrides, command_line, command] {
    TrainConfig config = preset_config(args->preset);
    overrides->apply(config);
    if (args->print_spec) {
      std::printf("%s\n",
                  dump_json(to_json(build_model_spec(config, output_channels(config))), 2).c_str());
      return;
    }
    TrainOptions options;
    options.run_dir = args->run_dir.empty() ? "runs/" + config.preset : args->run_dir;
    options.resume = args->resume;
    options.keep_run_length = command->count("--epochs") == 0 && command->count("--max-steps") == 0;
    options.progress = !args->no_progress;
    options.export_onnx = !args->no_export;
    options.command = command_line;
    options.launch = read_launch_environment([](const char* name) { return std::getenv(name); });
    options.data_parallel = args->data_parallel;
    options.scale_learning_rate = args->scale_learning_rate;
    options.checkpoint_minutes = args->checkpoint_minutes;
    options.stop_after_minutes = args->stop_after_minutes;
    options.init_from = args->init_from;
    const TrainResult result = train(config, options);
    if (options.launch.rank != 0) return;      // rank 0 says how the run went
    char best[96] = "no epoch validated yet";  // stopped (--stop-after) inside the first epoch
    if (result.best_epoch > 0)
      std::snprintf(best, sizeof best, "best validation loss %.5f at epoch %d",
                    result.best_validation_loss, result.best_epoch);
    std::printf("%s: %d epoch(s) (%s), %s, %.0f img/s -> %s\n", config.preset.c_str(),
                result.epochs, result.stop_reason.c_str(), best, result.images_per_second,
                options.run_dir.c_str());
  });
}

}  // namespace tint::trainer
