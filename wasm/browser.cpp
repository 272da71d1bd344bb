#include "browser.hpp"

#include <emscripten.h>
#include <emscripten/html5.h>

#include <cstdlib>
#include <utility>

#include "app_actions.hpp"
#include "examples.hpp"
#include "page_link.hpp"
#include "reference_actions.hpp"

// EM_JS bodies are JavaScript, not for clang-format.
// clang-format off
EM_JS(void, js_open_file_picker, (int kind), {
  Module.page.openFilePicker(["image", "model", "hints", "folder", "reference"][kind]);
});
EM_JS(void, js_download,
      (const std::uint8_t* bytes, std::size_t size, const char* file_name, const char* mime_type), {
        Module.page.download(HEAPU8.slice(bytes, bytes + size), UTF8ToString(file_name),
                             UTF8ToString(mime_type));
      });
EM_JS(void, js_share,
      (const std::uint8_t* bytes, std::size_t size, const char* file_name, const char* mime_type), {
        Module.page.share(HEAPU8.slice(bytes, bytes + size), UTF8ToString(file_name),
                          UTF8ToString(mime_type));
      });
EM_JS(int, js_viewport_width, (), { return window.innerWidth; });
EM_JS(int, js_viewport_height, (), { return window.innerHeight; });
EM_JS(void, js_show_startup_failure, (const char* text), {
  Module.page.showStartupFailure(UTF8ToString(text));
});
EM_JS(void, js_show_link,
      (const char* model, const char* example, const char* view, const char* hints), {
        Module.page.showLink(UTF8ToString(model), UTF8ToString(example), UTF8ToString(view),
                             UTF8ToString(hints));
      });
// clang-format on

namespace tint::app {

void open_file_picker(FileKind kind) { js_open_file_picker(static_cast<int>(kind)); }

void download_file(const std::vector<std::uint8_t>& bytes, const std::string& file_name,
                   const std::string& mime_type) {
  js_download(bytes.data(), bytes.size(), file_name.c_str(), mime_type.c_str());
}

void share_file(const std::vector<std::uint8_t>& bytes, const std::string& file_name,
                const std::string& mime_type) {
  js_share(bytes.data(), bytes.size(), file_name.c_str(), mime_type.c_str());
}

CanvasSize canvas_layout_size() {
  double width = 0.0, height = 0.0;
  emscripten_get_element_css_size("#canvas", &width, &height);
  return {static_cast<int>(width), static_cast<int>(height)};
}

CanvasSize viewport_size() { return {js_viewport_width(), js_viewport_height()}; }

void set_canvas_buffer_size(CanvasSize size) {
  int width = 0, height = 0;
  emscripten_get_canvas_element_size("#canvas", &width, &height);
  if (width != size.width || height != size.height)
    emscripten_set_canvas_element_size("#canvas", size.width, size.height);
}

double now_ms() { return emscripten_get_now(); }

void show_link(const PageLink& link) {
  js_show_link(link.model.c_str(), link.example.c_str(), link.view.c_str(), link.hints.c_str());
}

void show_startup_failure(const std::string& text) { js_show_startup_failure(text.c_str()); }

}  // namespace tint::app

extern "C" {

// A file for the app (picker, drop, paste, bundled model). `bytes` was allocated by the page with
// malloc and is freed here.
EMSCRIPTEN_KEEPALIVE void tint_open_file(std::uint8_t* bytes, std::size_t size, const char* name,
                                         int bundled) {
  std::vector<std::uint8_t> contents(bytes, bytes + size);
  std::free(bytes);
  tint::app::open_file(tint::app::the_app(), std::move(contents), name, bundled != 0);
}

// A colour photo to colour the opened image like ("Colour like..."); `bytes` was allocated by the
// page with malloc and is freed here.
EMSCRIPTEN_KEEPALIVE void tint_open_reference(std::uint8_t* bytes, std::size_t size,
                                              const char* name) {
  tint::app::ImageFile file;
  file.bytes.assign(bytes, bytes + size);
  std::free(bytes);
  file.name = name;
  tint::app::open_reference(tint::app::the_app(), std::move(file));
}

// Whether the next photo dropped or pasted is the reference "Colour like..." asked for.
EMSCRIPTEN_KEEPALIVE int tint_wants_reference() { return tint::app::the_app().reference_wanted; }

// The page handed over a batch of files with tint_open_file (see on_files_opened).
EMSCRIPTEN_KEEPALIVE void tint_files_opened() { tint::app::on_files_opened(tint::app::the_app()); }

// An example photo of the page (site.json); `bytes` was allocated by the page with malloc and is
// freed here.
EMSCRIPTEN_KEEPALIVE void tint_add_example(std::uint8_t* bytes, std::size_t size,
                                           const char* name) {
  std::vector<std::uint8_t> contents(bytes, bytes + size);
  std::free(bytes);
  tint::app::add_example(tint::app::the_app(), std::move(contents), name);
}

// How many of the page's bundled models (site.json) are still downloading.
EMSCRIPTEN_KEEPALIVE void tint_set_models_downloading(int count) {
  tint::app::the_app().models_downloading = count;
}

// A link from the page's URL hash (page_link.hpp); empty strings for parts it does not name.
EMSCRIPTEN_KEEPALIVE void tint_follow_link(const char* model, const char* example, const char* view,
                                           const char* hints) {
  tint::app::follow_link(tint::app::the_app(), {model, example, view, hints});
}

// A model or example of the page that could not be fetched (page_link.hpp).
EMSCRIPTEN_KEEPALIVE void tint_drop_from_link(const char* name) {
  tint::app::drop_from_link(tint::app::the_app(), name);
}

// An error the page met on the app's behalf (a file that could not be read, a bundled model that
// could not be fetched).
EMSCRIPTEN_KEEPALIVE void tint_report_error(const char* text) {
  tint::app::add_message(tint::app::the_app(), true, text);
}

}  // extern "C"
