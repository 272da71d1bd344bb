// The side panel's model sections: the models (bundled and opened), and the selected model's card
// read from its ONNX file (with its data's terms) with its controls (palette swatches,
// temperature, network side).
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

void draw_model_list_section(AppState& app);
void draw_model_details(AppState& app);

// The rows of a model's card as the panel shows them (label, text), also the scripting
// interface's view of the panel.
std::vector<std::pair<std::string, std::string>> card_rows(const ModelEntry& model);

}  // namespace tint::app
