#include "model_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "app_actions.hpp"
#include "browser.hpp"
#include "layout.hpp"

namespace tint::app {
namespace {

constexpr int kSwatchesPerRow = 6;
constexpr int kMinWorkingSide = 64;
constexpr int kMaxWorkingSide = 1024;

std::string input_size_text(const ModelCard& card) {
  std::string text =
      card.input_size > 0
          ? std::to_string(card.input_size) + " x " + std::to_string(card.input_size)
          : "any size (sides a multiple of " + std::to_string(card.input_multiple) + ")";
  if (card.input_size == 0 && card.working_side > 0)
    text += ", made to run at " + std::to_string(card.working_side) + " px";
  if (card.takes_hints) text += "; takes colour hints";
  return text;
}

std::string mode_text(const ModelCard& card) {
  switch (card.mode) {
    case ModelMode::kPalette:
      return "palette of " + std::to_string(card.palette.size()) + " colours";
    case ModelMode::kAb:
      return "ab regression";
    case ModelMode::kRgb:
      return "RGB regression";
    case ModelMode::kBins313:
      return std::to_string(card.bin_centres.size()) + " ab bins, annealed mean";
  }
  return "";
}

const ImVec4 kTermsColour(1.0f, 0.8f, 0.45f, 1.0f);
constexpr const char* kTermsLabel = "Data terms";

std::string decimal_text(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

std::string metric_text(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.4g", value);
  return text;
}

void draw_model_list(AppState& app) {
  for (int i = 0; i < static_cast<int>(app.models.size()); ++i) {
    const ModelEntry& model = app.models[static_cast<std::size_t>(i)];
    const bool ready = model.status == ModelEntry::Status::kReady;
    std::string label = model.card.name + (model.bundled ? "  (bundled)" : "  (opened)");
    if (model.status == ModelEntry::Status::kLoading) label += "  loading...";
    if (model.status == ModelEntry::Status::kWaiting) label += "  waiting to load...";
    ImGui::PushID(model.session_id);
    // A finger's row is a touch target high; a mouse's a line of text.
    const float row_height = app.layout == LayoutKind::kDesktop ? 0.0f : ImGui::GetFrameHeight();
    if (ImGui::Selectable(label.c_str(), i == app.selected_model,
                          ready ? 0 : ImGuiSelectableFlags_Disabled, ImVec2(0.0f, row_height)))
      choose_model(app, i);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", model.file_name.c_str());
    ImGui::PopID();
  }
  if (app.models.empty()) ImGui::TextWrapped("No model yet: open a .onnx model exported by tint.");
  if (ImGui::Button(app.layout == LayoutKind::kDesktop ? "Open model... (M)" : "Open model..."))
    open_file_picker(FileKind::kModel);
}

void draw_card(const ModelEntry& model) {
  const ModelCard& card = model.card;
  if (!card.description.empty()) ImGui::TextWrapped("%s", card.description.c_str());
  const std::vector<std::pair<std::string, std::string>> rows = card_rows(model);
  if (!ImGui::BeginTable("card", 2)) return;
  // The labels' column as wide as its widest label, the values' the rest: widths that follow the
  // contents (wrapped text) settle over several frames, each one drawn.
  float label_width = 0.0f;
  for (const auto& row : rows)
    label_width = std::max(label_width, ImGui::CalcTextSize(row.first.c_str()).x);
  ImGui::TableSetupColumn("label", ImGuiTableColumnFlags_WidthFixed, label_width);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  for (const auto& [label, value] : rows) {
    // The data's terms limit what the model may be used for: they stand out.
    const bool terms = label == kTermsLabel;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (terms)
      ImGui::TextColored(kTermsColour, "%s", label.c_str());
    else
      ImGui::TextDisabled("%s", label.c_str());
    ImGui::TableNextColumn();
    if (terms) ImGui::PushStyleColor(ImGuiCol_Text, kTermsColour);
    ImGui::TextWrapped("%s", value.c_str());
    if (terms) ImGui::PopStyleColor();
  }
  ImGui::EndTable();
}

void draw_palette_editor(AppState& app) {
  ImGui::TextWrapped("Click a swatch to change its colour; the image recolours at once.");
  for (int i = 0; i < static_cast<int>(app.decode.palette.size()); ++i) {
    const Rgb8 colour = app.decode.palette[static_cast<std::size_t>(i)];
    float rgb[3] = {colour[0] / 255.0f, colour[1] / 255.0f, colour[2] / 255.0f};
    ImGui::PushID(i);
    if (i % kSwatchesPerRow != 0) ImGui::SameLine();
    if (ImGui::ColorEdit3("##swatch", rgb, ImGuiColorEditFlags_NoInputs))
      set_palette_colour(app, i,
                         {static_cast<std::uint8_t>(rgb[0] * 255.0f + 0.5f),
                          static_cast<std::uint8_t>(rgb[1] * 255.0f + 0.5f),
                          static_cast<std::uint8_t>(rgb[2] * 255.0f + 0.5f)});
    ImGui::PopID();
  }
  if (ImGui::Button("Reset palette")) reset_decode_settings(app);
}

void draw_temperature(AppState& app, const ModelCard& card) {
  float temperature = app.decode.temperature;
  const ImGuiStyle& style = ImGui::GetStyle();
  const float reset_width = ImGui::CalcTextSize("Reset").x + 2 * style.FramePadding.x;
  ImGui::SetNextItemWidth(-(ImGui::CalcTextSize("Temperature").x + reset_width +
                            style.ItemInnerSpacing.x + style.ItemSpacing.x));
  if (ImGui::SliderFloat("Temperature", &temperature, 0.01f, 1.0f, "%.2f",
                         ImGuiSliderFlags_Logarithmic))
    set_temperature(app, temperature);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Annealed mean: low values give vivid colours, 1 the plain mean (card: %.2f)",
                      card.temperature);
  ImGui::SameLine();
  if (secondary_button(app, "Reset")) set_temperature(app, card.temperature);
}

void draw_working_side(AppState& app, const ModelCard& card) {
  // The slider, then its label, within the panel (or sheet) whatever the font.
  const float label_width =
      app.layout == LayoutKind::kDesktop
          ? 110.0f
          : ImGui::CalcTextSize("Network side").x + ImGui::GetStyle().ItemInnerSpacing.x;
  ImGui::SetNextItemWidth(-label_width);
  ImGui::SliderInt("Network side", &app.working_side, kMinWorkingSide, kMaxWorkingSide, "%d px");
  if (ImGui::IsItemDeactivatedAfterEdit()) request_colorize(app);
  const int model_side = card.working_side > 0 ? card.working_side : kDefaultWorkingSide;
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "The network runs at most at this side; its colour is upsampled onto the full-size "
        "image (%s: %d px)",
        card.working_side > 0 ? "the model's own" : "default", model_side);
}

}  // namespace

std::vector<std::pair<std::string, std::string>> card_rows(const ModelEntry& model) {
  const ModelCard& card = model.card;
  std::vector<std::pair<std::string, std::string>> rows;
  const auto row = [&rows](std::string label, std::string value) {
    rows.emplace_back(std::move(label), std::move(value));
  };
  row("File", model.file_name + " (" + decimal_text(model.file_bytes / 1e6, 1) + " MB" + ")");
  row("Predicts", mode_text(card));
  row("Input", input_size_text(card));
  row("Parameters", std::to_string(card.parameters));
  if (!card.training.preset.empty()) row("Preset", card.training.preset);
  if (!card.training.data.empty()) row("Data", card.training.data);
  if (!card.training.terms.empty()) row(kTermsLabel, card.training.terms);
  if (card.training.epochs > 0) row("Epochs", std::to_string(card.training.epochs));
  if (!card.training.machine.empty()) row("Machine", card.training.machine);
  if (card.training.duration_seconds > 0)
    row("Training", decimal_text(card.training.duration_seconds / 60, 1) + " min");
  for (const auto& [name, value] : card.metrics) {
    std::string text = metric_text(value);
    const auto baseline = card.baseline_metrics.find(name);
    if (baseline != card.baseline_metrics.end())
      text += "  (gray: " + metric_text(baseline->second) + ")";
    row(name, text);
  }
  if (!card.created.empty()) row("Created", card.created);
  if (!card.producer.empty()) row("Producer", card.producer);
  return rows;
}

void draw_model_list_section(AppState& app) {
  ImGui::TextDisabled("MODELS");
  draw_model_list(app);
}

void draw_model_details(AppState& app) {
  const ModelEntry* model = selected_model(app);
  if (model == nullptr) return;
  ImGui::Text("%s", model->card.name.c_str());
  draw_card(*model);
  ImGui::Separator();
  if (model->card.input_size == 0) draw_working_side(app, model->card);
  if (model->card.mode == ModelMode::kPalette) draw_palette_editor(app);
  if (model->card.mode == ModelMode::kBins313) draw_temperature(app, model->card);
}

}  // namespace tint::app
