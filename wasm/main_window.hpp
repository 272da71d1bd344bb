// The frame function: on the desktop the toolbar, error banner, model panel, colour hints,
// examples, canvas (or the start screen before the first image) and status bar, drawn top to
// bottom from the app state every frame, plus the keyboard shortcuts; on phones and tablets the
// touch layout (touch_window.hpp).
#pragma once

#include "app_state.hpp"
#include "canvas_view.hpp"
#include "example_gallery.hpp"
#include "hint_panel.hpp"

namespace tint::app {

void draw_main_window(AppState& app, CanvasView& canvas, ExampleGallery& gallery,
                      HintPanel& hint_panel);

}  // namespace tint::app
