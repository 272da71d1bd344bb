#include "drawn_controls.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>

namespace tint::app {
namespace {

struct Recording {
  // The frame being drawn, or between frames (when the page asks) the last one drawn.
  std::vector<DrawnControl> current;
  ImGuiID item = 0;  // the item ImGui added last, which a label may follow
};
Recording recording;

ScreenRect rect_of(const ImRect& rect) {
  return {rect.Min.x, rect.Min.y, std::max(0.0f, rect.GetWidth()),
          std::max(0.0f, rect.GetHeight())};
}

}  // namespace

void record_drawn_controls() { ImGui::GetCurrentContext()->TestEngineHookItems = true; }

void start_control_frame() {
  recording.current.clear();
  recording.item = 0;
}

const std::vector<DrawnControl>& controls_of_last_frame() { return recording.current; }

}  // namespace tint::app

// Dear ImGui's hooks (imgui_internal.h): every item with an id when it is added (buttons of every
// kind, fields, list entries, headers, scrolling child windows), then the label of those that
// have one.
void ImGuiTestEngineHook_ItemAdd(ImGuiContext* context, const ImRect& bounds, ImGuiID id) {
  tint::app::recording.item = 0;
  // ImGui's implicit "Debug" window, begun every frame and never shown, and windows not shown
  // yet (a popup's first frame, while it measures itself).
  const ImGuiWindow* window = context->CurrentWindow;
  if (window->IsFallbackWindow || window->Hidden) return;
  ImRect visible = bounds;
  visible.ClipWithFull(context->CurrentWindow->ClipRect);
  tint::app::recording.current.push_back(
      {std::string(), tint::app::rect_of(bounds), tint::app::rect_of(visible)});
  tint::app::recording.item = id;
}

void ImGuiTestEngineHook_ItemInfo(ImGuiContext*, ImGuiID id, const char* label,
                                  ImGuiItemStatusFlags) {
  using tint::app::recording;
  if (id != recording.item || label == nullptr || recording.current.empty()) return;
  recording.current.back().label.assign(label, ImGui::FindRenderedTextEnd(label));
}

void ImGuiTestEngineHook_Log(ImGuiContext*, const char*, ...) {}

const char* ImGuiTestEngine_FindItemDebugLabel(ImGuiContext*, ImGuiID) { return nullptr; }
