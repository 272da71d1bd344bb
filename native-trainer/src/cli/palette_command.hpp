// `tint palette fit` and `tint palette apply`: k-means palettes from images, and recolouring.
#pragma once

#include <CLI/CLI.hpp>

namespace tint::trainer {

void add_palette_command(CLI::App& app);

}  // namespace tint::trainer
