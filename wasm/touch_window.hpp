// The touch layout, for phones and tablets: the picture first, across the whole width; a bar of
// the actions a thumb needs (open, colour, save, and the hints, model and view sheets) along the
// bottom, or down the right side of a phone held sideways; a sheet holds what the desktop's side
// panel and toolbar hold, beside the picture, which stays whole. Sheets scroll with a finger.
#pragma once

#include "app_state.hpp"
#include "canvas_view.hpp"
#include "example_gallery.hpp"
#include "hint_panel.hpp"

namespace tint::app {

void draw_touch_window(AppState& app, CanvasView& canvas, ExampleGallery& gallery,
                       HintPanel& hint_panel);

}  // namespace tint::app
