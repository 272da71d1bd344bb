#include "batch_panel.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "batch.hpp"
#include "layout.hpp"

namespace tint::app {
namespace {

const ImVec4 kFailedColour(1.0f, 0.45f, 0.4f, 1.0f);
const ImVec4 kDoneColour(0.5f, 0.85f, 0.5f, 1.0f);
constexpr int kListRows = 10;  // the list's height, in rows, before it scrolls

std::string size_text(std::size_t bytes) {
  char text[32];
  if (bytes >= 1'000'000)
    std::snprintf(text, sizeof text, "%.1f MB", static_cast<double>(bytes) / 1e6);
  else
    std::snprintf(text, sizeof text, "%.0f kB", std::ceil(static_cast<double>(bytes) / 1e3));
  return text;
}

std::string duration_text(double seconds) {
  const long long whole = std::llround(seconds);
  if (whole < 60) return std::to_string(whole) + " s";
  const long long minutes = (whole + 30) / 60;
  if (minutes < 60) return std::to_string(minutes) + " min";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

// "12 of 20 photos coloured, 2 failed"; then the pace and the time left, or how it ended.
void draw_progress(const Batch& batch, const BatchCounts& counts) {
  ImGui::Text("%d of %d photos coloured", counts.done, counts.total);
  if (counts.failed > 0) {
    ImGui::SameLine(0.0f, 0.0f);
    ImGui::TextColored(kFailedColour, ", %d failed", counts.failed);
  }
  const int finished = counts.done + counts.failed + counts.cancelled;
  char overlay[32];
  std::snprintf(overlay, sizeof overlay, "%d / %d", finished, counts.total);
  ImGui::ProgressBar(counts.total > 0 ? static_cast<float>(finished) / counts.total : 0.0f,
                     ImVec2(-1.0f, 0.0f), overlay);
  const std::string state = batch_state(batch);
  const double pace = batch_photos_per_minute(batch);
  if (state == "running" || state == "paused") {
    std::string line = state == "paused" ? "Paused" : "";
    if (pace > 0.0) {
      char text[96];
      std::snprintf(text, sizeof text, "%.1f photos a minute, about %s left", pace,
                    duration_text(batch_seconds_left(batch)).c_str());
      line += (line.empty() ? "" : ": ") + std::string(text);
    } else if (line.empty()) {
      line = "Colouring the first photo...";
    }
    ImGui::TextWrapped("%s", line.c_str());
  } else if (state == "cancelled") {
    ImGui::TextWrapped("Cancelled: the finished photos are kept");
  } else {
    ImGui::TextWrapped("Finished in %s", duration_text(batch.finished_photos_ms / 1000.0).c_str());
  }
}

// Why photos failed, in full (the list's column cuts long reasons); the first few.
void draw_failures(const Batch& batch, int failed) {
  constexpr int kShown = 5;
  if (failed == 0) return;
  ImGui::TextDisabled("Not coloured:");
  int shown = 0;
  for (const BatchPhoto& photo : batch.photos) {
    if (photo.state != BatchPhoto::State::kFailed) continue;
    if (shown++ == kShown) {
      ImGui::TextDisabled("and %d more (the list has them)", failed - kShown);
      break;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, kFailedColour);
    // The decoder's reasons start with the file's name already.
    const bool named = photo.reason.rfind(photo.name, 0) == 0;
    ImGui::TextWrapped("%s", (named ? photo.reason : photo.name + ": " + photo.reason).c_str());
    ImGui::PopStyleColor();
  }
}

void draw_buttons(AppState& app, const BatchCounts& counts) {
  Batch& batch = app.batch;
  if (counts.left > 0) {
    const char* pause = batch.paused ? "Resume" : "Pause";
    if (secondary_button(app, pause)) pause_batch(app, !batch.paused);
    same_line_if_room(button_width("Cancel"));
    if (secondary_button(app, "Cancel")) cancel_batch(app);
    same_line_if_room(button_width("Download zip (0000)"));
  }
  ImGui::BeginDisabled(counts.done == 0);
  const std::string download = "Download zip (" + std::to_string(counts.done) + ")";
  if (secondary_button(app, download.c_str())) download_batch(app);
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("The finished photos at full size, in their folders");
  if (counts.left == 0) {
    same_line_if_room(button_width("Clear"));
    if (secondary_button(app, "Clear")) clear_batch(app);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Forget this batch and its photos");
  }
}

// State, size, then the name with its folders, which may run on past the panel's edge.
void draw_photo_row(const BatchPhoto& photo, bool is_current) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  const char* state = photo_state_name(photo.state);
  if (photo.state == BatchPhoto::State::kFailed) {
    ImGui::TextColored(kFailedColour, "%s", state);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", photo.reason.c_str());
  } else if (photo.state == BatchPhoto::State::kDone) {
    ImGui::TextColored(kDoneColour, "%s", state);
  } else if (is_current) {
    ImGui::Text("%s...", state);
  } else {
    ImGui::TextDisabled("%s", state);
  }
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(size_text(photo.file_bytes).c_str());
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(photo.name.c_str());
  if (ImGui::IsItemHovered() && !photo.result_name.empty())
    ImGui::SetTooltip("%s", photo.result_name.c_str());
}

void draw_photo_list(const Batch& batch, bool desktop) {
  const float height = ImGui::GetTextLineHeightWithSpacing() * (kListRows + 1);
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_ScrollY | ImGuiTableFlags_ScrollX |
                                     ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("batch photos", 3, kFlags, ImVec2(0.0f, height))) return;
  ImGui::TableSetupScrollFreeze(0, desktop ? 1 : 0);
  ImGui::TableSetupColumn("State");
  ImGui::TableSetupColumn("Size");
  ImGui::TableSetupColumn("Photo");
  // The headers are controls of a text's height: out of a finger's reach, and the columns say
  // what they are without them.
  if (desktop) ImGui::TableHeadersRow();
  // The photo being coloured comes into view as the batch moves on (two rows of the done above it);
  // between two photos the list stays where the user scrolled it.
  static int scrolled_to = -1;
  if (batch.current >= 0 && batch.current != scrolled_to) {
    const float row_height = ImGui::GetTextLineHeight() + 2.0f * ImGui::GetStyle().CellPadding.y;
    ImGui::SetScrollY(static_cast<float>(std::max(0, batch.current - 2)) * row_height);
    scrolled_to = batch.current;
  }
  // Only the rows in view are drawn: a batch may hold thousands.
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(batch.photos.size()));
  while (clipper.Step())
    for (int row = clipper.DisplayStart; row < clipper.DisplayEnd; ++row)
      draw_photo_row(batch.photos[static_cast<std::size_t>(row)], row == batch.current);
  ImGui::EndTable();
}

}  // namespace

void draw_batch_section(AppState& app) {
  if (app.batch.photos.empty()) return;
  const BatchCounts counts = count_batch(app.batch);
  if (app.layout == LayoutKind::kDesktop) ImGui::TextDisabled("BATCH");  // a sheet has its title
  draw_progress(app.batch, counts);
  draw_buttons(app, counts);
  draw_photo_list(app.batch, app.layout == LayoutKind::kDesktop);
  draw_failures(app.batch, counts.failed);
}

}  // namespace tint::app
