// `tint sweep`: a grid search over a preset's kernel size, filters, dropout, batch size, stride and
// epochs, ranked by validation loss.
#pragma once

#include <CLI/CLI.hpp>

namespace tint::trainer {

void add_sweep_command(CLI::App& app);

}  // namespace tint::trainer
