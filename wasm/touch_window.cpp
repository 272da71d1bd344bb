#include "touch_window.hpp"

#include <imgui.h>
#include <imgui_internal.h>

#include <algorithm>
#include <cmath>
#include <iterator>

#include "app_actions.hpp"
#include "batch_panel.hpp"
#include "browser.hpp"
#include "model_panel.hpp"
#include "window_parts.hpp"

namespace tint::app {
namespace {

constexpr float kBarButtonHeight = 52.0f;
constexpr float kSideBarWidth = 96.0f;  // a phone held sideways: the bar down the right
constexpr float kTabletSheetWidth = 400.0f;
constexpr float kScrollSlop = 8.0f;  // CSS px a finger moves before a sheet scrolls
const ImVec4 kOpenSheetColour(0.26f, 0.59f, 0.98f, 0.65f);

enum class Action { kOpen, kColour, kSave, kHints, kModel, kView, kBatch };
struct BarButton {
  const char* label;
  Action action;
};
constexpr BarButton kBarButtons[] = {
    {"Open", Action::kOpen},   {"Colour", Action::kColour}, {"Save", Action::kSave},
    {"Hints", Action::kHints}, {"Model", Action::kModel},   {"View", Action::kView},
};

// The sheet an action opens and closes, kNone for the others.
Sheet sheet_of(Action action) {
  switch (action) {
    case Action::kHints:
      return Sheet::kHints;
    case Action::kModel:
      return Sheet::kModel;
    case Action::kView:
      return Sheet::kView;
    case Action::kBatch:
      return Sheet::kBatch;
    default:
      return Sheet::kNone;
  }
}

const char* sheet_title(Sheet sheet) {
  switch (sheet) {
    case Sheet::kHints:
      return "Colour hints";
    case Sheet::kModel:
      return "Model";
    case Sheet::kView:
      return "View";
    case Sheet::kBatch:
      return "Batch";
    case Sheet::kNone:
      break;
  }
  return "";
}

bool action_enabled(const AppState& app, Action action) {
  if (action == Action::kColour) return can_colorize(app);
  if (action == Action::kSave) return app.colorized.has_value();
  return true;
}

void run_action(AppState& app, Action action) {
  const Sheet sheet = sheet_of(action);
  if (sheet != Sheet::kNone)
    app.sheet = app.sheet == sheet ? Sheet::kNone : sheet;
  else if (action == Action::kOpen)
    open_file_picker(FileKind::kImage);
  else if (action == Action::kColour)
    request_colorize(app);
  else
    download_colorized(app);
}

// The bar: the actions side by side (along the bottom) or stacked (down the side), their labels
// with little room around them: six fit across a phone held upright.
void draw_bar(AppState& app, bool vertical) {
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(4.0f, 6.0f));
  ImGui::PushStyleVar(ImGuiStyleVar_FramePadding, ImVec2(2.0f, ImGui::GetStyle().FramePadding.y));
  const ImGuiStyle& style = ImGui::GetStyle();
  const int count = static_cast<int>(std::size(kBarButtons));
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const ImVec2 size =
      vertical ? ImVec2(room.x, std::max(ImGui::GetFrameHeight(),
                                         (room.y - (count - 1) * style.ItemSpacing.y) / count))
               : ImVec2((room.x - (count - 1) * style.ItemSpacing.x) / count, kBarButtonHeight);
  for (int i = 0; i < count; ++i) {
    BarButton button = kBarButtons[i];
    // A batch's photos take no hints: while there is one, its sheet takes the place of the hints'.
    if (button.action == Action::kHints && !app.batch.photos.empty())
      button = {"Batch", Action::kBatch};
    if (i > 0 && !vertical) ImGui::SameLine();
    const bool open =
        sheet_of(button.action) != Sheet::kNone && app.sheet == sheet_of(button.action);
    if (open) ImGui::PushStyleColor(ImGuiCol_Button, kOpenSheetColour);
    ImGui::BeginDisabled(!action_enabled(app, button.action));
    if (ImGui::Button(button.label, size)) run_action(app, button.action);
    ImGui::EndDisabled();
    if (open) ImGui::PopStyleColor();
  }
  ImGui::PopStyleVar(2);
}

// A finger dragged up or down over a sheet scrolls it (ImGui scrolls only by wheel and scroll
// bar): once the drag is clearly vertical, the control it started on lets go, unclicked.
class FingerScroll {
 public:
  void follow() {
    const ImGuiIO& io = ImGui::GetIO();
    const ImVec2 min = ImGui::GetWindowPos(),
                 max(min.x + ImGui::GetWindowWidth(), min.y + ImGui::GetWindowHeight());
    const ImVec2 from = io.MouseClickedPos[0];
    const bool started_here =
        from.x >= min.x && from.x < max.x && from.y >= min.y && from.y < max.y;
    // Not under a popup (the colour picker's) that lies over the sheet.
    if (!io.MouseDown[0] || ImGui::IsPopupOpen("", ImGuiPopupFlags_AnyPopupId)) {
      scrolling_ = false;
      return;
    }
    if (!scrolling_ && started_here && ImGui::IsMouseDragging(ImGuiMouseButton_Left, kScrollSlop)) {
      const ImVec2 drag = ImGui::GetMouseDragDelta(ImGuiMouseButton_Left);
      if (std::abs(drag.y) > std::abs(drag.x)) {
        scrolling_ = true;
        ImGui::ClearActiveID();
      }
    }
    if (scrolling_) ImGui::SetScrollY(ImGui::GetScrollY() - io.MouseDelta.y);
  }

 private:
  bool scrolling_ = false;
};

void draw_view_sheet(AppState& app, ExampleGallery& gallery) {
  for (const ViewChoice& view : kViewChoices)
    if (ImGui::RadioButton(view.label, app.view == view.mode)) app.view = view.mode;
  const bool has_original = app.image && app.image->has_colour;
  ImGui::BeginDisabled(!has_original);
  ImGui::Checkbox("Compare with original", &app.compare_with_original);
  ImGui::EndDisabled();
  if (ImGui::Button("Fit to screen")) app.transform.fit_requested = true;
  ImGui::Checkbox("Colour as soon as a photo opens", &app.auto_colorize);
  ImGui::Spacing();
  gallery.draw_panel_section(app);
  draw_messages(app);
  if (app.image)
    ImGui::TextWrapped("%s, %d x %d", app.image->name.c_str(), app.image->original.width(),
                       app.image->original.height());
  if (app.colorized)
    ImGui::TextWrapped("Network %.0f ms, decode %.1f ms, total %.0f ms", app.timings.inference_ms,
                       app.timings.decode_ms, app.timings.total_ms);
  ImGui::TextDisabled("%s", app.runtime_description.c_str());
}

void draw_sheet(AppState& app, ImVec2 size, ExampleGallery& gallery, HintPanel& hint_panel) {
  static FingerScroll finger_scroll;
  ImGui::BeginChild("sheet", size, true, ImGuiWindowFlags_NoScrollbar);
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(sheet_title(app.sheet));
  ImGui::SameLine();
  const float close_width = ImGui::CalcTextSize("Close").x + 2 * ImGui::GetStyle().FramePadding.x;
  ImGui::SetCursorPosX(
      std::max(ImGui::GetCursorPosX(), ImGui::GetWindowContentRegionMax().x - close_width));
  if (ImGui::Button("Close")) app.sheet = Sheet::kNone;
  ImGui::BeginChild("sheet body", ImVec2(0.0f, 0.0f), false);
  switch (app.sheet) {
    case Sheet::kHints:
      hint_panel.draw(app);
      break;
    case Sheet::kModel:
      draw_model_list_section(app);
      ImGui::Separator();
      draw_model_details(app);
      break;
    case Sheet::kView:
      draw_view_sheet(app, gallery);
      break;
    case Sheet::kBatch:
      draw_batch_section(app);
      break;
    case Sheet::kNone:
      break;
  }
  finger_scroll.follow();
  ImGui::EndChild();
  ImGui::EndChild();
}

}  // namespace

void draw_touch_window(AppState& app, CanvasView& canvas, ExampleGallery& gallery,
                       HintPanel& hint_panel) {
  // A long press on a hint chooses its colour: the hints sheet, with that hint selected.
  if (app.gesture.long_press && app.hint_editor.dragging) app.sheet = Sheet::kHints;
  const ImGuiViewport* viewport = ImGui::GetMainViewport();
  ImGui::SetNextWindowPos(viewport->WorkPos);
  ImGui::SetNextWindowSize(viewport->WorkSize);
  ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(6.0f, 6.0f));
  ImGui::Begin("tint", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoSavedSettings);
  ImGui::PopStyleVar();
  draw_error_banner(app);
  const ImGuiStyle& style = ImGui::GetStyle();
  // The busy line under the picture, its room kept whether or not it shows: the picture keeps
  // its size (and its fit) when a run starts and ends.
  const float busy_height = ImGui::GetTextLineHeightWithSpacing();
  const ImVec2 room = ImGui::GetContentRegionAvail();
  const float top = ImGui::GetCursorPosY();
  const bool sideways_phone = app.layout == LayoutKind::kPhone && room.x > room.y;
  const bool sheet_open = app.sheet != Sheet::kNone;

  if (sideways_phone) {
    // Picture | sheet | bar, side by side.
    const float bar_width = kSideBarWidth;
    const float body_width = room.x - bar_width - style.ItemSpacing.x;
    const float sheet_width = sheet_open ? std::floor(body_width * 0.5f) : 0.0f;
    const float picture_width = body_width - (sheet_open ? sheet_width + style.ItemSpacing.x : 0);
    ImGui::BeginGroup();
    draw_picture(app, ImVec2(picture_width, room.y - busy_height), canvas, gallery);
    draw_busy_line(app);
    ImGui::EndGroup();
    if (sheet_open) {
      ImGui::SameLine();
      draw_sheet(app, ImVec2(sheet_width, room.y), gallery, hint_panel);
    }
    ImGui::SameLine();
    ImGui::BeginChild("bar", ImVec2(bar_width, room.y), false, ImGuiWindowFlags_NoScrollbar);
    draw_bar(app, true);
    ImGui::EndChild();
  } else {
    // A phone held upright: picture, sheet, bar top to bottom. A tablet: the sheet beside the
    // picture, over the bar.
    const float bar_height = kBarButtonHeight + style.ItemSpacing.y;
    const float body_height = room.y - bar_height;
    const bool tablet = app.layout == LayoutKind::kTablet;
    ImVec2 picture(room.x, body_height - busy_height);
    ImVec2 sheet(room.x, 0.0f);
    if (sheet_open && tablet) {
      sheet = ImVec2(std::min(kTabletSheetWidth, std::floor(room.x * 0.45f)), body_height);
      picture.x = room.x - sheet.x - style.ItemSpacing.x;
    } else if (sheet_open) {
      sheet.y = std::floor(body_height * 0.5f);
      picture.y = body_height - busy_height - sheet.y - style.ItemSpacing.y;
    }
    ImGui::BeginGroup();
    draw_picture(app, picture, canvas, gallery);
    draw_busy_line(app);
    ImGui::EndGroup();
    if (sheet_open) {
      if (tablet) {
        ImGui::SameLine();
      } else {
        ImGui::SetCursorPosY(top + picture.y + busy_height + style.ItemSpacing.y);
      }
      draw_sheet(app, sheet, gallery, hint_panel);
    }
    ImGui::SetCursorPosY(ImGui::GetWindowContentRegionMax().y - kBarButtonHeight);
    draw_bar(app, false);
  }
  ImGui::End();
}

}  // namespace tint::app
