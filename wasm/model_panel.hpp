// The side panel: the models (bundled and opened), the selected model's card read from its ONNX
// file (with its data's terms), and its controls (palette swatches, temperature, network side, the
// number of colour hints).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

void draw_model_panel(AppState& app);

// The rows of a model's card as the panel shows them (label, text), also the scripting
// interface's view of the panel.
std::vector<std::pair<std::string, std::string>> card_rows(const ModelEntry& model);

}  // namespace tint::app
