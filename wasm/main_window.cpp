#include "main_window.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <cstdio>
#include <optional>
#include <string>

#include "app_actions.hpp"
#include "batch_panel.hpp"
#include "browser.hpp"
#include "hint_editing.hpp"
#include "layout.hpp"
#include "model_panel.hpp"
#include "touch_window.hpp"
#include "window_parts.hpp"

namespace tint::app {
namespace {

constexpr float kPanelWidth = 320.0f;

// Undo and redo (Ctrl, or Cmd on a Mac), Delete and H for the hints.
void handle_hint_shortcuts(AppState& app) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyAlt || !hint_tools_available(app)) return;
  const bool command = io.KeyCtrl || io.KeySuper;
  if (command && ImGui::IsKeyPressed(GLFW_KEY_Z, false)) {
    if (io.KeyShift)
      redo_hints(app);
    else
      undo_hints(app);
  }
  if (command && ImGui::IsKeyPressed(GLFW_KEY_Y, false)) redo_hints(app);
  if (command) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_DELETE, false) || ImGui::IsKeyPressed(GLFW_KEY_BACKSPACE, false))
    remove_hint(app, app.hint_editor.selected);
  if (ImGui::IsKeyPressed(GLFW_KEY_H, false))
    app.hint_editor.show_markers = !app.hint_editor.show_markers;
}

void handle_shortcuts(AppState& app) {
  handle_hint_shortcuts(app);
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || io.KeyCtrl || io.KeyAlt || io.KeySuper) return;
  if (ImGui::IsKeyPressed(GLFW_KEY_O, false)) open_file_picker(FileKind::kImage);
  if (ImGui::IsKeyPressed(GLFW_KEY_M, false)) open_file_picker(FileKind::kModel);
  if (ImGui::IsKeyPressed(GLFW_KEY_C, false)) request_colorize(app);
  if (ImGui::IsKeyPressed(GLFW_KEY_S, false)) download_colorized(app);
  if (ImGui::IsKeyPressed(GLFW_KEY_F, false)) app.transform.fit_requested = true;
  for (const ViewChoice& view : kViewChoices)
    if (ImGui::IsKeyPressed(view.key, false)) app.view = view.mode;
}

// The room the toolbar keeps for the zoom: the wheel zooms up to 64 times (a tiny image fitted to
// the canvas may go further, its text then running on to the right).
constexpr char kWidestZoom[] = "6400 %";

// Returns where the zoom goes (draw_zoom) when an image is open.
std::optional<ImVec2> draw_toolbar(AppState& app) {
  constexpr float kGroupGap = 24.0f;
  if (ImGui::Button("Open image... (O)")) open_file_picker(FileKind::kImage);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Several photos chosen together are coloured one after another");
  same_line_if_room(button_width("Open folder..."));
  if (ImGui::Button("Open folder...")) open_file_picker(FileKind::kFolder);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Colour every photo in a folder and its subfolders, and save them as a zip");
  same_line_if_room(button_width("Colorize (C)"));
  ImGui::BeginDisabled(!can_colorize(app));
  if (ImGui::Button("Colorize (C)")) request_colorize(app);
  ImGui::EndDisabled();
  same_line_if_room(button_width("Download (S)"));
  ImGui::BeginDisabled(!app.colorized);
  if (ImGui::Button("Download (S)")) download_colorized(app);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("The colour photo at full size: JPEG for a JPEG, PNG otherwise");
  same_line_if_room(toggle_width("Auto"));
  ImGui::Checkbox("Auto", &app.auto_colorize);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Colorize as soon as an image or model is opened");

  float gap = kGroupGap;
  for (const ViewChoice& view : kViewChoices) {
    same_line_if_room(toggle_width(view.label), gap);
    gap = -1.0f;
    if (ImGui::RadioButton(view.label, app.view == view.mode)) app.view = view.mode;
  }
  same_line_if_room(toggle_width("Compare with original"));
  const bool has_original = app.image && app.image->has_colour;
  ImGui::BeginDisabled(!has_original);
  ImGui::Checkbox("Compare with original", &app.compare_with_original);
  ImGui::EndDisabled();
  same_line_if_room(button_width("Fit (F)"), kGroupGap);
  if (ImGui::Button("Fit (F)")) app.transform.fit_requested = true;
  if (!app.image) return std::nullopt;
  // Its place only: the canvas fits or zooms the image later in the frame.
  const float text_top = ImGui::GetItemRectMin().y + ImGui::GetStyle().FramePadding.y;
  ImGui::SameLine();
  const ImVec2 zoom_at(ImGui::GetCursorScreenPos().x, text_top);
  ImGui::Dummy(ImVec2(ImGui::CalcTextSize(kWidestZoom).x, ImGui::GetFrameHeight()));
  return zoom_at;
}

// The zoom in the toolbar, written once the canvas has drawn: with the zoom before it (an image
// just fitted, a wheel step), every change of zoom would be drawn twice, the second frame only
// to correct the text.
void draw_zoom(const AppState& app, ImVec2 at) {
  char text[sizeof kWidestZoom + 8];
  std::snprintf(text, sizeof text, "%.0f %%", static_cast<double>(app.transform.zoom) * 100.0);
  ImGui::GetWindowDrawList()->AddText(at, ImGui::GetColorU32(ImGuiCol_TextDisabled), text);
}

void draw_status_bar(const AppState& app) {
  if (draw_busy_line(app)) ImGui::SameLine(0.0f, 24.0f);
  if (app.image) {
    ImGui::Text("%s  %d x %d", app.image->name.c_str(), app.image->original.width(),
                app.image->original.height());
    ImGui::SameLine(0.0f, 24.0f);
  }
  if (app.colorized) {
    ImGui::Text("network %.0f ms, decode %.1f ms, total %.0f ms", app.timings.inference_ms,
                app.timings.decode_ms, app.timings.total_ms);
    ImGui::SameLine(0.0f, 24.0f);
  }
  ImGui::TextDisabled("%s", app.runtime_description.c_str());
}

}  // namespace

void draw_main_window(AppState& app, CanvasView& canvas, ExampleGallery& gallery,
                      HintPanel& hint_panel) {
  app.controls_shown_at.clear();
  gallery.forget_places(app);
  handle_shortcuts(app);
  if (app.layout != LayoutKind::kDesktop) {
    draw_touch_window(app, canvas, gallery, hint_panel);
    return;
  }
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::Begin("tint", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  const std::optional<ImVec2> zoom_at = draw_toolbar(app);
  draw_error_banner(app);

  const float status_height = ImGui::GetFrameHeightWithSpacing();
  const float body_height = ImGui::GetContentRegionAvail().y - status_height;
  ImGui::BeginChild("panel", ImVec2(kPanelWidth, body_height), true);
  // A batch under way is what the user is doing: first.
  draw_batch_section(app);
  // The hint tools right below the models: with a hint model they are what the user works with.
  draw_model_list_section(app);
  ImGui::Separator();
  hint_panel.draw(app);
  ImGui::Separator();
  draw_model_details(app);
  ImGui::Spacing();
  gallery.draw_panel_section(app);
  draw_messages(app);
  ImGui::EndChild();
  ImGui::SameLine();
  draw_picture(app, ImVec2(0.0f, body_height), canvas, gallery);
  if (zoom_at) draw_zoom(app, *zoom_at);
  draw_status_bar(app);
  ImGui::End();
}

}  // namespace tint::app
