#include "hint_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "browser.hpp"
#include "hint_editing.hpp"
#include "layout.hpp"

namespace tint::app {
namespace {

const ImVec4 kHintTextColour(0.75f, 0.75f, 0.78f, 1.0f);

std::uint8_t to_channel(float value) {
  return static_cast<std::uint8_t>(std::clamp(value, 0.0f, 1.0f) * 255.0f + 0.5f);
}

}  // namespace

void HintPanel::draw_colour_editor(AppState& app, int index) {
  const ColourHint& hint = app.hints[static_cast<std::size_t>(index)];
  ImGui::Text("Hint %d at (%.0f, %.0f)", index + 1, hint.x, hint.y);
  float rgb[3] = {hint.rgb[0] / 255.0f, hint.rgb[1] / 255.0f, hint.rgb[2] / 255.0f};
  bool changed = false;
  if (app.layout == LayoutKind::kDesktop) {
    // The swatch opens a picker; the fields take R, G, B or a hex code.
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x - 40.0f, 220.0f));
    changed |= ImGui::ColorEdit3("RGB##hint", rgb,
                                 ImGuiColorEditFlags_DisplayRGB | ImGuiColorEditFlags_PickerHueBar);
  } else {
    // On a phone the picker is in the sheet, as wide as it (its popup would be wider than the
    // screen), with the R, G, B fields under it.
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 320.0f));
    changed |=
        ImGui::ColorPicker3("RGB##hint", rgb,
                            ImGuiColorEditFlags_DisplayRGB | ImGuiColorEditFlags_PickerHueBar |
                                ImGuiColorEditFlags_NoSidePreview | ImGuiColorEditFlags_NoLabel);
  }
  note_control(app, "hint-rgb");
  ImGui::SetNextItemWidth(90.0f);
  changed |= ImGui::ColorEdit3("Hex##hint", rgb,
                               ImGuiColorEditFlags_DisplayHex | ImGuiColorEditFlags_NoPicker |
                                   ImGuiColorEditFlags_NoSmallPreview);
  note_control(app, "hint-hex");
  // Held while any of them (or the picker's popup) is in use.
  const bool held = ImGui::IsAnyItemActive();
  if (changed) {
    // One undo step for a whole edit (a drag across the picker, a typed hex code).
    if (!colour_change_open_ || colour_change_hint_ != index) begin_hint_change(app);
    colour_change_open_ = true;
    colour_change_hint_ = index;
    set_hint_colour(app, index, {to_channel(rgb[0]), to_channel(rgb[1]), to_channel(rgb[2])},
                    false);
  }
  if (!held && colour_change_open_) {
    colour_change_open_ = false;
    if (colour_change_hint_ >= 0 && colour_change_hint_ < static_cast<int>(app.hints.size()))
      remember_colour(app, app.hints[static_cast<std::size_t>(colour_change_hint_)].rgb);
  }

  const std::vector<Rgb8> recent = app.hint_editor.recent_colours;
  if (recent.empty()) return;
  ImGui::TextDisabled("Recent");
  for (std::size_t i = 0; i < recent.size(); ++i) {
    const Rgb8 colour = recent[i];
    ImGui::SameLine();
    ImGui::PushID(static_cast<int>(i));
    if (ImGui::ColorButton(
            "##recent", ImVec4(colour[0] / 255.0f, colour[1] / 255.0f, colour[2] / 255.0f, 1.0f))) {
      set_hint_colour(app, index, colour, true);
      remember_colour(app, colour);
    }
    note_control(app, "hint-recent-" + std::to_string(i));
    ImGui::PopID();
  }
}

void HintPanel::draw(AppState& app) {
  ImGui::TextDisabled("COLOUR HINTS");
  if (const std::string why = why_no_hint_tools(app); !why.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, kHintTextColour);
    ImGui::TextWrapped("%s", why.c_str());
    ImGui::PopStyleColor();
    // A palette model takes a reference's colours as its swatches.
    reference_panel_.draw(app);
    return;
  }
  HintEditor& editor = app.hint_editor;
  const bool touch = app.layout != LayoutKind::kDesktop;
  const bool selected =
      editor.selected >= 0 && editor.selected < static_cast<int>(app.hints.size());
  if (touch && selected) {
    // On a phone the chosen hint's colour comes first: the sheet shows it without scrolling.
    draw_colour_editor(app, editor.selected);
    // Without a right button or a Delete key, a finger removes the chosen hint here.
    if (ImGui::Button("Remove this hint")) remove_hint(app, editor.selected);
    ImGui::Separator();
  }
  ImGui::PushStyleColor(ImGuiCol_Text, kHintTextColour);
  ImGui::TextWrapped("%s",
                     touch ? "Tap the picture to say \"this spot is this colour\"; drag a hint to "
                             "move it; hold a finger on one to choose its colour here."
                           : "Click the picture to say \"this spot is this colour\"; drag a hint "
                             "to move it, right-click it or press Delete to remove it. Ctrl+Z "
                             "undoes, Ctrl+Shift+Z redoes.");
  ImGui::PopStyleColor();
  // On a phone the sheet is short: "Colour like..." comes before the list's tools, in view.
  if (touch) {
    reference_panel_.draw(app);
    ImGui::Separator();
  }
  if (app.hints.empty())
    ImGui::Text("No hints (automatic)");
  else
    ImGui::Text("%zu hint%s", app.hints.size(), app.hints.size() == 1 ? "" : "s");
  // On one line on the desktop; on a phone they wrap.
  const auto next_item = [&](float width) {
    if (touch)
      same_line_if_room(width);
    else
      ImGui::SameLine();
  };
  const auto next_button = [&](const char* label) { next_item(button_width(label)); };
  const char* show_label = touch ? "Show markers" : "Show markers (H)";
  next_item(toggle_width(show_label));
  ImGui::Checkbox(show_label, &editor.show_markers);
  note_control(app, "hint-show");

  ImGui::BeginDisabled(editor.undo.empty());
  if (secondary_button(app, "Undo")) undo_hints(app);
  ImGui::EndDisabled();
  next_button("Redo");
  ImGui::BeginDisabled(editor.redo.empty());
  if (secondary_button(app, "Redo")) redo_hints(app);
  ImGui::EndDisabled();
  next_button("Clear all");
  ImGui::BeginDisabled(app.hints.empty());
  if (secondary_button(app, "Clear all")) clear_hints(app);
  note_control(app, "hint-clear");
  ImGui::EndDisabled();
  next_button("Save...");
  ImGui::BeginDisabled(app.hints.empty());
  if (secondary_button(app, "Save...")) save_hints_file(app);
  note_control(app, "hint-save");
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Download the hints as JSON: open them here with the photo, or give them "
        "to tint colorize --hints");
  ImGui::EndDisabled();
  next_button("Open...");
  if (secondary_button(app, "Open...")) open_file_picker(FileKind::kHints);
  note_control(app, "hint-open");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Open a hints file (JSON) for this image");

  if (selected && !touch)
    draw_colour_editor(app, editor.selected);
  else if (!selected && !app.hints.empty())
    ImGui::TextDisabled(touch ? "Tap a hint to change its colour"
                              : "Click a hint to change its colour");
  if (!touch) {
    ImGui::Spacing();
    reference_panel_.draw(app);
  }
}

}  // namespace tint::app
