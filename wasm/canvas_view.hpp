// The canvas: the image in the chosen view (input, colorized, original, side by side, before/after
// split), with zoom (wheel, about the cursor), pan (drag), a draggable split and fit to window.
#pragma once

#include "app_state.hpp"
#include "image_texture.hpp"

namespace tint::app {

class CanvasView {
 public:
  // Draws into the current ImGui window, filling the space left, and handles its mouse input.
  void draw(AppState& app);

 private:
  void update_textures(const AppState& app);

  ImageTexture gray_;
  ImageTexture original_;
  ImageTexture colorized_;
  int image_serial_ = -1;
  int colorized_serial_ = -1;
  bool dragging_split_ = false;
  float last_width_ = 0.0f;
  float last_height_ = 0.0f;
};

}  // namespace tint::app
