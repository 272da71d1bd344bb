#include "canvas_view.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "hint_editing.hpp"
#include "hint_markers.hpp"
#include "layout.hpp"

namespace tint::app {
namespace {

constexpr float kMaxZoom = 64.0f;
constexpr float kWheelZoomStep = 1.15f;
// The divider's reach either side, for a mouse and for a finger.
constexpr float kSplitGrabPixels = 8.0f;
constexpr float kSplitGrabPixelsTouch = 24.0f;
// A left press that moves less than this is a click (places a hint), more a pan; a finger wobbles
// more than a mouse.
constexpr float kClickSlopPixels = 4.0f;
constexpr float kClickSlopPixelsTouch = 10.0f;
// The page's thread gives uploading a large result to WebGL about this much time per frame.
constexpr double kUploadMsPerFrame = 40.0;
const ImU32 kBackground = IM_COL32(38, 38, 42, 255);
const ImU32 kSplitLine = IM_COL32(255, 255, 255, 220);
const ImU32 kLabelBackground = IM_COL32(0, 0, 0, 150);
const ImU32 kLabelText = IM_COL32(255, 255, 255, 255);

// Draws `texture` with its top left at `origin` (screen), scaled by `zoom`, clipped to
// clip_min..max.
void draw_image(ImDrawList* draw_list, const ImageTexture& texture, ImVec2 origin, float zoom,
                ImVec2 clip_min, ImVec2 clip_max) {
  draw_list->PushClipRect(clip_min, clip_max, true);
  for (const ImageTexture::Tile& tile : texture.tiles()) {
    const ImVec2 p0(origin.x + tile.x * zoom, origin.y + tile.y * zoom);
    const ImVec2 p1(p0.x + tile.width * zoom, p0.y + tile.height * zoom);
    draw_list->AddImage(texture_id(tile.texture), p0, p1);
  }
  draw_list->PopClipRect();
}

void draw_label(ImDrawList* draw_list, ImVec2 at, const char* text, bool align_right) {
  const ImVec2 size = ImGui::CalcTextSize(text);
  const ImVec2 padding(6.0f, 3.0f);
  const ImVec2 p0(align_right ? at.x - size.x - 2 * padding.x : at.x, at.y);
  const ImVec2 p1(p0.x + size.x + 2 * padding.x, p0.y + size.y + 2 * padding.y);
  draw_list->AddRectFilled(p0, p1, kLabelBackground, 3.0f);
  draw_list->AddText(ImVec2(p0.x + padding.x, p0.y + padding.y), kLabelText, text);
}

bool shows_hints(ViewMode view) {
  return view == ViewMode::kColorized || view == ViewMode::kSideBySide || view == ViewMode::kSplit;
}

}  // namespace

bool CanvasView::edit_hints(AppState& app, ImVec2 pane_origin, ImVec2 mouse, bool hovered,
                            bool active) {
  const auto image_x = [&](float screen_x) {
    return (screen_x - pane_origin.x) / app.transform.zoom;
  };
  const auto image_y = [&](float screen_y) {
    return (screen_y - pane_origin.y) / app.transform.zoom;
  };
  const int under = hint_under(app, pane_origin, app.transform.zoom, mouse);
  if (hovered && under >= 0 && dragging_hint_ < 0) {
    ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
    const Rgb8 rgb = app.hints[static_cast<std::size_t>(under)].rgb;
    ImGui::SetTooltip("Colour hint (%d, %d, %d): drag to move it; right-click or Delete removes it",
                      rgb[0], rgb[1], rgb[2]);
  }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Right) && under >= 0) {
    remove_hint(app, under);
    return false;
  }
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    hint_moved_ = false;
    dragging_hint_ = under;
    app.hint_editor.dragging = under >= 0;
    click_places_hint_ = under < 0;
    press_at_ = mouse;
    if (under >= 0) select_hint(app, under);
  }
  if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
    if (click_places_hint_ && hovered) add_hint(app, image_x(press_at_.x), image_y(press_at_.y));
    const bool was_dragging = dragging_hint_ >= 0;
    dragging_hint_ = -1;
    app.hint_editor.dragging = false;
    click_places_hint_ = false;
    return was_dragging;
  }
  if (!active) return false;
  if (dragging_hint_ >= 0) {
    if (ImGui::GetIO().MouseDelta.x != 0.0f || ImGui::GetIO().MouseDelta.y != 0.0f) {
      if (!hint_moved_) begin_hint_change(app);
      hint_moved_ = true;
      move_hint(app, dragging_hint_, image_x(mouse.x), image_y(mouse.y));
    }
    return true;
  }
  const float dx = mouse.x - press_at_.x, dy = mouse.y - press_at_.y;
  const float slop = app.layout == LayoutKind::kDesktop ? kClickSlopPixels : kClickSlopPixelsTouch;
  if (dx * dx + dy * dy > slop * slop) click_places_hint_ = false;
  return false;
}

void CanvasView::update_textures(AppState& app) {
  if (app.image_serial != image_serial_) {
    image_serial_ = app.image_serial;
    if (app.image)
      gray_.upload(app.image->gray);
    else
      gray_.clear();
    original_.clear();
    original_uploaded_ = false;
  }
  const bool shows_original = app.compare_with_original || app.view == ViewMode::kOriginal;
  if (!original_uploaded_ && shows_original && app.image) {
    if (app.image->has_colour) original_.upload(app.image->original);
    original_uploaded_ = true;
  }
  if (app.colorized_serial != colorized_serial_) {
    colorized_serial_ = app.colorized_serial;
    uploading_colorized_ = app.colorized.has_value();
    if (uploading_colorized_) {
      colorized_next_->start_upload(*app.colorized);
    } else {
      colorized_->clear();
      colorized_next_->clear();
      app.colorized_serial_shown = colorized_serial_;
    }
  }
  if (uploading_colorized_) {
    const bool at_once = app.colorized->pixel_count() <= kImmediateWorkPixels;
    if (colorized_next_->continue_upload(
            *app.colorized,
            at_once ? std::numeric_limits<double>::infinity() : kUploadMsPerFrame)) {
      std::swap(colorized_, colorized_next_);
      colorized_next_->clear();  // one result's textures held, not two
      uploading_colorized_ = false;
      app.colorized_serial_shown = colorized_serial_;
    }
  }
}

void CanvasView::draw(AppState& app) {
  update_textures(app);
  const ImVec2 min = ImGui::GetCursorScreenPos();
  const ImVec2 size(std::max(ImGui::GetContentRegionAvail().x, 1.0f),
                    std::max(ImGui::GetContentRegionAvail().y, 1.0f));
  const ImVec2 max(min.x + size.x, min.y + size.y);
  app.transform.canvas_left = min.x;
  app.transform.canvas_top = min.y;
  app.transform.canvas_width = size.x;
  app.transform.canvas_height = size.y;
  ImDrawList* draw_list = ImGui::GetWindowDrawList();
  draw_list->AddRectFilled(min, max, kBackground);
  ImGui::InvisibleButton("canvas", size);
  const bool hovered = ImGui::IsItemHovered();
  const bool active = ImGui::IsItemActive();

  if (!app.image) return;

  const bool side_by_side = app.view == ViewMode::kSideBySide;
  // Side by side, each half shows the whole image with the same transform.
  const float pane_width = side_by_side ? size.x / 2 : size.x;
  const float image_width = static_cast<float>(gray_.width());
  const float image_height = static_cast<float>(gray_.height());
  ViewTransform& view = app.transform;

  const bool resized = size.x != last_width_ || size.y != last_height_;
  // Zoomed in when the canvas changes size (a sheet opens, the phone turns): what was in the middle
  // stays in the middle.
  const bool touch = app.layout != LayoutKind::kDesktop;
  if (touch && resized && !view.fitted && last_width_ > 0.0f) {
    const float last_pane = side_by_side ? last_width_ / 2 : last_width_;
    view.origin_x += (pane_width - last_pane) / 2;
    view.origin_y += (size.y - last_height_) / 2;
  }
  last_width_ = size.x;
  last_height_ = size.y;
  const float fit_zoom = std::min(pane_width / image_width, size.y / image_height);
  if (view.fit_requested || (resized && view.fitted)) {
    view.zoom = fit_zoom;
    view.origin_x = (pane_width - image_width * view.zoom) / 2;
    view.origin_y = (size.y - image_height * view.zoom) / 2;
    view.fit_requested = false;
    view.fitted = true;
  }

  // Mouse position relative to the pane under it.
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const float pane_left =
      side_by_side && mouse.x >= min.x + pane_width ? min.x + pane_width : min.x;
  const float mouse_x = mouse.x - pane_left;
  const float mouse_y = mouse.y - min.y;

  const bool can_split = app.view == ViewMode::kSplit;
  const float split_x = view.origin_x + app.split * image_width * view.zoom;
  const float split_grab =
      app.layout == LayoutKind::kDesktop ? kSplitGrabPixels : kSplitGrabPixelsTouch;
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left))
    dragging_split_ = can_split && std::fabs(mouse_x - split_x) <= split_grab;
  if (can_split && hovered && (std::fabs(mouse_x - split_x) <= split_grab || dragging_split_))
    ImGui::SetMouseCursor(ImGuiMouseCursor_ResizeEW);
  const bool hint_tools = shows_hints(app.view) && hint_tools_available(app);
  const bool hint_took_mouse =
      hint_tools && !dragging_split_ &&
      edit_hints(app, ImVec2(pane_left + view.origin_x, min.y + view.origin_y), mouse, hovered,
                 active);

  if (!hint_took_mouse && active && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 0.0f)) {
    const ImVec2 delta = ImGui::GetIO().MouseDelta;
    if (dragging_split_) {
      app.split = std::clamp((mouse_x - view.origin_x) / (image_width * view.zoom), 0.0f, 1.0f);
    } else if (!touch || delta.x != 0.0f || delta.y != 0.0f) {  // a tap keeps the fit
      view.origin_x += delta.x;
      view.origin_y += delta.y;
      view.fitted = false;
    }
  }
  // Zooms by `factor` keeping the image point at (from_x, from_y) of the pane under (to_x, to_y).
  const auto zoom_about = [&](float factor, float from_x, float from_y, float to_x, float to_y) {
    const float zoom = std::clamp(view.zoom * factor, std::min(fit_zoom, 1.0f) / 4, kMaxZoom);
    view.origin_x = to_x - (from_x - view.origin_x) * zoom / view.zoom;
    view.origin_y = to_y - (from_y - view.origin_y) * zoom / view.zoom;
    view.zoom = zoom;
    view.fitted = false;
  };
  const float wheel = ImGui::GetIO().MouseWheel;
  if (hovered && wheel != 0.0f)
    zoom_about(std::pow(kWheelZoomStep, wheel), mouse_x, mouse_y, mouse_x, mouse_y);
  // Two fingers: the image point between them stays between them as they spread and move.
  const TouchGesture& gesture = app.gesture;
  const auto on_canvas = [&](float x, float y) {
    return x >= min.x && x < max.x && y >= min.y && y < max.y;
  };
  if (gesture.pinching && on_canvas(gesture.centre_x, gesture.centre_y)) {
    const float left =
        side_by_side && gesture.centre_x >= min.x + pane_width ? min.x + pane_width : min.x;
    const float to_x = gesture.centre_x - left, to_y = gesture.centre_y - min.y;
    zoom_about(gesture.scale, to_x - gesture.shift_x, to_y - gesture.shift_y, to_x, to_y);
  }
  if (gesture.double_tap && on_canvas(gesture.tap_x, gesture.tap_y)) view.fit_requested = true;

  const bool show_original = app.compare_with_original && !original_.empty();
  const ImageTexture& before = show_original ? original_ : gray_;
  const char* before_label = show_original ? "Original" : "Input";
  const bool has_result = !colorized_->empty();
  const ImageTexture& after = has_result ? *colorized_ : gray_;
  const char* after_label = has_result ? "Colorized" : "Not colorized yet";
  const ImVec2 origin(min.x + view.origin_x, min.y + view.origin_y);
  const ImVec2 label_left(min.x + 8, min.y + 8);
  const ImVec2 label_right(max.x - 8, min.y + 8);

  switch (app.view) {
    case ViewMode::kInput:
      draw_image(draw_list, gray_, origin, view.zoom, min, max);
      draw_label(draw_list, label_left, "Input", false);
      break;
    case ViewMode::kColorized:
      draw_image(draw_list, after, origin, view.zoom, min, max);
      if (hint_tools) draw_hint_markers(draw_list, app, origin, view.zoom, min, max);
      draw_label(draw_list, label_left, after_label, false);
      break;
    case ViewMode::kOriginal:
      if (original_.empty()) {
        draw_image(draw_list, gray_, origin, view.zoom, min, max);
        draw_label(draw_list, label_left, "The original is gray: no colour to compare", false);
      } else {
        draw_image(draw_list, original_, origin, view.zoom, min, max);
        draw_label(draw_list, label_left, "Original", false);
      }
      break;
    case ViewMode::kSideBySide: {
      const ImVec2 middle_top(min.x + pane_width, min.y);
      const ImVec2 middle_bottom(min.x + pane_width, max.y);
      draw_image(draw_list, before, origin, view.zoom, min, middle_bottom);
      draw_image(draw_list, after, ImVec2(origin.x + pane_width, origin.y), view.zoom, middle_top,
                 max);
      if (hint_tools) {
        draw_hint_markers(draw_list, app, origin, view.zoom, min, middle_bottom);
        draw_hint_markers(draw_list, app, ImVec2(origin.x + pane_width, origin.y), view.zoom,
                          middle_top, max);
      }
      draw_list->AddLine(middle_top, middle_bottom, kSplitLine, 2.0f);
      draw_label(draw_list, label_left, before_label, false);
      draw_label(draw_list, label_right, after_label, true);
      break;
    }
    case ViewMode::kSplit: {
      // Where this frame's drag or zoom put it (split_x, from before them, is where it was seen).
      const float line_x =
          std::clamp(min.x + view.origin_x + app.split * image_width * view.zoom, min.x, max.x);
      draw_image(draw_list, before, origin, view.zoom, min, ImVec2(line_x, max.y));
      draw_image(draw_list, after, origin, view.zoom, ImVec2(line_x, min.y), max);
      if (hint_tools) draw_hint_markers(draw_list, app, origin, view.zoom, min, max);
      draw_list->AddLine(ImVec2(line_x, min.y), ImVec2(line_x, max.y), kSplitLine, 2.0f);
      draw_list->AddCircleFilled(ImVec2(line_x, (min.y + max.y) / 2), 6.0f, kSplitLine);
      draw_label(draw_list, label_left, before_label, false);
      draw_label(draw_list, label_right, after_label, true);
      break;
    }
  }
}

}  // namespace tint::app
