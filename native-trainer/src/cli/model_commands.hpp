// `tint eval`, `tint export` and `tint colorize`: using a trained checkpoint.
#pragma once

#include <CLI/CLI.hpp>

namespace tint::trainer {

void add_model_commands(CLI::App& app);

}  // namespace tint::trainer
