// The side panel's colour hints section: how to place hints, the selected hint's colour (picker,
// RGB, hex, recent colours), undo, redo, clear, show markers, and hints files. With a model that
// takes no hints it says why there are no hint tools.
#pragma once

#include "app_state.hpp"
#include "reference_panel.hpp"

namespace tint::app {

class HintPanel {
 public:
  void draw(AppState& app);

 private:
  void draw_colour_editor(AppState& app, int index);

  ReferencePanel reference_panel_;
  bool colour_change_open_ = false;  // the picker is held: its changes make one undo step
  int colour_change_hint_ = -1;
};

}  // namespace tint::app
