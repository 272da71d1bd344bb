#include "training/sweep.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "models/layer_spec.hpp"
#include "models/presets.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/json.hpp"
#include "training/sweep_run_file.hpp"
#include "training/trainer.hpp"

namespace tint::trainer {
namespace fs = std::filesystem;
namespace {

template <class T>
std::vector<T> or_default(const std::vector<T>& values, T fallback) {
  return values.empty() ? std::vector<T>{fallback} : values;
}

SweepRun train_point(const TrainConfig& base, const SweepPoint& point,
                     const SweepOptions& options) {
  const TrainConfig config = point.applied_to(base);
  SweepRun run;
  run.point = point;
  run.parameters = parameter_count(build_model_spec(config, output_channels(config)));
  TrainOptions train_options;
  train_options.run_dir = (fs::path(options.out) / point.name()).string();
  train_options.progress = options.progress;
  train_options.export_onnx = false;
  const auto start = std::chrono::steady_clock::now();
  try {
    const TrainResult result = train(config, train_options);
    run.epochs_run = result.epochs;
    run.best_epoch = result.best_epoch;
    run.best_validation_loss = result.best_validation_loss;
    run.stop_reason = result.stop_reason;
    run.images_per_second = result.images_per_second;
  } catch (const Error& e) {
    run.error = e.what();
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  write_file_atomic((fs::path(train_options.run_dir) / kSweepRunFile).string(),
                    dump_json(sweep_run_to_json(run), 2) + "\n");
  return run;
}

}  // namespace

std::vector<SweepPoint> expand_grid(const SweepGrid& grid, const TrainConfig& base) {
  std::vector<SweepPoint> points;
  for (int kernel : or_default(grid.kernels, base.kernel))
    for (int filters : or_default(grid.filters, base.filters))
      for (float dropout : or_default(grid.dropouts, base.dropout))
        for (int batch_size : or_default(grid.batch_sizes, base.batch_size))
          for (int stride : or_default(grid.strides, base.stride))
            for (int epochs : or_default(grid.epochs, base.epochs)) {
              SweepPoint point{kernel, filters, batch_size, stride, epochs, dropout};
              const TrainConfig config = point.applied_to(base);
              try {
                if (batch_size < 1) fail("--batch-size", "must be >= 1");
                if (epochs < 1) fail("--epochs", "must be >= 1");
                infer_shapes(build_model_spec(config, output_channels(config)));
              } catch (const Error& e) {
                fail("sweep", "combination " + point.name() + ": " + e.what());
              }
              points.push_back(point);
            }
  return points;
}

std::vector<SweepRun> run_sweep(const TrainConfig& base, const SweepGrid& grid,
                                const SweepOptions& options) {
  const std::vector<SweepPoint> points = expand_grid(grid, base);
  std::vector<SweepRun> runs;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const fs::path finished = fs::path(options.out) / points[i].name() / kSweepRunFile;
    const bool reused = fs::exists(finished);
    runs.push_back(reused ? sweep_run_from_json(
                                parse_json(read_text_file(finished.string()), finished.string()),
                                points[i], finished.string())
                          : train_point(base, points[i], options));
    const SweepRun& run = runs.back();
    if (run.error.empty())
      std::printf("[%zu/%zu] %s: best validation loss %.5f at epoch %d of %d (%s), %.0f s%s\n",
                  i + 1, points.size(), run.point.name().c_str(), run.best_validation_loss,
                  run.best_epoch, run.epochs_run, run.stop_reason.c_str(), run.seconds,
                  reused ? ", from an earlier sweep" : "");
    else
      std::printf("[%zu/%zu] %s: failed: %s\n", i + 1, points.size(), run.point.name().c_str(),
                  run.error.c_str());
    std::fflush(stdout);
  }
  runs = ranked(std::move(runs));
  write_file_atomic((fs::path(options.out) / "results.md").string(), sweep_table(runs));
  write_file_atomic((fs::path(options.out) / "results.csv").string(), sweep_csv(runs));
  return runs;
}

std::vector<SweepRun> ranked(std::vector<SweepRun> runs) {
  std::stable_sort(runs.begin(), runs.end(), [](const SweepRun& a, const SweepRun& b) {
    if (a.error.empty() != b.error.empty()) return a.error.empty();
    if (a.best_validation_loss != b.best_validation_loss)
      return a.best_validation_loss < b.best_validation_loss;
    return a.parameters < b.parameters;
  });
  return runs;
}

std::string sweep_table(const std::vector<SweepRun>& runs) {
  std::string table =
      "| rank | kernel | filters | dropout | batch | stride | epochs | stopped after | best epoch "
      "| best validation loss | parameters | img/s | seconds |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|\n";
  char row[512];
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const SweepRun& r = runs[i];
    const SweepPoint& p = r.point;
    if (r.error.empty())
      std::snprintf(row, sizeof row,
                    "| %zu | %d | %d | %s | %d | %d | %d | %d (%s) | %d | %.5f | %lld | %.0f | "
                    "%.1f |\n",
                    i + 1, p.kernel, p.filters, sweep_number_text(p.dropout).c_str(), p.batch_size,
                    p.stride, p.epochs, r.epochs_run, r.stop_reason.c_str(), r.best_epoch,
                    r.best_validation_loss, r.parameters, r.images_per_second, r.seconds);
    else
      std::snprintf(row, sizeof row,
                    "| - | %d | %d | %s | %d | %d | %d | failed: %s | | | %lld | | %.1f |\n",
                    p.kernel, p.filters, sweep_number_text(p.dropout).c_str(), p.batch_size,
                    p.stride, p.epochs, r.error.c_str(), r.parameters, r.seconds);
    table += row;
  }
  return table;
}

std::string sweep_csv(const std::vector<SweepRun>& runs) {
  std::string csv =
      "rank,kernel,filters,dropout,batch_size,stride,epochs,epochs_run,stop_reason,best_epoch,"
      "best_validation_loss,parameters,images_per_second,seconds,error\n";
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const SweepRun& r = runs[i];
    const SweepPoint& p = r.point;
    std::string error = r.error;
    std::replace(error.begin(), error.end(), '"', '\'');
    csv += (r.error.empty() ? std::to_string(i + 1) : std::string()) + "," +
           std::to_string(p.kernel) + "," + std::to_string(p.filters) + "," +
           sweep_number_text(p.dropout) + "," + std::to_string(p.batch_size) + "," +
           std::to_string(p.stride) + "," + std::to_string(p.epochs) + "," +
           std::to_string(r.epochs_run) + "," + r.stop_reason + "," + std::to_string(r.best_epoch) +
           "," + sweep_number_text(r.best_validation_loss) + "," + std::to_string(r.parameters) +
           "," + sweep_number_text(r.images_per_second) + "," + sweep_number_text(r.seconds) +
           ",\"" + error + "\"\n";
  }
  return csv;
}

}  // namespace tint::trainer
