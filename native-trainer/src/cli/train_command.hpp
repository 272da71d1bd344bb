// `tint presets` and `tint train`: every preset's settings, overridable one by one.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace tint::trainer {

// command_line: the whole invocation, recorded in the model card.
void add_train_commands(CLI::App& app, const std::string& command_line);

}  // namespace tint::trainer
