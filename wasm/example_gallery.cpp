#include "example_gallery.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdint>

#include "examples.hpp"
#include "layout.hpp"

namespace tint::app {
namespace {

constexpr float kPanelThumbnailSide = 56.0f;
const ImU32 kBackground = IM_COL32(38, 38, 42, 255);

// Centred on one line where it fits, wrapped where the window is too narrow.
void centered_text(const char* text) {
  const float width = ImGui::CalcTextSize(text).x;
  const float available = ImGui::GetContentRegionAvail().x;
  if (width > available) {
    ImGui::TextWrapped("%s", text);
    return;
  }
  ImGui::SetCursorPosX(ImGui::GetCursorPosX() + (available - width) / 2);
  ImGui::TextUnformatted(text);
}

}  // namespace

void ExampleGallery::update_textures(const AppState& app) {
  while (textures_.size() < app.examples.size()) {
    textures_.push_back(std::make_unique<ImageTexture>());
    textures_.back()->upload(app.examples[textures_.size() - 1].thumbnail);
  }
}

int ExampleGallery::draw_buttons(AppState& app, float side, bool on_start_screen) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float cell = side + 2 * style.FramePadding.x;
  const float available = ImGui::GetContentRegionAvail().x;
  const int per_row = std::max(
      1, static_cast<int>((available + style.ItemSpacing.x) / (cell + style.ItemSpacing.x)));
  const int count = static_cast<int>(app.examples.size());
  const int columns = std::min(per_row, count);
  const float row_width = columns * cell + (columns - 1) * style.ItemSpacing.x;
  const float indent = std::max(0.0f, (available - row_width) / 2);
  int clicked = -1;
  for (int i = 0; i < count; ++i) {
    Example& example = app.examples[static_cast<std::size_t>(i)];
    const ImageTexture& texture = *textures_[static_cast<std::size_t>(i)];
    if (i % per_row == 0)
      ImGui::SetCursorPosX(ImGui::GetCursorPosX() + indent);
    else
      ImGui::SameLine();
    // Thumbnails keep their aspect ratio inside a square cell.
    const float scale = side / std::max(texture.width(), texture.height());
    const ImVec2 size(texture.width() * scale, texture.height() * scale);
    ImGui::BeginGroup();
    ImGui::PushID(i);
    const ImVec2 top_left = ImGui::GetCursorScreenPos();
    ImGui::SetCursorScreenPos(
        ImVec2(top_left.x + (side - size.x) / 2, top_left.y + (side - size.y) / 2));
    if (ImGui::ImageButton(texture_id(texture.tiles().front().texture), size)) clicked = i;
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Colorize %s", example.name.c_str());
    const ImVec2 button_min = ImGui::GetItemRectMin(), button_max = ImGui::GetItemRectMax();
    ImGui::SetCursorScreenPos(ImVec2(top_left.x, top_left.y + side + 2 * style.FramePadding.y));
    ImGui::Dummy(ImVec2(cell, 0.0f));
    if (on_start_screen) {
      example.shown_at = {button_min.x, button_min.y, button_max.x - button_min.x,
                          button_max.y - button_min.y};
      // The name, centred under the button (the panel's narrow cells show it as a tooltip).
      const float width = ImGui::CalcTextSize(example.name.c_str()).x;
      ImGui::SetCursorScreenPos(
          ImVec2(top_left.x + std::max(0.0f, (cell - width) / 2), ImGui::GetCursorScreenPos().y));
      ImGui::TextDisabled("%s", example.name.c_str());
    }
    ImGui::PopID();
    ImGui::EndGroup();
  }
  return clicked;
}

void ExampleGallery::draw_start_screen(AppState& app) {
  update_textures(app);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 size = ImGui::GetContentRegionAvail();
  ImGui::GetWindowDrawList()->AddRectFilled(min, ImVec2(min.x + size.x, min.y + size.y),
                                            kBackground);
  // Vertically about a third down: the text, then the examples.
  const float content_height = app.examples.empty() ? 0.0f : kThumbnailSide + 80.0f;
  ImGui::SetCursorPosY(std::max(ImGui::GetCursorPosY(), (size.y - content_height) / 3));
  const bool touch = app.layout != LayoutKind::kDesktop;
  centered_text(touch ? "Tap Open to choose a photo or take one"
                      : "Open an image (O), drop it here or paste it (Ctrl+V)");
  if (app.examples.empty()) return;
  ImGui::Spacing();
  centered_text(touch ? "or colour one of these with a tap:"
                      : "or colorize one of these with a click:");
  ImGui::Spacing();
  const int clicked = draw_buttons(app, static_cast<float>(kThumbnailSide), true);
  if (clicked >= 0) open_example(app, clicked);
}

void ExampleGallery::forget_places(AppState& app) {
  for (Example& example : app.examples) example.shown_at = {};
}

void ExampleGallery::draw_panel_section(AppState& app) {
  if (app.examples.empty()) return;
  update_textures(app);
  if (!ImGui::CollapsingHeader("Examples", ImGuiTreeNodeFlags_DefaultOpen)) return;
  const int clicked = draw_buttons(app, kPanelThumbnailSide, false);
  if (clicked >= 0) open_example(app, clicked);
}

}  // namespace tint::app
