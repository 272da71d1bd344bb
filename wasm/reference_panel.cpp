#include "reference_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <string>

#include "app_actions.hpp"
#include "browser.hpp"
#include "layout.hpp"
#include "reference_actions.hpp"

namespace tint::app {
namespace {

const ImVec4 kReferenceTextColour(0.75f, 0.75f, 0.78f, 1.0f);
constexpr float kThumbnailSide = 96.0f;

// Whether the selected model can take a reference's colours: as hints, or as its swatches.
bool model_takes_reference(const AppState& app) {
  const ModelEntry* model = selected_model(app);
  return model != nullptr && (model->card.takes_hints || model->card.mode == ModelMode::kPalette);
}

}  // namespace

void ReferencePanel::draw(AppState& app) {
  if (!app.image || !model_takes_reference(app)) return;
  ImGui::TextDisabled("COLOUR LIKE A PHOTO");
  const bool touch = app.layout != LayoutKind::kDesktop;
  if (secondary_button(app, "Colour like...")) {
    app.reference_wanted = true;
    open_file_picker(FileKind::kReference);
  }
  note_control(app, "reference-open");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "Choose a colour photo of the same scene or of the same things: this photo takes its "
        "colours");
  if (app.reference_wanted) {
    same_line_if_room(button_width("Cancel"));
    if (secondary_button(app, "Cancel")) app.reference_wanted = false;
    ImGui::PushStyleColor(ImGuiCol_Text, kReferenceTextColour);
    ImGui::TextWrapped("%s", touch ? "Choose a colour photo, or paste one."
                                   : "Choose, drop or paste a colour photo.");
    ImGui::PopStyleColor();
  }
  if (!app.reference) return;
  ColourReference& reference = *app.reference;
  if (!reference.thumbnail.empty()) {
    if (thumbnail_serial_ != reference.serial) {
      thumbnail_.upload(reference.thumbnail);
      thumbnail_serial_ = reference.serial;
    }
    const float scale = kThumbnailSide / std::max(thumbnail_.width(), thumbnail_.height());
    ImGui::Image(texture_id(thumbnail_.tiles().front().texture),
                 ImVec2(thumbnail_.width() * scale, thumbnail_.height() * scale));
    note_control(app, "reference-thumbnail");
    ImGui::SameLine();
  }
  ImGui::BeginGroup();
  ImGui::TextWrapped("%s", reference.name.c_str());
  if (secondary_button(app, "Forget")) {
    forget_reference(app);
    ImGui::EndGroup();
    return;
  }
  note_control(app, "reference-forget");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Forget the reference; the hints it gave stay as ordinary hints");
  ImGui::EndGroup();
  if (!reference.image.empty() && selected_model(app)->card.takes_hints) {
    if (!ImGui::IsAnyItemActive()) strength_ = reference.strength;
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x - 70.0f, 220.0f));
    ImGui::SliderFloat("Strength", &strength_, 0.0f, 1.0f, "%.2f");
    note_control(app, "reference-strength");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("More hints, and less sure ones, to the right");
    // The hints follow when the slider is let go: each change runs the network.
    if (ImGui::IsItemDeactivatedAfterEdit()) set_reference_strength(app, strength_);
  }
  ImGui::PushStyleColor(ImGuiCol_Text, kReferenceTextColour);
  ImGui::TextWrapped("%s", reference.outcome.c_str());
  ImGui::PopStyleColor();
}

}  // namespace tint::app
