// Every control Dear ImGui drew in the last frame (each item with an id: buttons, check boxes,
// sliders, fields, list entries, headers, scrolling areas), with the part of it on screen, for the
// scripting interface: the tests check that every control of the touch layout is in view and big
// enough for a finger, including those nobody thought to name. Gathered through ImGui's item
// hooks (IMGUI_ENABLE_TEST_ENGINE), which call into drawn_controls.cpp for every item.
#pragma once

#include <string>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

struct DrawnControl {
  std::string label;   // without its "##id" part; empty for unlabelled items (images, areas)
  ScreenRect rect;     // the whole item
  ScreenRect visible;  // the part its window shows (empty when scrolled or clipped away)
};

// Turns the hooks on for the current ImGui context.
void record_drawn_controls();
// Call before ImGui::NewFrame: forgets the last frame's controls.
void start_control_frame();
// Between frames (the page's calls come then): the controls of the frame drawn last.
const std::vector<DrawnControl>& controls_of_last_frame();

}  // namespace tint::app
