#include "app_actions.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <new>
#include <utility>

#include "batch.hpp"
#include "browser.hpp"
#include "hint_editing.hpp"
#include "ort_bridge.hpp"
#include "page_link.hpp"
#include "reference_actions.hpp"
#include "result_file.hpp"
#include "tint/ab_bins.hpp"
#include "tint/colorization_model.hpp"
#include "tint/compose.hpp"
#include "tint/image_io.hpp"

namespace tint::app {
namespace {

constexpr std::size_t kMaxMessages = 50;
// A large result uploads to WebGL over several frames (canvas_view.cpp).
bool result_not_shown_yet(const AppState& app) {
  return app.colorized && app.colorized_serial_shown != app.colorized_serial;
}

bool works_at_once(const OpenedImage& image) {
  return image.original.pixel_count() <= kImmediateWorkPixels;
}
constexpr const char* kOutOfMemory =
    "Not enough memory for this image at this network side: try a smaller image or network side";

bool has_extension(const std::string& name, const std::string& extension) {
  if (name.size() < extension.size()) return false;
  return std::equal(extension.rbegin(), extension.rend(), name.rbegin(), [](char a, char b) {
    return a == std::tolower(static_cast<unsigned char>(b));
  });
}

ModelEntry* find_model(AppState& app, int session_id) {
  for (ModelEntry& model : app.models)
    if (model.session_id == session_id) return &model;
  return nullptr;
}

// A run would block the page's thread while the user drags a hint: it waits until the hint rests
// for kDragRestMs (the network runs alongside the drag where it has a worker of its own).
constexpr double kDragRestMs = 150.0;

bool can_start_run(const AppState& app) {
  if (!app.colorize_requested || app.pending_run) return false;
  const HintEditor& editor = app.hint_editor;
  return app.network_in_worker || !editor.dragging || now_ms() - editor.moved_ms >= kDragRestMs;
}

void start_run(AppState& app) {
  app.colorize_requested = false;
  const ModelEntry* model = selected_model(app);
  if (model == nullptr || !app.image) return;
  try {
    const OpenedImage& image = *app.image;
    const InputSize size = model_input_size(model->card, image.original.width(),
                                            image.original.height(), app.working_side);
    // A model that takes no hints runs without them; the image keeps them for one that does.
    const std::vector<ColourHint> no_hints;
    const std::vector<float> input = network_input(image.lightness, model->card, size,
                                                   model->card.takes_hints ? app.hints : no_hints);
    PendingRun run;
    run.run_id = app.next_run_id++;
    run.session_id = model->session_id;
    run.image_serial = app.image_serial;
    run.hints_serial = app.hints_serial;
    run.started_ms = now_ms();
    app.pending_run = std::move(run);
    run_session(model->session_id, app.pending_run->run_id, input, input_channels(model->card),
                size);
  } catch (const Error& e) {
    app.pending_run.reset();
    add_message(app, true, std::string("Could not colorize: ") + e.what());
  } catch (const std::bad_alloc&) {
    app.pending_run.reset();
    add_message(app, true, kOutOfMemory);
  }
}

// A small image's run starts at once (kImmediateWorkPixels), not in the next frame.
void start_small_run_at_once(AppState& app) {
  if (app.image && works_at_once(*app.image) && can_start_run(app)) start_run(app);
}

void image_opened(AppState& app, OpenedImage image, const ImageFile& file, int batch_photo) {
  const std::string& name = file.name;
  app.image = std::move(image);
  ++app.image_serial;
  app.image_example = file.is_example ? name : "";
  app.hints.clear();  // they and their undo steps were the previous image's
  app.hint_editor.selected = -1;
  app.hint_editor.undo.clear();
  app.hint_editor.redo.clear();
  ++app.hints_serial;
  app.prediction.reset();
  app.composing.reset();
  app.colorized.reset();
  ++app.colorized_serial;
  app.transform.fit_requested = true;
  app.compare_with_original = false;
  if (batch_photo >= 0) {
    // A batch's photo is coloured whatever the Auto setting, and is no news in the messages.
    on_batch_photo_opened(app, batch_photo);
    return;
  }
  add_message(app, false,
              "Opened " + name + " (" + std::to_string(app.image->original.width()) + "x" +
                  std::to_string(app.image->original.height()) + ")");
  if (app.auto_colorize && can_colorize(app)) request_colorize(app);
  apply_reference(app);  // "Colour like..." holds for the next photo too
  open_waiting_hints_file(app);
  follow_pending_link(app);
}

// The page's thread gives opening a large image about this much time per frame: the page still
// answers the user in between.
constexpr double kOpeningMsPerFrame = 40.0;

// Opens app.image_to_open for about `budget_ms`, or completely with an infinite budget; once it is
// open (or cannot be), app.image_to_open is empty.
void continue_opening(AppState& app, double budget_ms) {
  ImageToOpen& to_open = *app.image_to_open;
  const std::string name = to_open.file.name;
  const int batch_photo = to_open.batch_photo;
  // A batch lists why its photo failed, and goes on.
  const auto could_not_open = [&](const std::string& reason) {
    app.image_to_open.reset();
    if (batch_photo >= 0)
      on_batch_photo_failed(app, batch_photo, reason);
    else
      add_message(app, true, "Could not open the image: " + reason);
  };
  try {
    if (!to_open.opening)
      to_open.opening = std::make_unique<ImageOpening>(to_open.file.bytes.data(),
                                                       to_open.file.bytes.size(), name);
    if (!to_open.opening->step(budget_ms)) return;
    OpenedImage image = to_open.opening->take();
    const ImageFile file = std::move(to_open.file);
    app.image_to_open.reset();
    image_opened(app, std::move(image), file, batch_photo);
  } catch (const Error& e) {
    could_not_open(e.what());
  } catch (const std::bad_alloc&) {
    could_not_open(name + ": not enough memory");
  }
}

// The page's thread gives decoding a large image's result about this much time per frame.
constexpr double kComposingMsPerFrame = 40.0;
constexpr int kComposeBandRows = 64;

// Composes app.composing for about `budget_ms` (at least a band), or completely with an infinite
// budget; once done, it is the colorized image.
void continue_composing(AppState& app, double budget_ms) {
  Composition& composition = *app.composing;
  const double start = now_ms();
  const int height = composition.rgb.height();
  try {
    do {
      const int rows = std::min(kComposeBandRows, height - composition.next_row);
      compose_lab_rows(app.image->lightness, composition.ab_rows, composition.rgb,
                       composition.next_row, rows);
      composition.next_row += rows;
    } while (composition.next_row < height && now_ms() - start < budget_ms);
  } catch (const Error& e) {
    app.composing.reset();
    add_message(app, true, std::string("Could not decode the model's output: ") + e.what());
    return;
  } catch (const std::bad_alloc&) {
    app.composing.reset();
    add_message(app, true, kOutOfMemory);
    return;
  }
  const double end = now_ms();
  composition.work_ms += end - start;
  if (composition.next_row < height) return;
  app.colorized = std::move(composition.rgb);
  app.timings.decode_ms = composition.work_ms;
  app.composing.reset();
  ++app.colorized_serial;
  ++app.timings.decodes;
  if (app.run_started_ms >= 0.0) {
    app.timings.total_ms = end - app.run_started_ms;
    app.run_started_ms = -1.0;
  }
}

// The cached network output with the current settings: its colour at the output's size, then
// composed onto the image's L, at once for a small image and a band per frame for a large one.
void decode_prediction(AppState& app) {
  app.decode_requested = false;
  const ModelEntry* model = selected_model(app);
  if (!app.prediction || !app.image || model == nullptr) return;
  const double start = now_ms();
  try {
    ModelCard card = model->card;
    card.palette = app.decode.palette;
    // The current hints, also when the prediction was made with older ones (a hint being
    // dragged): its colour is held where the hint is now.
    const std::vector<ColourHint> no_hints;
    const ImageF& lightness = app.image->lightness;
    app.composing = std::make_unique<Composition>(
        colorized_ab(lightness, app.prediction->network_output(), card, app.decode.temperature,
                     card.takes_hints ? app.hints : no_hints),
        lightness.width(), lightness.height());
  } catch (const Error& e) {
    add_message(app, true, std::string("Could not decode the model's output: ") + e.what());
    return;
  } catch (const std::bad_alloc&) {
    add_message(app, true, kOutOfMemory);
    return;
  }
  app.composing->work_ms = now_ms() - start;
  continue_composing(app, works_at_once(*app.image) ? std::numeric_limits<double>::infinity()
                                                    : kComposingMsPerFrame);
}

}  // namespace

std::string file_stem(const std::string& name) {
  const std::size_t dot = name.find_last_of('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

AppState& the_app() {
  static AppState app;
  return app;
}

void add_message(AppState& app, bool is_error, std::string text) {
  std::printf("%s%s\n", is_error ? "error: " : "", text.c_str());
  if (is_error) ++app.errors_reported;
  app.messages.push_back({is_error, std::move(text), false});
  if (app.messages.size() > kMaxMessages) app.messages.erase(app.messages.begin());
}

void open_file(AppState& app, std::vector<std::uint8_t> bytes, const std::string& name,
               bool bundled) {
  if (has_extension(name, ".onnx"))
    open_model_file(app, std::move(bytes), name, bundled);
  else if (has_extension(name, ".json"))
    open_hints_file(app, ImageFile{std::move(bytes), name});
  else
    open_image_file(app, ImageFile{std::move(bytes), name, false});
}

void open_image_file(AppState& app, ImageFile file, int batch_photo) {
  app.pending_link.example.clear();  // the user's image, not the example a link asked for
  const auto pixels = stated_pixel_count(file.bytes.data(), file.bytes.size());
  // (It replaces one not opened yet.)
  app.image_to_open = ImageToOpen{std::move(file), nullptr, batch_photo};
  if (pixels && *pixels <= kImmediateWorkPixels)
    continue_opening(app, std::numeric_limits<double>::infinity());
}

void open_model_file(AppState& app, std::vector<std::uint8_t> bytes, const std::string& name,
                     bool bundled) {
  ModelEntry model;
  try {
    model.card = read_colorization_model(bytes.data(), bytes.size(), name);
  } catch (const Error& e) {
    add_message(app, true, std::string("Could not open the model: ") + e.what());
    return;
  }
  // The standard ab bins take tens of milliseconds to derive on first use: derive them while ONNX
  // Runtime loads the model rather than in the first decode.
  if (model.card.mode == ModelMode::kBins313) AbBins::standard();
  model.session_id = app.next_session_id++;
  model.file_name = name;
  model.bundled = bundled;
  model.file_bytes = bytes.size();
  const bool another_bundled_not_ready =
      std::any_of(app.models.begin(), app.models.end(), [](const ModelEntry& other) {
        return other.bundled && other.status != ModelEntry::Status::kReady;
      });
  // A model that the page's link names is the one to show first: it does not wait.
  if (bundled && another_bundled_not_ready && name != app.pending_link.model) {
    model.status = ModelEntry::Status::kWaiting;
    model.bytes_until_loaded = std::move(bytes);
    app.models.push_back(std::move(model));
    return;
  }
  app.models.push_back(std::move(model));
  create_session(app.models.back().session_id, bytes);
}

void load_next_bundled_model(AppState& app) {
  const auto has_status = [](ModelEntry::Status status) {
    return [status](const ModelEntry& model) { return model.status == status; };
  };
  const auto begin = app.models.begin(), end = app.models.end();
  if (std::any_of(begin, end, has_status(ModelEntry::Status::kLoading)) || app.image_to_open ||
      app.colorize_requested || app.pending_run || app.decode_requested || app.composing ||
      result_not_shown_yet(app))
    return;
  // The model a link names first (the link may have come after its model), else in list order.
  auto next = std::find_if(begin, end, [&](const ModelEntry& model) {
    return model.status == ModelEntry::Status::kWaiting &&
           model.file_name == app.pending_link.model;
  });
  if (next == end) next = std::find_if(begin, end, has_status(ModelEntry::Status::kWaiting));
  if (next == end) return;
  next->status = ModelEntry::Status::kLoading;
  create_session(next->session_id, std::exchange(next->bytes_until_loaded, {}));
}

void on_session_ready(AppState& app, int session_id, const std::string& error) {
  ModelEntry* model = find_model(app, session_id);
  if (model == nullptr) return;
  if (!error.empty()) {
    add_message(app, true, "Could not open the model: " + model->file_name + ": " + error);
    drop_from_link(app, model->file_name);
    const int index = static_cast<int>(model - app.models.data());
    app.models.erase(app.models.begin() + index);
    if (app.selected_model > index) --app.selected_model;
    release_session(session_id);
    return;
  }
  model->status = ModelEntry::Status::kReady;
  add_message(app, false, "Model " + model->card.name + " ready (" + model->file_name + ")");
  // The first model becomes the default; a model the user opened is what they want to use now;
  // a model a link named is what the link's sender used.
  const int index = static_cast<int>(model - app.models.data());
  if (!model->bundled)
    choose_model(app, index);
  else if (app.selected_model < 0)
    select_model(app, index);
  follow_pending_link(app);
  start_small_run_at_once(app);
}

void on_files_opened(AppState& app) { start_small_run_at_once(app); }

const ModelEntry* selected_model(const AppState& app) {
  if (app.selected_model < 0 || app.selected_model >= static_cast<int>(app.models.size()))
    return nullptr;
  const ModelEntry& model = app.models[static_cast<std::size_t>(app.selected_model)];
  return model.status == ModelEntry::Status::kReady ? &model : nullptr;
}

void select_model(AppState& app, int index) {
  if (index < 0 || index >= static_cast<int>(app.models.size())) return;
  if (app.models[static_cast<std::size_t>(index)].status != ModelEntry::Status::kReady) return;
  app.selected_model = index;
  app.prediction.reset();
  app.composing.reset();
  const ModelCard& card = app.models[static_cast<std::size_t>(index)].card;
  app.working_side = card.working_side > 0 ? card.working_side : kDefaultWorkingSide;
  reset_decode_settings(app);
  if (app.auto_colorize && can_colorize(app)) request_colorize(app);
  apply_reference(app);  // as hints or, for a palette model, as its swatches
}

void choose_model(AppState& app, int index) {
  app.pending_link.model.clear();
  select_model(app, index);
}

bool can_colorize(const AppState& app) {
  return app.image.has_value() && selected_model(app) != nullptr;
}

void request_colorize(AppState& app) {
  if (can_colorize(app)) app.colorize_requested = true;
}

float* output_buffer(AppState& app, int run_id, int count) {
  if (!app.pending_run || app.pending_run->run_id != run_id || count <= 0) return nullptr;
  try {
    app.pending_run->output.assign(static_cast<std::size_t>(count), 0.0f);
  } catch (const std::bad_alloc&) {
    return nullptr;
  }
  return app.pending_run->output.data();
}

void on_run_finished(AppState& app, int run_id, int channels, int height, int width,
                     double inference_ms, const std::string& error) {
  if (!app.pending_run || app.pending_run->run_id != run_id) return;
  PendingRun run = std::move(*app.pending_run);
  app.pending_run.reset();
  ++app.timings.network_runs;
  const ModelEntry* model = selected_model(app);
  // A run with older hints still shows (while a hint is dragged, each finished run is the
  // freshest picture there is); the run with the latest hints follows, as requested.
  const bool current = model != nullptr && model->session_id == run.session_id &&
                       run.image_serial == app.image_serial;
  if (!error.empty()) {
    add_message(app, true, "The model failed to run: " + error);
  } else if (current) {
    Prediction prediction{
        run.session_id, run.image_serial, run.hints_serial, std::move(run.output), channels, width,
        height};
    try {
      check_network_output(prediction.network_output(), model->card);
      app.prediction = std::move(prediction);
      app.timings.inference_ms = inference_ms;
      app.run_started_ms = run.started_ms;
    } catch (const Error& e) {
      add_message(app, true,
                  "The model's output does not match its card: " + std::string(e.what()));
      return;
    }
    // Larger images show "Decoding..." first.
    if (works_at_once(*app.image))
      decode_prediction(app);
    else
      app.decode_requested = true;
  }
}

void set_temperature(AppState& app, float temperature) {
  if (!(temperature > 0.0f) || !std::isfinite(temperature)) return;
  app.decode.temperature = temperature;
  app.decode_requested = app.prediction.has_value();
}

void set_palette_colour(AppState& app, int index, Rgb8 colour) {
  if (index < 0 || index >= static_cast<int>(app.decode.palette.size())) return;
  app.decode.palette[static_cast<std::size_t>(index)] = colour;
  app.decode_requested = app.prediction.has_value();
}

void reset_decode_settings(AppState& app) {
  const ModelEntry* model = selected_model(app);
  if (model == nullptr) return;
  app.decode.palette = model->card.palette;
  app.decode.temperature = model->card.temperature;
  app.decode_requested = app.prediction.has_value();
}

void run_announced_work(AppState& app) {
  if (!app.work_announced) return;
  app.work_announced = false;
  if (app.image_to_open) {
    continue_opening(app, kOpeningMsPerFrame);
    start_small_run_at_once(app);
    return;
  }
  // Where the network runs off the page's thread (ONNX Runtime's worker, web/ort_glue.js), the
  // next run starts first and the last one decodes while it runs.
  if (can_start_run(app)) start_run(app);
  // A decode asked for meanwhile (a hint dragged on) follows the one under way.
  if (app.composing)
    continue_composing(app, kComposingMsPerFrame);
  else if (app.decode_requested)
    decode_prediction(app);
}

void announce_work(AppState& app) {
  app.work_announced =
      app.image_to_open || app.decode_requested || app.composing || can_start_run(app);
}

void download_colorized(AppState& app) {
  if (!app.colorized || !app.image) {
    add_message(app, true, "Nothing to download yet: open an image and colorize it first");
    return;
  }
  try {
    // On a phone or tablet the photo goes where photos go: the share sheet (Photos, Files...).
    const auto save = app.layout == LayoutKind::kDesktop ? download_file : share_file;
    const ImageFormat format = app.image->file_format;
    // A batch's photo is named with its folders: the download takes the file's own name.
    const std::string& name = app.image->name;
    save(encode_image(*app.colorized, format),
         result_file_name(name.substr(name.find_last_of('/') + 1), format), mime_type(format));
  } catch (const Error& e) {
    add_message(app, true, std::string("Could not save the colorized photo: ") + e.what());
  } catch (const std::bad_alloc&) {
    add_message(app, true, kOutOfMemory);
  }
}

std::string busy_text(const AppState& app, double now) {
  const Batch& batch = app.batch;
  if (batch.current >= 0) {
    const BatchPhoto& photo = batch.photos[static_cast<std::size_t>(batch.current)];
    if (photo.state == BatchPhoto::State::kReading) return "Reading " + photo.name + "...";
    if (photo.state == BatchPhoto::State::kSaving) return "Saving " + photo.name + "...";
  }
  if (app.image_to_open) return "Opening " + app.image_to_open->file.name + "...";
  if (app.pending_run) {
    // Whole seconds, from the first on, counted at the page clock's seconds as the spinner moves
    // (main_window.cpp): a text that changes is a frame to draw, and each drawn frame costs the
    // page's thread tens of milliseconds with software WebGL.
    const auto whole_seconds = [](double ms) { return static_cast<long long>(ms / 1000.0); };
    const long long seconds = whole_seconds(now) - whole_seconds(app.pending_run->started_ms);
    return "Colorizing..." + (seconds >= 1 ? " " + std::to_string(seconds) + " s" : "");
  }
  if (app.decode_requested || app.composing || result_not_shown_yet(app)) return "Decoding...";
  if (app.colorize_requested) return "Colorizing...";
  // The model loading now, else the next one waiting.
  for (const auto status : {ModelEntry::Status::kLoading, ModelEntry::Status::kWaiting})
    for (const ModelEntry& model : app.models)
      if (model.status == status) return "Loading model " + model.file_name + "...";
  if (app.models_downloading > 0) return "Downloading the page's models...";
  return "";
}

// Derived from busy_text, so that the two never disagree.
bool work_under_way(const AppState& app) { return !busy_text(app, now_ms()).empty(); }

}  // namespace tint::app
