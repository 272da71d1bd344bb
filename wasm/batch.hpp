// Many photos at once: a folder, or several files chosen or dropped together. The page lists them
// (web/batch.js) and reads each file when its turn comes, so that one photo at a time is in memory;
// the app opens it as the current photo, colours it with the current model, temperature and
// working side, encodes it as the single-photo download does (result_file.hpp) a band per frame,
// and hands the file back to the page, which keeps it for the zip. Files that are not photos,
// damaged or too large fail with the reason, and the batch goes on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "app_state.hpp"

namespace tint::app {

// A file joins the batch (the page holds it); returns its index.
int add_batch_photo(AppState& app, std::string name, std::size_t file_bytes);
// The page read the photo's file, or could not.
void on_batch_photo_read(AppState& app, int index, std::vector<std::uint8_t> bytes);
void on_batch_photo_unreadable(AppState& app, int index, const std::string& reason);
// Called by the opening of images (app_actions.cpp): the photo is open as app.image, or could not
// be opened.
void on_batch_photo_opened(AppState& app, int index);
void on_batch_photo_failed(AppState& app, int index, const std::string& reason);

// Once per frame: starts the next photo, checks the current one's colour, encodes it for about
// `budget_ms`.
void advance_batch(AppState& app, double budget_ms);

// Whether the current photo is being encoded (work for the page's thread, no waiting).
bool batch_saving(const Batch& batch);

void pause_batch(AppState& app, bool paused);
// The photos not finished are dropped; the finished ones stay for the zip.
void cancel_batch(AppState& app);
// Forgets the batch and its finished files.
void clear_batch(AppState& app);
// The finished photos as a zip, streamed by the page.
void download_batch(AppState& app);

struct BatchCounts {
  int total = 0, done = 0, failed = 0, cancelled = 0, left = 0;  // left: waiting or under way
};
BatchCounts count_batch(const Batch& batch);
// "running", "paused", "cancelled" (stopped before the end) or "done"; "" without a batch.
const char* batch_state(const Batch& batch);
// Photos a minute over the finished ones, and the seconds the rest will take at that pace; both 0
// before the first photo is finished.
double batch_photos_per_minute(const Batch& batch);
double batch_seconds_left(const Batch& batch);
const char* photo_state_name(BatchPhoto::State state);

}  // namespace tint::app
