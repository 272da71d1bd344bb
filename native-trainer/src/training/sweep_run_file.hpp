// A sweep combination's folder name and the result file it leaves there (sweep_run.json), which a
// rerun of the sweep reads back instead of training the combination again. Free of LibTorch, so
// that the fuzz target reads these files as the trainer does.
#pragma once

#include <string>

#include "tint/json.hpp"
#include "training/sweep.hpp"

namespace tint::trainer {

constexpr const char* kSweepRunFile = "sweep_run.json";

// "%g": the short numbers of folder names, tables and CSV ("0.2", "1234.57").
std::string sweep_number_text(double value);

Json sweep_run_to_json(const SweepRun& run);
// Throws naming `where` and the field for a missing or mistyped field.
SweepRun sweep_run_from_json(const Json& json, const SweepPoint& point, const std::string& where);

}  // namespace tint::trainer
