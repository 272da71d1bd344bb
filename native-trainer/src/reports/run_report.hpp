// The report of a training run: the per-epoch metrics log (metrics.jsonl and metrics.csv, appended
// epoch by epoch so that a resumed run continues them), a comparison grid of examples (gray input,
// ground truth, prediction, as the origin projects showed their results) and an SVG of the loss and
// metric curves, tied together by report.html.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "tint/image.hpp"

namespace tint::trainer {

// NaN: a value that an epoch did not measure (e.g. the validation loss without a validation set).
inline constexpr double kNotMeasured = std::numeric_limits<double>::quiet_NaN();

// What one epoch measured. Metric values may also be infinite (the PSNR of identical images).
struct EpochRecord {
  int epoch = 0;
  double train_loss = kNotMeasured;
  double validation_loss = kNotMeasured;
  double learning_rate = kNotMeasured;
  // E.g. "psnr" -> 24.1. The names become CSV column names: no commas, quotes or line breaks.
  std::map<std::string, double> metrics;
  double seconds = kNotMeasured;
  double images_per_second = kNotMeasured;  // of all processes together
  // How the epoch was trained: processes, and examples per step over all of them (0: not
  // recorded, as in logs from before data-parallel training). In the JSONL log only.
  int processes = 0;
  std::int64_t global_batch = 0;
};

// ---- metrics log -----------------------------------------------------------------------------

// The log files inside a run folder.
std::string metrics_jsonl_path(const std::string& folder);
std::string metrics_csv_path(const std::string& folder);

// Appends the record to <folder>/metrics.jsonl (one JSON object per line) and <folder>/metrics.csv,
// creating the folder and files as needed. Each file is rewritten atomically, so an interruption
// never leaves half a line. The CSV columns are fixed by the header written with the first record
// (epoch, train_loss, validation_loss, learning_rate, seconds, images_per_second, then the metric
// names in sorted order); a later metric that is not a column appears in the JSONL only, a missing
// one is an empty cell. In both files NaN is written as null / an empty cell and infinities as
// "inf" / "-inf".
void append_epoch_record(const std::string& folder, const EpochRecord& record);

// The records of a metrics.jsonl file, sorted by epoch. When an epoch appears more than once (a
// run resumed from a checkpoint older than its last logged epoch), the later line wins. Throws
// with the file and line of a malformed line.
std::vector<EpochRecord> read_epoch_records(const std::string& jsonl_path);
// The same from the file's text; `where_file` names it in errors.
std::vector<EpochRecord> parse_epoch_records(const std::string& jsonl_text,
                                             const std::string& where_file);

// ---- comparison grid -------------------------------------------------------------------------

// Example i is gray[i], truth[i] and predicted[i]: 8-bit RGB (or 1-channel gray) images, each
// example possibly of another size.
struct ComparisonExamples {
  std::vector<Image8> gray;
  std::vector<Image8> truth;
  std::vector<Image8> predicted;
};

struct GridOptions {
  // Nearest-neighbour upscaling factor; 0 picks the smallest one that makes the largest image at
  // least kMinimumAutoCellSize pixels wide or tall (4 for 32x32 images).
  int scale = 0;
  int separator = 2;  // pixels of background between and around the cells
  std::array<std::uint8_t, 3> background = {255, 255, 255};

  static constexpr int kMinimumAutoCellSize = 128;
};

// One row per example, left to right: gray input, ground truth, prediction. Every cell has the size
// of the largest (upscaled) image, and smaller images are centred in theirs on the background.
// Throws for empty lists, lists of different lengths, empty images or unsupported channel counts.
Image8 make_comparison_grid(const ComparisonExamples& examples, const GridOptions& options = {});
// The same for rows of any number of columns, each row as many as `column_names` (named in
// errors), e.g. gray / reference / automatic / with the reference.
Image8 make_image_grid(const std::vector<std::vector<Image8>>& rows,
                       const std::vector<std::string>& column_names,
                       const GridOptions& options = {});

// ---- curves ----------------------------------------------------------------------------------

// A self-contained SVG document: train and validation loss against epoch on one chart, then one
// small chart per metric (the union of the records' metric names). Each series is one polyline
// through its finite values (NaN and infinities are skipped; a series without any has none) with a
// legend entry giving its last value. Throws when there are no records.
std::string plot_training_curves(const std::vector<EpochRecord>& records);

// ---- the report ------------------------------------------------------------------------------

// Writes <folder>/report.svg (the curves), <folder>/comparison.png (the grid, only when examples
// has any) and <folder>/report.html (an index showing both, the last epoch's values and links to
// the metrics log), each atomically. Throws when there are no records.
void write_run_report(const std::string& folder, const std::vector<EpochRecord>& records,
                      const ComparisonExamples& examples);

}  // namespace tint::trainer
