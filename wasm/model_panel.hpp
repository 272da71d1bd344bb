// The side panel: the models (bundled and opened), the selected model's card read from its ONNX
// file, and its decoding controls (palette swatches, temperature, network side).
#pragma once

#include "app_state.hpp"

namespace tint::app {

void draw_model_panel(AppState& app);

}  // namespace tint::app
