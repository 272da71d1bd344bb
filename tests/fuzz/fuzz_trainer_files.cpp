// The JSON the trainer reads back from its own output folders, which a user may have edited or
// damaged: a run's settings (inside checkpoints), a sweep combination's result file, and the
// lines of metrics.jsonl. Any input must give a value or a tint::Error.
#include <cstddef>
#include <cstdint>
#include <string>

#include "reports/run_report.hpp"
#include "tint/error.hpp"
#include "tint/json.hpp"
#include "training/sweep_run_file.hpp"
#include "training/train_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const tint::Json json = tint::parse_json(text, "fuzz.json");
    try {
      tint::trainer::train_config_from_json(json, "config");
    } catch (const tint::Error&) {
    }
    try {
      tint::trainer::sweep_run_from_json(json, tint::trainer::SweepPoint{}, "sweep_run.json");
    } catch (const tint::Error&) {
    }
  } catch (const tint::Error&) {
  }
  try {
    tint::trainer::parse_epoch_records(text, "metrics.jsonl");
  } catch (const tint::Error&) {
  }
  return 0;
}
