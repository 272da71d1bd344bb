// The "Colour like a photo" section (reference_actions.hpp): the button that asks for a colour
// photo, the reference's thumbnail and name, its strength, what it gave, and forgetting it. In
// the side panel and in the touch layout's Hints sheet.
#pragma once

#include "app_state.hpp"
#include "image_texture.hpp"

namespace tint::app {

class ReferencePanel {
 public:
  void draw(AppState& app);

 private:
  ImageTexture thumbnail_;
  int thumbnail_serial_ = 0;                    // the reference the thumbnail shows
  float strength_ = kDefaultReferenceStrength;  // the slider's, while it is dragged
};

}  // namespace tint::app
