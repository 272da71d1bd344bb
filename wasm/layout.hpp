// Which layout the page gets, and Dear ImGui's sizes for it. Phones (either side of the viewport
// under 500 CSS px, as web/style.css has it) and touch screens (a coarse pointer) get the touch
// layout (touch_window.hpp): text of 17 px and controls at least 44 px high, the smallest
// comfortable touch target; the desktop keeps its toolbar, side panel and sizes.
#pragma once

#include <imgui.h>

#include <string>

#include "app_state.hpp"

namespace tint::app {

LayoutKind choose_layout(float width, float height, bool coarse_pointer);

// Both layouts' styles and fonts, built once the ImGui context exists (the touch font is a
// second size of the default font in the same atlas).
class LayoutStyles {
 public:
  void load(float pixel_ratio);
  // Sets the style for this frame's layout; call before ImGui::NewFrame.
  void apply(LayoutKind layout) const;
  // The layout's font (ImGui's default font for the frame).
  ImFont* font(LayoutKind layout) const;

 private:
  ImGuiStyle desktop_, touch_;
  ImFont* desktop_font_ = nullptr;
  ImFont* touch_font_ = nullptr;
};

// An ImGui texture ID for a WebGL texture name (image_texture.hpp's tiles).
ImTextureID texture_id(unsigned texture);

// Remembers where the last item was drawn under `name` (AppState::controls_shown_at), for the
// scripting interface.
void note_control(AppState& app, const std::string& name);

// A secondary action's button: ImGui's small one on the desktop, a full touch target otherwise.
bool secondary_button(const AppState& app, const char* label);
// The width of a button, and of a check box or radio button (the box, then the label).
float button_width(const char* label);
float toggle_width(const char* label);
// The next item on the same line while it fits (`width` wide, `gap` after the last; -1: the
// style's spacing), on the next line otherwise: rows of controls wrap in narrow windows.
void same_line_if_room(float width, float gap = -1.0f);

}  // namespace tint::app
