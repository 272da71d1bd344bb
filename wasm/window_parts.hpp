// What both layouts draw (main_window.cpp for the desktop, touch_window.cpp for phones and
// tablets): the picture, the views to choose from, the error banner, the messages and the busy
// line.
#pragma once

#include <imgui.h>

#include "app_state.hpp"
#include "canvas_view.hpp"
#include "example_gallery.hpp"

namespace tint::app {

struct ViewChoice {
  ViewMode mode;
  const char* label;
  int key;  // its keyboard shortcut (GLFW key)
};
extern const ViewChoice kViewChoices[5];

// The canvas in a child window of `size` (ImGui's: 0 fills the room left), or the start screen
// before the first image.
void draw_picture(AppState& app, ImVec2 size, CanvasView& canvas, ExampleGallery& gallery);
// The newest error not yet dismissed, with its Dismiss button.
void draw_error_banner(AppState& app);
// Every message, newest first, under a collapsing header.
void draw_messages(const AppState& app);
// What the app is busy with, behind a spinner; false (nothing drawn) when it is idle.
bool draw_busy_line(const AppState& app);

}  // namespace tint::app
