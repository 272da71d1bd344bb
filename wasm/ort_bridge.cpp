#include "ort_bridge.hpp"

#include <emscripten.h>

#include <string>

#include "app_actions.hpp"
#include "tint/error.hpp"

// The glue object is web/ort_glue.js, handed to the module as Module.ortGlue. Inputs are copied
// out of the heap before the asynchronous work starts, so heap growth cannot invalidate them.
// EM_JS bodies are JavaScript, not for clang-format.
// clang-format off
EM_JS(void, js_create_session, (int session_id, const std::uint8_t* bytes, std::size_t size),
      { Module.ortGlue.createSession(session_id, HEAPU8.slice(bytes, bytes + size)); });
EM_JS(void, js_release_session, (int session_id), { Module.ortGlue.releaseSession(session_id); });
EM_JS(void, js_run_session,
      (int session_id, int run_id, const float* input, int channels, int height, int width),
      {
        const start = input >> 2;
        Module.ortGlue.runSession(session_id, run_id,
                                  HEAPF32.slice(start, start + channels * height * width),
                                  channels, height, width);
      });
// clang-format on

namespace tint::app {

void create_session(int session_id, const std::vector<std::uint8_t>& model_bytes) {
  js_create_session(session_id, model_bytes.data(), model_bytes.size());
}

void release_session(int session_id) { js_release_session(session_id); }

void run_session(int session_id, int run_id, const std::vector<float>& input, int channels,
                 InputSize size) {
  if (channels < 1 ||
      input.size() != std::size_t(channels) * std::size_t(size.width) * std::size_t(size.height))
    fail("run_session", "the input holds " + std::to_string(input.size()) + " values, not " +
                            std::to_string(channels) + " x " + std::to_string(size.height) + " x " +
                            std::to_string(size.width));
  js_run_session(session_id, run_id, input.data(), channels, size.height, size.width);
}

}  // namespace tint::app

// Callbacks from web/ort_glue.js.
extern "C" {

// ONNX Runtime's backend and thread count, shown in the status bar.
EMSCRIPTEN_KEEPALIVE void tint_set_runtime(const char* description, int in_worker) {
  tint::app::the_app().runtime_description = description;
  tint::app::the_app().network_in_worker = in_worker != 0;
}

EMSCRIPTEN_KEEPALIVE void tint_session_ready(int session_id, const char* error) {
  tint::app::on_session_ready(tint::app::the_app(), session_id, error);
}

EMSCRIPTEN_KEEPALIVE float* tint_output_buffer(int run_id, int count) {
  return tint::app::output_buffer(tint::app::the_app(), run_id, count);
}

EMSCRIPTEN_KEEPALIVE void tint_run_finished(int run_id, int channels, int height, int width,
                                            double inference_ms, const char* error) {
  tint::app::on_run_finished(tint::app::the_app(), run_id, channels, height, width, inference_ms,
                             error);
}

}  // extern "C"
