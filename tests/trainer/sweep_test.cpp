// The sweep: the grid it expands, its ranking, and a tiny sweep end to end (trained, ranked,
// written, and read back instead of retrained when run again).
#include <gtest/gtest.h>

#include <filesystem>

#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tiny_runs.hpp"
#include "training/sweep.hpp"

namespace tint::trainer {
namespace {
namespace fs = std::filesystem;

TEST(SweepGrid, ExpandsEveryCombinationKeepingThePresetWhereNoListIsGiven) {
  const TrainConfig base = preset_config("lab-l2");
  SweepGrid grid;
  grid.kernels = {3, 5};
  grid.filters = {8, 16, 32};
  grid.dropouts = {0.0f, 0.25f};
  const std::vector<SweepPoint> points = expand_grid(grid, base);
  ASSERT_EQ(points.size(), 12u);
  EXPECT_EQ(points.front().name(), "k3-f8-d0-b64-s2-e30");
  EXPECT_EQ(points[1].name(), "k3-f8-d0.25-b64-s2-e30");
  EXPECT_EQ(points.back().name(), "k5-f32-d0.25-b64-s2-e30");
  const TrainConfig applied = points.back().applied_to(base);
  EXPECT_EQ(applied.kernel, 5);
  EXPECT_EQ(applied.filters, 32);
  EXPECT_EQ(applied.dropout, 0.25f);
  EXPECT_EQ(applied.batch_size, base.batch_size);
}

TEST(SweepGrid, NamesTheFirstCombinationThatCannotBeBuilt) {
  SweepGrid grid;
  grid.kernels = {3, 4};
  EXPECT_NE(test::error_of([&] {
              expand_grid(grid, preset_config("lab-l2"));
            }).find("combination k4-f32-d0.2-b64-s2-e30: --kernel: must be an odd size"),
            std::string::npos);
  grid.kernels = {3};
  grid.batch_sizes = {0};
  EXPECT_NE(
      test::error_of([&] { expand_grid(grid, preset_config("lab-l2")); }).find("--batch-size"),
      std::string::npos);
}

TEST(SweepRanking, OrdersByValidationLossThenSizeWithFailuresLast) {
  std::vector<SweepRun> runs(4);
  runs[0].best_validation_loss = 0.5;
  runs[1].error = "the loss became nan";
  runs[2].best_validation_loss = 0.2;
  runs[2].parameters = 900;
  runs[3].best_validation_loss = 0.2;
  runs[3].parameters = 100;
  const std::vector<SweepRun> order = ranked(runs);
  EXPECT_EQ(order[0].parameters, 100);
  EXPECT_EQ(order[1].parameters, 900);
  EXPECT_EQ(order[2].best_validation_loss, 0.5);
  EXPECT_FALSE(order[3].error.empty());
  const std::string table = sweep_table(order);
  EXPECT_NE(table.find("| 1 |"), std::string::npos);
  EXPECT_NE(table.find("failed: the loss became nan"), std::string::npos);
}

TEST(Sweep, TrainsRanksWritesAndReusesFinishedRuns) {
  const fs::path folder = fresh_folder("sweep");
  TrainConfig base = tiny("lab-l2");
  base.data = "cifar10";
  base.max_steps = 2;
  SweepGrid grid;
  grid.filters = {2, 4};
  SweepOptions options;
  options.out = folder.string();
  const std::vector<SweepRun> runs = run_sweep(base, grid, options);
  ASSERT_EQ(runs.size(), 2u);
  for (const SweepRun& run : runs) {
    EXPECT_TRUE(run.error.empty()) << run.error;
    EXPECT_TRUE(fs::exists(folder / run.point.name() / "best.pt"));
    EXPECT_FALSE(fs::exists(folder / run.point.name() / "model.onnx"));
  }
  EXPECT_LE(runs[0].best_validation_loss, runs[1].best_validation_loss);
  const std::string table = read_text_file((folder / "results.md").string());
  for (std::size_t rank = 1; rank <= 2; ++rank) {
    const SweepPoint& point = runs[rank - 1].point;
    const std::string row = "| " + std::to_string(rank) + " | " + std::to_string(point.kernel) +
                            " | " + std::to_string(point.filters) + " |";
    EXPECT_NE(table.find(row), std::string::npos) << row << "\n" << table;
  }
  const std::string csv = read_text_file((folder / "results.csv").string());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 3);

  // Run again: both results are read back, not retrained (the checkpoints stay untouched).
  const auto written = fs::last_write_time(folder / runs[0].point.name() / "best.pt");
  const std::vector<SweepRun> again = run_sweep(base, grid, options);
  ASSERT_EQ(again.size(), 2u);
  EXPECT_EQ(again[0].point.name(), runs[0].point.name());
  EXPECT_EQ(again[0].best_validation_loss, runs[0].best_validation_loss);
  EXPECT_EQ(fs::last_write_time(folder / runs[0].point.name() / "best.pt"), written);
}

}  // namespace
}  // namespace tint::trainer
