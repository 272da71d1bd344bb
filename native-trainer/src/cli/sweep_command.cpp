#include "cli/sweep_command.hpp"

#include <cstdio>
#include <memory>

#include "cli/config_options.hpp"
#include "models/presets.hpp"
#include "training/sweep.hpp"

namespace tint::trainer {

void add_sweep_command(CLI::App& app) {
  struct Arguments {
    std::string preset;
    SweepGrid grid;
    SweepOptions options;
  };
  auto args = std::make_shared<Arguments>();
  CLI::App* command = app.add_subcommand(
      "sweep",
      "Train every combination of the listed values with early stopping and rank the runs by "
      "validation loss (results.md / results.csv in the output folder)");
  command->add_option("-p,--preset", args->preset, "Preset (see `tint presets`)")->required();
  command->add_option("-o,--out", args->options.out, "Sweep folder (default: sweeps/<preset>)");
  command->add_flag("--progress", args->options.progress, "Show each run's progress bars");
  const auto list = [&](const std::string& name, auto& values, const std::string& help) {
    command->add_option(name, values, help + ", comma-separated")->delimiter(',');
  };
  list("--kernel", args->grid.kernels, "Kernel sizes");
  list("--filters", args->grid.filters, "Filter counts");
  list("--dropout", args->grid.dropouts, "Dropout probabilities");
  list("--batch-size", args->grid.batch_sizes, "Batch sizes");
  list("--stride", args->grid.strides, "Strides");
  list("--epochs", args->grid.epochs, "Epoch limits (early stopping may end a run sooner)");
  const std::shared_ptr<ConfigOptions> overrides = ConfigOptions::add_to(
      command, {"--kernel", "--filters", "--dropout", "--batch-size", "--stride", "--epochs"});
  command->callback([args, overrides] {
    TrainConfig base = preset_config(args->preset);
    overrides->apply(base);
    SweepOptions options = args->options;
    if (options.out.empty()) options.out = "sweeps/" + base.preset;
    const std::vector<SweepRun> runs = run_sweep(base, args->grid, options);
    std::printf("\n%s\nranked results -> %s/results.md\n", sweep_table(runs).c_str(),
                options.out.c_str());
  });
}

}  // namespace tint::trainer
