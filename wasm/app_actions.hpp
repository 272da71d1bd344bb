// Everything that changes the app's state: opening files, models, colorizing, re-decoding,
// downloading. The UI and the JavaScript callbacks call these; none of them draws anything.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

// The one app state of the page (the JavaScript entry points have no other way to reach it).
AppState& the_app();

void add_message(AppState& app, bool is_error, std::string text);

// A file name without its extension, for the names of downloads ("kodim03.png" -> "kodim03").
std::string file_stem(const std::string& name);

// A file from the picker, a drop, a paste or the bundled model list: .onnx files are models,
// .json files colour hints (hint_editing.hpp), everything else is tried as an image: one of up to a
// million pixels opens at once, a larger one in the frame after "Opening ..." shows. Bad files
// leave the app as it was, with a message.
void open_file(AppState& app, std::vector<std::uint8_t> bytes, const std::string& name,
               bool bundled);
// An image file (from the user, or a batch's photo `batch_photo`): opened at once when small, a
// band per frame otherwise.
void open_image_file(AppState& app, ImageFile file, int batch_photo = -1);
void open_model_file(AppState& app, std::vector<std::uint8_t> bytes, const std::string& name,
                     bool bundled);
// The page handed over a batch of files (an image dropped with its hints file): a small image's
// run starts now, with its hints, rather than in the next frame.
void on_files_opened(AppState& app);

// Asks ONNX Runtime for the next waiting bundled model's session (ModelEntry::Status::kWaiting)
// once no session is loading and nothing is opening, running or decoding; the model a link names
// first. Called once per frame.
void load_next_bundled_model(AppState& app);
// ONNX Runtime finished creating a session (error empty on success).
void on_session_ready(AppState& app, int session_id, const std::string& error);

const ModelEntry* selected_model(const AppState& app);
void select_model(AppState& app, int index);
// The user's choice of model: also drops a model that a link is still waiting for.
void choose_model(AppState& app, int index);

// Runs the selected model on the image (after a run in progress; and, where the network blocks
// the page's thread, once a dragged hint rests).
void request_colorize(AppState& app);
bool can_colorize(const AppState& app);
// Where ONNX Runtime writes `count` output floats of run `run_id`; null for a stale run.
float* output_buffer(AppState& app, int run_id, int count);
// A run finished: its output is in the buffer (error empty on success).
void on_run_finished(AppState& app, int run_id, int channels, int height, int width,
                     double inference_ms, const std::string& error);

// Decoding of the cached network output with the current settings: no network run.
void set_temperature(AppState& app, float temperature);
void set_palette_colour(AppState& app, int index, Rgb8 colour);
void reset_decode_settings(AppState& app);
// Called once per frame: before drawing, does the blocking work that the previous frame announced
// (opening an image; or starting a run and decoding the last one); after drawing, marks what is
// left as announced.
void run_announced_work(AppState& app);
void announce_work(AppState& app);

// The colorized photo at full size, as the file result_file.hpp names: JPEG for a JPEG, PNG
// otherwise; the share sheet on a phone or tablet.
void download_colorized(AppState& app);

// What the app is busy with ("Reading ..." and "Saving ..." for a batch's photo, "Opening ...",
// "Colorizing ...", "Decoding ...", "Loading model ...", "Downloading ..."), or "" when idle.
std::string busy_text(const AppState& app, double now_ms);
// Whether an image is opening, a run or decode is requested or under way, or a model is
// downloading, loading or waiting to load: what busy_text names.
bool work_under_way(const AppState& app);

}  // namespace tint::app
