#include "batch.hpp"

#include <algorithm>
#include <new>
#include <utility>

#include "app_actions.hpp"
#include "batch_bridge.hpp"
#include "browser.hpp"
#include "result_file.hpp"
#include "tint/error.hpp"

namespace tint::app {
namespace {

using State = BatchPhoto::State;

constexpr int kEncodeBandRows = 32;

bool unfinished(State state) {
  return state == State::kWaiting || state == State::kReading || state == State::kColouring ||
         state == State::kSaving;
}

BatchPhoto* current_photo(AppState& app) {
  Batch& batch = app.batch;
  return batch.current >= 0 ? &batch.photos[static_cast<std::size_t>(batch.current)] : nullptr;
}

void finish_current(AppState& app, State state, std::string reason = {}) {
  Batch& batch = app.batch;
  BatchPhoto& photo = *current_photo(app);
  photo.state = state;
  photo.reason = std::move(reason);
  batch.encoder.reset();
  batch.finished_photos_ms += now_ms() - batch.photo_started_ms;
  ++batch.finished_photos;
  batch.current = -1;
}

// The newest error the app reported since the current photo started, else `otherwise`.
std::string error_since_start(const AppState& app, const std::string& otherwise) {
  if (app.errors_reported == app.batch.errors_before) return otherwise;
  for (auto message = app.messages.rbegin(); message != app.messages.rend(); ++message)
    if (message->is_error) return message->text;
  return otherwise;
}

// Two photos may give one result name ("a.png" and "a.bmp", or the same file twice): the later
// becomes "a-colour (2).png".
std::string unique_result_name(Batch& batch, const std::string& name) {
  if (batch.result_names.insert(name).second) return name;
  const auto [stem, extension] = split_extension(name);
  for (int copy = 2;; ++copy) {
    std::string candidate = stem + " (" + std::to_string(copy) + ")" + extension;
    if (batch.result_names.insert(candidate).second) return candidate;
  }
}

void start_next_photo(AppState& app) {
  Batch& batch = app.batch;
  if (batch.paused || batch.current >= 0) return;
  const auto next =
      std::find_if(batch.photos.begin(), batch.photos.end(),
                   [](const BatchPhoto& photo) { return photo.state == State::kWaiting; });
  if (next == batch.photos.end()) return;
  next->state = State::kReading;
  batch.current = static_cast<int>(next - batch.photos.begin());
  batch.image_serial = 0;
  batch.colour_requested = false;
  batch.errors_before = app.errors_reported;
  batch.photo_started_ms = now_ms();
  read_batch_file(batch.current);
}

// The current photo's colour is in, with nothing left to run or decode for it.
bool colour_ready(const AppState& app) {
  return app.image_serial == app.batch.image_serial && app.colorized && app.prediction &&
         app.prediction->image_serial == app.batch.image_serial && !app.colorize_requested &&
         !app.pending_run && !app.decode_requested && !app.composing;
}

bool colouring_under_way(const AppState& app) {
  return app.image_to_open || app.colorize_requested || app.pending_run || app.decode_requested ||
         app.composing;
}

void request_colour(AppState& app) {
  if (!can_colorize(app)) return;  // no model ready yet: asked again when one is
  request_colorize(app);
  app.batch.colour_requested = true;
}

void save_result(AppState& app) {
  Batch& batch = app.batch;
  BatchPhoto& photo = *current_photo(app);
  std::vector<std::uint8_t> file = batch.encoder->take();
  photo.result_name =
      unique_result_name(batch, result_file_name(photo.name, app.image->file_format));
  photo.result_bytes = file.size();
  keep_batch_result(batch.current, file, photo.result_name);
  finish_current(app, State::kDone);
  start_next_photo(app);
}

void encode(AppState& app, double budget_ms) {
  Batch& batch = app.batch;
  try {
    // A re-decode (the temperature changed meanwhile) replaced the result: encode the new one.
    if (!batch.encoder || batch.colorized_serial != app.colorized_serial) {
      batch.encoder = std::make_unique<ImageEncoder>(*app.colorized, app.image->file_format);
      batch.colorized_serial = app.colorized_serial;
    }
    const double start = now_ms();
    bool complete = false;
    do complete = batch.encoder->encode_rows(kEncodeBandRows);
    while (!complete && now_ms() - start < budget_ms);
    if (complete) save_result(app);
  } catch (const Error& e) {
    finish_current(app, State::kFailed, std::string("could not be saved: ") + e.what());
  } catch (const std::bad_alloc&) {
    finish_current(app, State::kFailed, "could not be saved: not enough memory");
  }
}

}  // namespace

int add_batch_photo(AppState& app, std::string name, std::size_t file_bytes) {
  BatchPhoto photo;
  photo.name = std::move(name);
  photo.file_bytes = file_bytes;
  app.batch.photos.push_back(std::move(photo));
  // On a phone or tablet the batch's sheet shows its progress from the start.
  if (app.layout != LayoutKind::kDesktop && app.batch.photos.size() == 1) app.sheet = Sheet::kBatch;
  return static_cast<int>(app.batch.photos.size()) - 1;
}

void on_batch_photo_read(AppState& app, int index, std::vector<std::uint8_t> bytes) {
  BatchPhoto* photo = current_photo(app);
  // A photo cancelled while the page read it.
  if (photo == nullptr || index != app.batch.current || photo->state != State::kReading) return;
  photo->state = State::kColouring;
  open_image_file(app, ImageFile{std::move(bytes), photo->name, false}, index);
}

void on_batch_photo_unreadable(AppState& app, int index, const std::string& reason) {
  if (index != app.batch.current || current_photo(app)->state != State::kReading) return;
  finish_current(app, State::kFailed, reason);
  start_next_photo(app);
}

// Whether `index` is the photo being coloured: an opening that outlived its photo's batch
// (cancelled, cleared, another batch since) is not.
bool is_colouring(const AppState& app, int index) {
  return index == app.batch.current &&
         app.batch.photos[static_cast<std::size_t>(index)].state == State::kColouring;
}

void on_batch_photo_opened(AppState& app, int index) {
  if (!is_colouring(app, index)) return;
  app.batch.image_serial = app.image_serial;
  request_colour(app);
}

void on_batch_photo_failed(AppState& app, int index, const std::string& reason) {
  if (!is_colouring(app, index)) return;
  finish_current(app, State::kFailed, reason);
  start_next_photo(app);
}

void advance_batch(AppState& app, double budget_ms) {
  Batch& batch = app.batch;
  BatchPhoto* photo = current_photo(app);
  if (photo == nullptr) {
    start_next_photo(app);
    return;
  }
  if (photo->state == State::kColouring) {
    const bool opening = app.image_to_open && app.image_to_open->batch_photo == batch.current;
    if (batch.image_serial == 0 ? !opening : app.image_serial != batch.image_serial) {
      // Another photo (an example a link named) was opened in its place: it goes again.
      photo->state = State::kWaiting;
      batch.current = -1;
      return;
    }
    if (batch.image_serial == 0) return;  // still opening
    if (colour_ready(app)) {
      photo->state = State::kSaving;
    } else if (!colouring_under_way(app)) {
      // Nothing runs for it: an error ends it; otherwise its colour was never asked for, or
      // another model chosen meanwhile (with Auto off) dropped it, and it is asked for again.
      if (!batch.colour_requested || app.errors_reported == batch.errors_before) {
        request_colour(app);
        return;
      }
      finish_current(app, State::kFailed, error_since_start(app, "could not be coloured"));
      start_next_photo(app);
      return;
    }
  }
  if (photo->state != State::kSaving) return;
  if (app.image_serial != batch.image_serial || !app.colorized) {
    // Another photo opened in its place while it was saved: it goes again.
    photo->state = State::kWaiting;
    batch.encoder.reset();
    batch.current = -1;
    return;
  }
  encode(app, budget_ms);
}

bool batch_saving(const Batch& batch) {
  return batch.current >= 0 &&
         batch.photos[static_cast<std::size_t>(batch.current)].state == State::kSaving;
}

void pause_batch(AppState& app, bool paused) { app.batch.paused = paused; }

// The opening of a photo the batch no longer colours is dropped (the app's picture stays).
void drop_batch_opening(AppState& app) {
  if (app.image_to_open && app.image_to_open->batch_photo >= 0) app.image_to_open.reset();
}

void cancel_batch(AppState& app) {
  Batch& batch = app.batch;
  drop_batch_opening(app);
  if (batch.current >= 0) finish_current(app, State::kCancelled);
  for (BatchPhoto& photo : batch.photos)
    if (unfinished(photo.state)) photo.state = State::kCancelled;
  batch.paused = false;
}

void clear_batch(AppState& app) {
  drop_batch_opening(app);
  app.batch = Batch{};
  forget_batch_results();
  if (app.sheet == Sheet::kBatch) app.sheet = Sheet::kNone;
}

void download_batch(AppState& app) {
  if (count_batch(app.batch).done == 0) {
    add_message(app, true, "No photo of the batch is finished yet: nothing to download");
    return;
  }
  download_batch_zip();
}

BatchCounts count_batch(const Batch& batch) {
  BatchCounts counts;
  counts.total = static_cast<int>(batch.photos.size());
  for (const BatchPhoto& photo : batch.photos) {
    if (photo.state == State::kDone) ++counts.done;
    if (photo.state == State::kFailed) ++counts.failed;
    if (photo.state == State::kCancelled) ++counts.cancelled;
    if (unfinished(photo.state)) ++counts.left;
  }
  return counts;
}

const char* batch_state(const Batch& batch) {
  if (batch.photos.empty()) return "";
  const BatchCounts counts = count_batch(batch);
  if (counts.left > 0) return batch.paused ? "paused" : "running";
  return counts.cancelled > 0 ? "cancelled" : "done";
}

double batch_photos_per_minute(const Batch& batch) {
  if (batch.finished_photos == 0 || batch.finished_photos_ms <= 0.0) return 0.0;
  return batch.finished_photos * 60'000.0 / batch.finished_photos_ms;
}

double batch_seconds_left(const Batch& batch) {
  if (batch.finished_photos == 0) return 0.0;
  return count_batch(batch).left * batch.finished_photos_ms / batch.finished_photos / 1000.0;
}

const char* photo_state_name(State state) {
  switch (state) {
    case State::kWaiting:
      return "waiting";
    case State::kReading:
      return "reading";
    case State::kColouring:
      return "colouring";
    case State::kSaving:
      return "saving";
    case State::kDone:
      return "done";
    case State::kFailed:
      return "failed";
    case State::kCancelled:
      return "cancelled";
  }
  return "";
}

}  // namespace tint::app
