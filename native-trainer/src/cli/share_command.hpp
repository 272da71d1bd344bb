// `tint share`: builds a demo page for models (share_site.hpp).
#pragma once

#include <CLI/CLI.hpp>

namespace tint::trainer {

void add_share_command(CLI::App& app);

}  // namespace tint::trainer
