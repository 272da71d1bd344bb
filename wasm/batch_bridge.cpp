#include "batch_bridge.hpp"

#include <emscripten.h>

#include <cstdlib>
#include <new>
#include <utility>

#include "app_actions.hpp"
#include "batch.hpp"

// The page's batch object is Module.page.batch (web/batch.js). Bytes are copied out of the heap
// at once.
// EM_JS bodies are JavaScript, not for clang-format.
// clang-format off
EM_JS(void, js_read_batch_file, (int index), { Module.page.batch.read(index); });
EM_JS(void, js_keep_batch_result,
      (int index, const std::uint8_t* bytes, std::size_t size, const char* file_name), {
        Module.page.batch.keep(index, HEAPU8.slice(bytes, bytes + size), UTF8ToString(file_name));
      });
EM_JS(void, js_forget_batch_results, (), { Module.page.batch.forget(); });
EM_JS(void, js_download_batch_zip, (), { Module.page.batch.download(); });
// clang-format on

namespace tint::app {

void read_batch_file(int index) { js_read_batch_file(index); }

void keep_batch_result(int index, const std::vector<std::uint8_t>& bytes,
                       const std::string& file_name) {
  js_keep_batch_result(index, bytes.data(), bytes.size(), file_name.c_str());
}

void forget_batch_results() { js_forget_batch_results(); }

void download_batch_zip() { js_download_batch_zip(); }

}  // namespace tint::app

extern "C" {

// A file joins the batch: its name (with its subfolders) and size. Returns its index.
EMSCRIPTEN_KEEPALIVE int tint_batch_add(const char* name, double file_bytes) {
  return tint::app::add_batch_photo(tint::app::the_app(), name,
                                    static_cast<std::size_t>(file_bytes));
}

// The batch photo's file, as read_batch_file asked: `bytes` was allocated by the page with malloc
// and is freed here.
EMSCRIPTEN_KEEPALIVE void tint_batch_photo_read(int index, std::uint8_t* bytes, std::size_t size) {
  tint::app::AppState& app = tint::app::the_app();
  std::vector<std::uint8_t> contents;
  try {
    contents.assign(bytes, bytes + size);
  } catch (const std::bad_alloc&) {
    std::free(bytes);
    tint::app::on_batch_photo_unreadable(app, index, "not enough memory to open it");
    return;
  }
  std::free(bytes);
  tint::app::on_batch_photo_read(app, index, std::move(contents));
}

EMSCRIPTEN_KEEPALIVE void tint_batch_photo_unreadable(int index, const char* reason) {
  tint::app::on_batch_photo_unreadable(tint::app::the_app(), index, reason);
}

EMSCRIPTEN_KEEPALIVE void tint_batch_pause(int paused) {
  tint::app::pause_batch(tint::app::the_app(), paused != 0);
}

EMSCRIPTEN_KEEPALIVE void tint_batch_cancel() { tint::app::cancel_batch(tint::app::the_app()); }

EMSCRIPTEN_KEEPALIVE void tint_batch_clear() { tint::app::clear_batch(tint::app::the_app()); }

}  // extern "C"
