#include "hint_markers.hpp"

namespace tint::app {
namespace {

constexpr float kMarkerRadius = 6.0f;
constexpr float kGrabRadius = 10.0f;       // a little more than the marker: easy to hit
constexpr float kGrabRadiusTouch = 22.0f;  // a fingertip
const ImU32 kInnerRing = IM_COL32(0, 0, 0, 230);
const ImU32 kOuterRing = IM_COL32(255, 255, 255, 240);
const ImU32 kSelectedRing = IM_COL32(255, 210, 60, 255);

}  // namespace

ImVec2 hint_screen_position(const ColourHint& hint, ImVec2 origin, float zoom) {
  return ImVec2(origin.x + static_cast<float>(hint.x + 0.5) * zoom,
                origin.y + static_cast<float>(hint.y + 0.5) * zoom);
}

void draw_hint_markers(ImDrawList* draw_list, const AppState& app, ImVec2 origin, float zoom,
                       ImVec2 clip_min, ImVec2 clip_max) {
  if (!app.hint_editor.show_markers) return;
  draw_list->PushClipRect(clip_min, clip_max, true);
  for (std::size_t i = 0; i < app.hints.size(); ++i) {
    const ColourHint& hint = app.hints[i];
    const ImVec2 at = hint_screen_position(hint, origin, zoom);
    if (static_cast<int>(i) == app.hint_editor.selected)
      draw_list->AddCircle(at, kMarkerRadius + 4.0f, kSelectedRing, 0, 2.5f);
    draw_list->AddCircleFilled(at, kMarkerRadius + 1.5f, kOuterRing);
    draw_list->AddCircleFilled(at, kMarkerRadius, kInnerRing);
    draw_list->AddCircleFilled(at, kMarkerRadius - 1.5f,
                               IM_COL32(hint.rgb[0], hint.rgb[1], hint.rgb[2], 255));
  }
  draw_list->PopClipRect();
}

int hint_under(const AppState& app, ImVec2 origin, float zoom, ImVec2 mouse) {
  if (!app.hint_editor.show_markers) return -1;
  const float grab = app.layout == LayoutKind::kDesktop ? kGrabRadius : kGrabRadiusTouch;
  for (std::size_t i = app.hints.size(); i-- > 0;) {
    const ImVec2 at = hint_screen_position(app.hints[i], origin, zoom);
    const float dx = mouse.x - at.x, dy = mouse.y - at.y;
    if (dx * dx + dy * dy <= grab * grab) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace tint::app
