// The page around the app (web/app.js): file pickers, downloads, the canvas size and the clock.
// Files come back through the exported tint_open_file (browser.cpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tint::app {

enum class FileKind { kImage, kModel, kHints, kFolder, kReference };

// Opens the browser's file picker; the chosen files arrive through tint_open_file, or join the
// batch (several photos, a folder: batch.hpp).
void open_file_picker(FileKind kind);
void download_file(const std::vector<std::uint8_t>& bytes, const std::string& file_name,
                   const std::string& mime_type);
// The system's share sheet (save to the gallery, send...) where the browser shares files (phones),
// a download otherwise.
void share_file(const std::vector<std::uint8_t>& bytes, const std::string& file_name,
                const std::string& mime_type);

struct CanvasSize {
  int width = 0;
  int height = 0;
};
// The canvas' size as laid out by the page (CSS pixels), which the window follows.
CanvasSize canvas_layout_size();
// The page's viewport (CSS pixels): the layout follows it, as the page's own CSS does.
CanvasSize viewport_size();
// Sets the size of the canvas' drawing buffer (when it differs).
void set_canvas_buffer_size(CanvasSize size);

double now_ms();

struct PageLink;
// Writes the link to the current state into the page's URL hash (page_link.hpp); empty parts are
// left out.
void show_link(const PageLink& link);

// Shows why the app cannot start in place of the page's "Loading" line.
void show_startup_failure(const std::string& text);

}  // namespace tint::app
