// The page's examples on screen: the start screen (no image open yet) with the examples as
// buttons, and a row of smaller ones in the side panel. One click opens an example.
#pragma once

#include <memory>
#include <vector>

#include "app_state.hpp"
#include "image_texture.hpp"

namespace tint::app {

class ExampleGallery {
 public:
  // Fills the current ImGui child window: how to open an image, and the examples.
  void draw_start_screen(AppState& app);
  // The side panel's section (nothing without examples).
  void draw_panel_section(AppState& app);
  // Every frame before either is drawn: an example not drawn this frame has no place on screen.
  void forget_places(AppState& app);

 private:
  void update_textures(const AppState& app);
  // One button per example, wrapped to the available width; returns the clicked index or -1. On
  // the start screen the buttons are named and their places recorded (Example::shown_at).
  int draw_buttons(AppState& app, float side, bool on_start_screen);

  std::vector<std::unique_ptr<ImageTexture>> textures_;  // one per example, in order
};

}  // namespace tint::app
