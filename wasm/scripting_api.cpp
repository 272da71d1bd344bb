// The page's scripting interface (window.tint in web/app.js): the app's status as JSON and the
// actions a user takes in the UI, for automation, the browser tests and the benchmark.
#include <emscripten.h>
#include <emscripten/heap.h>
#include <malloc.h>

#include <string>
#include <utility>

#include "app_actions.hpp"
#include "batch.hpp"
#include "drawn_controls.hpp"
#include "examples.hpp"
#include "hint_editing.hpp"
#include "model_panel.hpp"
#include "page_link.hpp"
#include "reference_actions.hpp"
#include "tint/json.hpp"

namespace {

using tint::Json;
using tint::app::AppState;

// A switch, not a table: a new sheet without a name is a compiler warning.
const char* sheet_name(tint::app::Sheet sheet) {
  switch (sheet) {
    case tint::app::Sheet::kNone:
      return "";
    case tint::app::Sheet::kHints:
      return "hints";
    case tint::app::Sheet::kModel:
      return "model";
    case tint::app::Sheet::kView:
      return "view";
    case tint::app::Sheet::kBatch:
      return "batch";
  }
  return "";
}

// [left, top, width, height]
Json rect_json(const tint::app::ScreenRect& rect) {
  Json entry = Json::array();
  for (const float value : {rect.left, rect.top, rect.width, rect.height}) entry.push_back(value);
  return entry;
}

// { state, total, done, failed: [{ name, reason }], cancelled, left, photos_per_minute,
// seconds_left, photos: [{ name, state, result }] }; null without a batch.
Json batch_json(const tint::app::Batch& batch) {
  if (batch.photos.empty()) return nullptr;
  const tint::app::BatchCounts counts = tint::app::count_batch(batch);
  Json status = Json::object();
  status["state"] = tint::app::batch_state(batch);
  status["total"] = counts.total;
  status["done"] = counts.done;
  status["cancelled"] = counts.cancelled;
  status["left"] = counts.left;
  status["photos_per_minute"] = tint::app::batch_photos_per_minute(batch);
  status["seconds_left"] = tint::app::batch_seconds_left(batch);
  // (Built apart: adding a member to an ordered_json object moves the others.)
  Json failed = Json::array(), photos = Json::array();
  for (const tint::app::BatchPhoto& photo : batch.photos) {
    if (photo.state == tint::app::BatchPhoto::State::kFailed)
      failed.push_back({{"name", photo.name}, {"reason", photo.reason}});
    photos.push_back({{"name", photo.name},
                      {"state", tint::app::photo_state_name(photo.state)},
                      {"result", photo.result_name}});
  }
  status["failed"] = std::move(failed);
  status["photos"] = std::move(photos);
  return status;
}

Json status_json(const AppState& app) {
  Json status = Json::object();
  status["busy"] = tint::app::busy_text(app, emscripten_get_now());
  if (app.image) {
    Json& image = status["image"];
    image["name"] = app.image->name;
    image["width"] = app.image->original.width();
    image["height"] = app.image->original.height();
    image["has_colour"] = app.image->has_colour;
    image["hints"] = static_cast<unsigned long long>(app.hints.size());
  }
  const tint::app::HintEditor& editor = app.hint_editor;
  Json& hints = status["hints"];
  hints["tools"] = tint::app::hint_tools_available(app);
  hints["why_no_tools"] = tint::app::why_no_hint_tools(app);
  hints["selected"] = editor.selected;
  hints["show_markers"] = editor.show_markers;
  hints["undo_steps"] = static_cast<unsigned long long>(editor.undo.size());
  hints["redo_steps"] = static_cast<unsigned long long>(editor.redo.size());
  Json& recent = hints["recent_colours"] = Json::array();
  for (const tint::Rgb8& colour : editor.recent_colours) {
    Json rgb = Json::array();
    for (const std::uint8_t channel : colour) rgb.push_back(int{channel});
    recent.push_back(rgb);
  }
  // Where named controls were last drawn ([left, top, width, height] from the canvas' top left).
  Json& controls = status["controls"] = Json::object();
  for (const auto& [name, rect] : app.controls_shown_at) controls[name] = rect_json(rect);
  // Every control of the last frame: { label, rect, visible } ([left, top, width, height] from
  // the canvas' top left; visible is the part its window shows).
  Json& drawn = status["drawn_controls"] = Json::array();
  for (const tint::app::DrawnControl& control : tint::app::controls_of_last_frame()) {
    Json entry = Json::object();
    entry["label"] = control.label;
    entry["rect"] = rect_json(control.rect);
    entry["visible"] = rect_json(control.visible);
    drawn.push_back(entry);
  }
  static const char* const kLayouts[] = {"desktop", "phone", "tablet"};
  status["layout"] = kLayouts[static_cast<int>(app.layout)];
  status["sheet"] = sheet_name(app.sheet);
  status["image_example"] = app.image_example;
  status["batch"] = batch_json(app.batch);
  Json& examples = status["examples"] = Json::array();
  for (const tint::app::Example& example : app.examples) {
    Json entry = Json::object();
    entry["name"] = example.name;
    // Where its button was last drawn (ScreenRect); empty when it is not on screen.
    Json& rect = entry["thumbnail"] = Json::array();
    if (example.shown_at.width > 0)
      for (const float value : {example.shown_at.left, example.shown_at.top, example.shown_at.width,
                                example.shown_at.height})
        rect.push_back(value);
    examples.push_back(entry);
  }
  const tint::app::PageLink link = tint::app::current_link(app);
  Json& link_json = status["link"];
  link_json["model"] = link.model;
  link_json["example"] = link.example;
  link_json["view"] = link.view;
  link_json["hints"] = link.hints;
  Json& models = status["models"] = Json::array();
  for (const tint::app::ModelEntry& entry : app.models) {
    Json model = Json::object();
    model["name"] = entry.card.name;
    model["file"] = entry.file_name;
    model["mode"] = to_string(entry.card.mode);
    model["bundled"] = entry.bundled;
    model["ready"] = entry.status == tint::app::ModelEntry::Status::kReady;
    model["takes_hints"] = entry.card.takes_hints;
    model["working_side"] = entry.card.working_side;
    model["terms"] = entry.card.training.terms;
    models.push_back(model);
  }
  status["selected_model"] = app.selected_model;
  // The selected model's card as the side panel shows it: [label, text] rows.
  Json& card = status["card"] = Json::array();
  if (const tint::app::ModelEntry* selected = tint::app::selected_model(app))
    for (const auto& [label, text] : tint::app::card_rows(*selected)) {
      Json row = Json::array();
      row.push_back(label);
      row.push_back(text);
      card.push_back(row);
    }
  if (app.colorized) {
    Json& colorized = status["colorized"];
    colorized["width"] = app.colorized->width();
    colorized["height"] = app.colorized->height();
    colorized["serial"] = app.colorized_serial;
    // Whether the picture shows the current hints (while a hint is dragged it may lag behind).
    colorized["hints_current"] =
        app.prediction.has_value() && app.prediction->hints_serial == app.hints_serial;
  }
  if (app.prediction) {
    Json& prediction = status["prediction"];
    prediction["channels"] = app.prediction->channels;
    prediction["width"] = app.prediction->width;
    prediction["height"] = app.prediction->height;
  }
  // "Colour like...": null without a reference.
  Json& reference = status["reference"] = nullptr;
  if (app.reference) {
    reference["name"] = app.reference->name;
    reference["strength"] = app.reference->strength;
    reference["hints"] = app.reference->given.size();
    reference["outcome"] = app.reference->outcome;
    reference["match_ms"] = app.reference->match_ms;
  }
  status["reference_wanted"] = app.reference_wanted;
  Json& decode = status["decode"];
  decode["temperature"] = app.decode.temperature;
  Json& palette = decode["palette"] = Json::array();
  for (const tint::Rgb8& colour : app.decode.palette) {
    Json rgb = Json::array();
    for (const std::uint8_t channel : colour) rgb.push_back(int{channel});
    palette.push_back(rgb);
  }
  Json& timings = status["timings"];
  timings["inference_ms"] = app.timings.inference_ms;
  timings["decode_ms"] = app.timings.decode_ms;
  timings["total_ms"] = app.timings.total_ms;
  timings["network_runs"] = app.timings.network_runs;
  timings["decodes"] = app.timings.decodes;
  timings["frames_drawn"] = app.timings.frames_drawn;
  Json& view = status["view"];
  view["mode"] = tint::app::view_name(app.view);
  view["zoom"] = app.transform.zoom;
  view["origin"] = Json::array();
  view["origin"].push_back(app.transform.origin_x);
  view["origin"].push_back(app.transform.origin_y);
  Json& canvas = view["canvas"];
  canvas["left"] = app.transform.canvas_left;
  canvas["top"] = app.transform.canvas_top;
  canvas["width"] = app.transform.canvas_width;
  canvas["height"] = app.transform.canvas_height;
  view["split"] = app.split;
  view["compare_with_original"] = app.compare_with_original;
  status["working_side"] = app.working_side;
  status["runtime"] = app.runtime_description;
  Json& messages = status["messages"] = Json::array();
  for (const tint::app::Message& message : app.messages) {
    Json entry = Json::object();
    entry["error"] = message.is_error;
    entry["text"] = message.text;
    messages.push_back(entry);
  }
  // The memory's size only ever grows; the bytes in use show whether anything leaks.
  status["heap_bytes"] = static_cast<unsigned long long>(emscripten_get_heap_size());
  status["allocated_bytes"] = static_cast<unsigned long long>(mallinfo().uordblks);
  return status;
}

}  // namespace

extern "C" {

// The app's status as JSON text, valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* tint_status_json() {
  static std::string text;
  text = tint::dump_json(status_json(tint::app::the_app()));
  return text.c_str();
}

// The palette model's class per pixel of the last prediction (width x height bytes, at the
// network's output size, see status.prediction); null without a palette prediction. Valid until
// the next call.
EMSCRIPTEN_KEEPALIVE const std::uint8_t* tint_class_map() {
  static tint::Image8 classes;
  const AppState& app = tint::app::the_app();
  const tint::app::ModelEntry* model = tint::app::selected_model(app);
  if (!app.prediction || model == nullptr || model->card.mode != tint::ModelMode::kPalette)
    return nullptr;
  classes = tint::predicted_classes(app.prediction->network_output(), model->card);
  return classes.data();
}

// The last network output (status.prediction: channels x height x width floats, CHW); null
// without a prediction. Valid until the next run.
EMSCRIPTEN_KEEPALIVE const float* tint_prediction_output() {
  const AppState& app = tint::app::the_app();
  return app.prediction ? app.prediction->output.data() : nullptr;
}

EMSCRIPTEN_KEEPALIVE void tint_colorize() { tint::app::request_colorize(tint::app::the_app()); }

EMSCRIPTEN_KEEPALIVE void tint_select_model(int index) {
  tint::app::choose_model(tint::app::the_app(), index);
}

EMSCRIPTEN_KEEPALIVE void tint_open_example(const char* name) {
  AppState& app = tint::app::the_app();
  tint::app::open_example(app, tint::app::find_example(app, name));
}

EMSCRIPTEN_KEEPALIVE void tint_set_temperature(float temperature) {
  tint::app::set_temperature(tint::app::the_app(), temperature);
}

EMSCRIPTEN_KEEPALIVE void tint_set_palette_colour(int index, int red, int green, int blue) {
  const auto channel = [](int value) { return static_cast<std::uint8_t>(value & 0xff); };
  tint::app::set_palette_colour(tint::app::the_app(), index,
                                {channel(red), channel(green), channel(blue)});
}

EMSCRIPTEN_KEEPALIVE void tint_set_working_side(int side) {
  AppState& app = tint::app::the_app();
  if (side < 8 || side > 4096) return;
  app.working_side = side;
  tint::app::request_colorize(app);
}

EMSCRIPTEN_KEEPALIVE void tint_download() { tint::app::download_colorized(tint::app::the_app()); }

// The opened image's colour hints from the hints JSON text ({"hints": [{"x": 120, "y": 64, "rgb":
// [200, 30, 30]}]}, in its pixel coordinates), as opening a hints file sets them; 1 when set, 0
// when refused (with a message).
EMSCRIPTEN_KEEPALIVE int tint_set_hints(const char* json_text) {
  return tint::app::set_hints(tint::app::the_app(), json_text) ? 1 : 0;
}

EMSCRIPTEN_KEEPALIVE void tint_set_reference_strength(float strength) {
  tint::app::set_reference_strength(tint::app::the_app(), strength);
}

EMSCRIPTEN_KEEPALIVE void tint_clear_hints() { tint::app::clear_hints(tint::app::the_app()); }

// The opened image's hints as the hints JSON text, valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* tint_hints_json() {
  static std::string text;
  text = tint::app::hints_file_of(tint::app::the_app());
  return text.c_str();
}

}  // extern "C"
