#include "layout.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace tint::app {
namespace {

constexpr float kPhoneShortSide = 500.0f;  // CSS px: phones in either orientation are narrower
constexpr float kDesktopFontSize = 13.0f;
constexpr float kTouchFontSize = 17.0f;
constexpr float kTouchTarget = 44.0f;

ImFont* add_default_font(float size, float pixel_ratio) {
  // The atlas holds the font at the screen's density, drawn at its size (FontGlobalScale): sharp.
  ImFontConfig font;
  font.SizePixels = std::round(size * pixel_ratio);
  return ImGui::GetIO().Fonts->AddFontDefault(&font);
}

}  // namespace

LayoutKind choose_layout(float width, float height, bool coarse_pointer) {
  if (std::min(width, height) < kPhoneShortSide) return LayoutKind::kPhone;
  return coarse_pointer ? LayoutKind::kTablet : LayoutKind::kDesktop;
}

void LayoutStyles::load(float pixel_ratio) {
  desktop_font_ = add_default_font(kDesktopFontSize, pixel_ratio);
  touch_font_ = add_default_font(kTouchFontSize, pixel_ratio);
  ImGui::GetIO().FontGlobalScale = 1.0f / pixel_ratio;
  ImGui::StyleColorsDark(&desktop_);
  touch_ = desktop_;
  // A frame is the text and its padding above and below: 44 px.
  touch_.FramePadding = ImVec2(12.0f, (kTouchTarget - kTouchFontSize) / 2);
  touch_.ItemSpacing = ImVec2(10.0f, 10.0f);
  touch_.ItemInnerSpacing = ImVec2(10.0f, 8.0f);
  touch_.WindowPadding = ImVec2(10.0f, 10.0f);
  touch_.ScrollbarSize = 18.0f;
  touch_.GrabMinSize = 28.0f;
  touch_.FrameRounding = 6.0f;
  touch_.GrabRounding = 6.0f;
  touch_.SelectableTextAlign = ImVec2(0.0f, 0.5f);
}

void LayoutStyles::apply(LayoutKind layout) const {
  ImGui::GetStyle() = layout == LayoutKind::kDesktop ? desktop_ : touch_;
}

ImFont* LayoutStyles::font(LayoutKind layout) const {
  return layout == LayoutKind::kDesktop ? desktop_font_ : touch_font_;
}

ImTextureID texture_id(unsigned texture) {
  return reinterpret_cast<ImTextureID>(static_cast<std::uintptr_t>(texture));
}

void note_control(AppState& app, const std::string& name) {
  const ImVec2 min = ImGui::GetItemRectMin(), max = ImGui::GetItemRectMax();
  app.controls_shown_at[name] = {min.x, min.y, max.x - min.x, max.y - min.y};
}

bool secondary_button(const AppState& app, const char* label) {
  return app.layout == LayoutKind::kDesktop ? ImGui::SmallButton(label) : ImGui::Button(label);
}

float button_width(const char* label) {
  return ImGui::CalcTextSize(label).x + 2 * ImGui::GetStyle().FramePadding.x;
}

float toggle_width(const char* label) {
  return ImGui::GetFrameHeight() + ImGui::GetStyle().ItemInnerSpacing.x +
         ImGui::CalcTextSize(label).x;
}

void same_line_if_room(float width, float gap) {
  const float spacing = gap >= 0.0f ? gap : ImGui::GetStyle().ItemSpacing.x;
  const float right = ImGui::GetItemRectMax().x + spacing + width;
  if (right <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x)
    ImGui::SameLine(0.0f, spacing);
}

}  // namespace tint::app
