#include "hint_editing.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <utility>

#include "app_actions.hpp"
#include "browser.hpp"
#include "reference_actions.hpp"
#include "tint/hint_links.hpp"

namespace tint::app {
namespace {

bool valid_index(const AppState& app, int index) {
  return index >= 0 && index < static_cast<int>(app.hints.size());
}

// After every change: older runs are stale, and the network runs with the new hints.
void hints_changed(AppState& app) {
  ++app.hints_serial;
  HintEditor& editor = app.hint_editor;
  if (!valid_index(app, editor.selected)) editor.selected = -1;
  const ModelEntry* model = selected_model(app);
  if (model != nullptr && model->card.takes_hints) request_colorize(app);
}

// An undo step returning to the hints as they are now; a new change forgets what was undone.
void record_undo_step(AppState& app) {
  HintEditor& editor = app.hint_editor;
  editor.undo.push_back(app.hints);
  if (editor.undo.size() > kMaxHintUndo) editor.undo.erase(editor.undo.begin());
  editor.redo.clear();
}

Rgb8 colour_at(const Image8& image, int x, int y) {
  const std::uint8_t* pixel = image.pixel(x, y);
  if (image.channels() >= 3) return {pixel[0], pixel[1], pixel[2]};
  return {pixel[0], pixel[0], pixel[0]};
}

// (x, y) as a whole image pixel, inside the image.
std::pair<double, double> pixel_in_image(const OpenedImage& image, double x, double y) {
  const auto clamp = [](double value, int side) {
    return std::clamp(std::floor(value), 0.0, static_cast<double>(side - 1));
  };
  return {clamp(x, image.original.width()), clamp(y, image.original.height())};
}

const char* kRefused = "Could not set the colour hints (the previous ones stay): ";

// Why hints cannot be set now ("" when they can), for refusals of files and links.
std::string why_hints_refused(const AppState& app) {
  if (!app.image) return "no image is open; open one first";
  const ModelEntry* model = selected_model(app);
  if (model == nullptr) return "no model is ready yet";
  if (!model->card.takes_hints)
    return "the model " + model->card.name +
           " takes no hints (its card says so); choose a model that takes colour hints";
  return "";
}

}  // namespace

bool hint_tools_available(const AppState& app) { return why_no_hint_tools(app).empty(); }

std::string why_no_hint_tools(const AppState& app) {
  const ModelEntry* model = selected_model(app);
  if (model == nullptr) return "Colour hints need a model; none is ready yet.";
  if (!model->card.takes_hints)
    return "The model " + model->card.name +
           " takes no colour hints (its card says so). Choose a model that does, such as one of "
           "tint's photo preset, to say which colour a spot should be.";
  if (!app.image) return "Open an image, then click on it to place a colour hint.";
  return "";
}

int add_hint(AppState& app, double x, double y) {
  if (!app.image || !hint_tools_available(app)) return -1;
  const OpenedImage& image = *app.image;
  if (!(x >= 0 && y >= 0 && x < image.original.width() && y < image.original.height())) return -1;
  if (app.hints.size() >= kMaxHints) {
    add_message(app, true,
                "Could not add a colour hint: an image takes at most " + std::to_string(kMaxHints) +
                    " hints");
    return -1;
  }
  const auto [px, py] = pixel_in_image(image, x, y);
  const int ix = static_cast<int>(px), iy = static_cast<int>(py);
  const Image8& shown = app.colorized ? *app.colorized : image.gray;
  record_undo_step(app);
  app.hints.push_back({px, py, colour_at(shown, ix, iy)});
  app.hint_editor.selected = static_cast<int>(app.hints.size()) - 1;
  hints_changed(app);
  return app.hint_editor.selected;
}

void begin_hint_change(AppState& app) { record_undo_step(app); }

void move_hint(AppState& app, int index, double x, double y) {
  if (!valid_index(app, index) || !app.image) return;
  const auto [px, py] = pixel_in_image(*app.image, x, y);
  ColourHint& hint = app.hints[static_cast<std::size_t>(index)];
  if (hint.x == px && hint.y == py) return;
  hint.x = px;
  hint.y = py;
  app.hint_editor.moved_ms = now_ms();
  hints_changed(app);
}

void set_hint_colour(AppState& app, int index, Rgb8 colour, bool undoable) {
  if (!valid_index(app, index)) return;
  ColourHint& hint = app.hints[static_cast<std::size_t>(index)];
  if (hint.rgb == colour) return;
  if (undoable) record_undo_step(app);
  hint.rgb = colour;
  hints_changed(app);
}

void remember_colour(AppState& app, Rgb8 colour) {
  std::vector<Rgb8>& recent = app.hint_editor.recent_colours;
  recent.erase(std::remove(recent.begin(), recent.end(), colour), recent.end());
  recent.insert(recent.begin(), colour);
  if (recent.size() > kRecentColours) recent.resize(kRecentColours);
}

void remove_hint(AppState& app, int index) {
  if (!valid_index(app, index)) return;
  record_undo_step(app);
  app.hints.erase(app.hints.begin() + index);
  HintEditor& editor = app.hint_editor;
  if (editor.selected == index)
    editor.selected = -1;
  else if (editor.selected > index)
    --editor.selected;
  hints_changed(app);
}

void select_hint(AppState& app, int index) {
  app.hint_editor.selected = valid_index(app, index) ? index : -1;
}

void clear_hints(AppState& app) {
  if (app.hints.empty()) return;
  record_undo_step(app);
  app.hints.clear();
  hints_changed(app);
  add_message(app, false, "Colour hints cleared");
}

void undo_hints(AppState& app) {
  HintEditor& editor = app.hint_editor;
  if (editor.undo.empty()) return;
  editor.redo.push_back(std::move(app.hints));
  app.hints = std::move(editor.undo.back());
  editor.undo.pop_back();
  hints_changed(app);
}

void redo_hints(AppState& app) {
  HintEditor& editor = app.hint_editor;
  if (editor.redo.empty()) return;
  editor.undo.push_back(std::move(app.hints));
  app.hints = std::move(editor.redo.back());
  editor.redo.pop_back();
  hints_changed(app);
}

void replace_hints(AppState& app, std::vector<ColourHint> hints) {
  if (hints == app.hints) return;
  record_undo_step(app);
  app.hints = std::move(hints);
  app.hint_editor.selected = -1;
  hints_changed(app);
}

bool set_hints(AppState& app, const std::string& json_text, const std::string& where) {
  if (const std::string refused = why_hints_refused(app); !refused.empty()) {
    add_message(app, true, kRefused + refused);
    return false;
  }
  std::vector<ColourHint> hints;
  std::string reference;
  try {
    hints =
        parse_hints(json_text, where, app.image->original.width(), app.image->original.height());
    reference = hints_reference(json_text, where);
  } catch (const Error& e) {
    add_message(app, true, kRefused + std::string(e.what()));
    return false;
  } catch (const std::bad_alloc&) {
    add_message(app, true, std::string(kRefused) + "not enough memory");
    return false;
  }
  record_undo_step(app);
  app.hints = std::move(hints);
  app.hint_editor.selected = -1;
  hints_changed(app);
  if (!reference.empty()) note_hints_reference(app, reference);
  add_message(app, false,
              std::to_string(app.hints.size()) + " colour hint" +
                  (app.hints.size() == 1 ? "" : "s") + " on " + app.image->name);
  return true;
}

void open_hints_file(AppState& app, ImageFile file) {
  if (app.image_to_open) {
    app.hint_editor.file_waiting_for_image = std::move(file);
    return;
  }
  const std::string text(file.bytes.begin(), file.bytes.end());
  set_hints(app, text, file.name);
}

void open_waiting_hints_file(AppState& app) {
  std::optional<ImageFile> file = std::move(app.hint_editor.file_waiting_for_image);
  app.hint_editor.file_waiting_for_image.reset();
  if (file) open_hints_file(app, std::move(*file));
}

std::string hints_file_of(const AppState& app) {
  const bool from_reference = app.reference && app.reference->image_serial == app.image_serial;
  return hints_file_text(app.hints, from_reference ? app.reference->name : "");
}

void save_hints_file(AppState& app) {
  if (!app.image || app.hints.empty()) {
    add_message(app, true, "No colour hints to save: click on the image to place some first");
    return;
  }
  const std::string text = hints_file_of(app);
  download_file(std::vector<std::uint8_t>(text.begin(), text.end()),
                file_stem(app.image->name) + "-hints.json", "application/json");
}

void set_link_hints(AppState& app, const std::string& link_text) {
  if (link_text.empty() && app.hints.empty()) return;
  if (const std::string refused = why_hints_refused(app); !refused.empty()) {
    add_message(app, true, "The link's colour hints were not applied: " + refused);
    return;
  }
  const LinkHints read =
      hints_from_link_text(link_text, app.image->original.width(), app.image->original.height());
  for (const std::string& problem : read.problems)
    add_message(app, true, "The link's " + problem + "; it was dropped, the other hints applied");
  if (read.hints == app.hints) return;
  record_undo_step(app);
  app.hints = read.hints;
  app.hint_editor.selected = -1;
  hints_changed(app);
}

}  // namespace tint::app
