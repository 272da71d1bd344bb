#include "window_parts.hpp"

#include <GLFW/glfw3.h>
#include <imgui.h>

#include <string>

#include "app_actions.hpp"
#include "browser.hpp"
#include "layout.hpp"

namespace tint::app {
namespace {

const ImVec4 kErrorColour(1.0f, 0.45f, 0.4f, 1.0f);

}  // namespace

const ViewChoice kViewChoices[5] = {
    {ViewMode::kInput, "Input", GLFW_KEY_1},
    {ViewMode::kColorized, "Colorized", GLFW_KEY_2},
    {ViewMode::kOriginal, "Original", GLFW_KEY_3},
    {ViewMode::kSideBySide, "Side by side", GLFW_KEY_4},
    {ViewMode::kSplit, "Before/after", GLFW_KEY_5},
};

void draw_picture(AppState& app, ImVec2 size, CanvasView& canvas, ExampleGallery& gallery) {
  ImGui::BeginChild("canvas", size, false,
                    ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  if (app.image)
    canvas.draw(app);
  else
    gallery.draw_start_screen(app);
  ImGui::EndChild();
}

void draw_error_banner(AppState& app) {
  for (std::size_t i = app.messages.size(); i-- > 0;) {
    if (!app.messages[i].is_error || app.messages[i].dismissed) continue;
    if (secondary_button(app, "Dismiss")) app.messages[i].dismissed = true;
    ImGui::SameLine();
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
    ImGui::TextWrapped("%s", app.messages[i].text.c_str());
    ImGui::PopStyleColor();
    return;
  }
}

void draw_messages(const AppState& app) {
  if (!ImGui::CollapsingHeader("Messages")) return;
  for (std::size_t i = app.messages.size(); i-- > 0;) {
    const Message& message = app.messages[i];
    if (message.is_error) ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
    ImGui::TextWrapped("%s", message.text.c_str());
    if (message.is_error) ImGui::PopStyleColor();
  }
}

bool draw_busy_line(const AppState& app) {
  const std::string busy = busy_text(app, now_ms());
  if (busy.empty()) return false;
  // A spinner that moves once a second, so that a stuck page is told apart from a busy one.
  // Not faster: each move is a frame drawn, which costs the page's thread 40 to 100 ms in a
  // browser drawing WebGL without a GPU, time the work it waits for needs.
  static const char* const kSpinner[] = {"|", "/", "-", "\\"};
  ImGui::Text("%s %s", kSpinner[static_cast<long long>(now_ms() / 1000.0) % 4], busy.c_str());
  return true;
}

}  // namespace tint::app
