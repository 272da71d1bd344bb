// `tint data check` and `tint data fetch`: CIFAR-10 on disk, verified or downloaded.
#pragma once

#include <CLI/CLI.hpp>

namespace tint::trainer {

void add_data_command(CLI::App& app);

}  // namespace tint::trainer
