// The frame function: toolbar, error banner, model panel, canvas and status bar, drawn top to
// bottom from the app state every frame, plus the keyboard shortcuts.
#pragma once

#include "app_state.hpp"
#include "canvas_view.hpp"

namespace tint::app {

void draw_main_window(AppState& app, CanvasView& canvas);

}  // namespace tint::app
