// Tells whether a frame would look different from the last one drawn. An unchanged frame is not
// drawn: every WebGL frame costs the browser a commit of the canvas on the page's thread (30 to
// 170 ms each in headless Chromium's software WebGL, bench/browser-results-startup.md), time that
// starting ONNX Runtime and colorizing need more.
#pragma once

#include <vector>

#include <imgui.h>

#include "browser.hpp"

namespace tint::app {

class FrameChanges {
 public:
  // True when the draw data, the drawing buffer's size or the contents of a texture it draws differ
  // from the last frame for which it returned true (and for the first frame).
  bool changed(const ImDrawData& draw_data, CanvasSize buffer);

 private:
  std::vector<char> last_;
  std::vector<char> next_;
};

}  // namespace tint::app
