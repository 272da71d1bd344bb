// A grid search over architecture and optimisation settings, as the Lab-L2 seed project tuned its
// model: every combination of the listed values trains (with early stopping) into its own folder,
// and the runs are ranked by their best validation loss.
#pragma once

#include <string>
#include <vector>

#include "training/train_config.hpp"

namespace tint::trainer {

// The values to try per setting; an empty list keeps the preset's value.
struct SweepGrid {
  std::vector<int> kernels, filters, batch_sizes, strides, epochs;
  std::vector<float> dropouts;
};

struct SweepPoint {
  int kernel = 0, filters = 0, batch_size = 0, stride = 0, epochs = 0;
  float dropout = 0.0f;
  std::string name() const;  // e.g. "k3-f32-d0.2-b64-s2-e10": the run's folder
  TrainConfig applied_to(TrainConfig config) const;
};

// Every combination, kernels varying slowest and epochs fastest. Throws naming the first
// combination whose model cannot be built (e.g. an even kernel), before anything trains.
std::vector<SweepPoint> expand_grid(const SweepGrid& grid, const TrainConfig& base);

struct SweepRun {
  SweepPoint point;
  std::string error;  // empty when the run trained
  int epochs_run = 0, best_epoch = 0;
  double best_validation_loss = 0.0;
  std::string stop_reason;
  double images_per_second = 0.0, seconds = 0.0;
  long long parameters = 0;
};

struct SweepOptions {
  std::string out;        // one folder per combination, plus results.md / results.csv
  bool progress = false;  // the runs' own progress bars
};

// Trains every combination in turn (a combination that already finished in `out`, by an earlier
// sweep that was stopped, is read back instead of trained again), prints one line per run, and
// writes the ranked table. A run that fails is recorded with its error and the sweep goes on.
std::vector<SweepRun> run_sweep(const TrainConfig& base, const SweepGrid& grid,
                                const SweepOptions& options);

// Successful runs by best validation loss (ties: fewer parameters first), failed runs last.
std::vector<SweepRun> ranked(std::vector<SweepRun> runs);

// The ranked runs as a Markdown table and as CSV.
std::string sweep_table(const std::vector<SweepRun>& ranked_runs);
std::string sweep_csv(const std::vector<SweepRun>& ranked_runs);

}  // namespace tint::trainer
