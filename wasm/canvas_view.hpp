// The canvas: the image in the chosen view (input, colorized, original, side by side, before/after
// split), with zoom (wheel, about the cursor), pan (drag), a draggable split and fit to window.
// With a model that takes hints, the colorized, side-by-side and split views also edit colour
// hints: a click places one, a drag moves one, a right-click removes one.
#pragma once

#include <imgui.h>

#include <memory>

#include "app_state.hpp"

#include "image_texture.hpp"

namespace tint::app {

class CanvasView {
 public:
  // Draws into the current ImGui window, filling the space left, and handles its mouse input.
  void draw(AppState& app);

 private:
  void update_textures(AppState& app);
  // The hint tools' mouse input; true when it took the left button's press or drag.
  bool edit_hints(AppState& app, ImVec2 pane_origin, ImVec2 mouse, bool hovered, bool active);

  ImageTexture gray_;
  // Uploaded when a view first shows it: a large photo's original costs as much to upload as its
  // gray input, which the first frames need.
  ImageTexture original_;
  bool original_uploaded_ = false;
  // The result shown, and the next one while it uploads (a large one over several frames): a
  // new result replaces the shown one when complete, so the picture never shows half of one.
  std::unique_ptr<ImageTexture> colorized_ = std::make_unique<ImageTexture>();
  std::unique_ptr<ImageTexture> colorized_next_ = std::make_unique<ImageTexture>();
  bool uploading_colorized_ = false;
  int image_serial_ = -1;
  int colorized_serial_ = -1;
  bool dragging_split_ = false;
  int dragging_hint_ = -1;          // the hint being dragged, -1 for none
  bool hint_moved_ = false;         // the dragged hint has moved (its undo step is recorded)
  bool click_places_hint_ = false;  // a left press on the image that has not become a pan (yet)
  ImVec2 press_at_;                 // where that press was (screen)
  float last_width_ = 0.0f;
  float last_height_ = 0.0f;
};

}  // namespace tint::app
