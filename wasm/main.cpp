// The browser app's entry point: a GLFW window on the page's canvas (WebGL2), Dear ImGui on top,
// and a frame loop driven by the browser. Everything else happens in the actions and views.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <emscripten/html5.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "app_actions.hpp"
#include "batch.hpp"
#include "browser.hpp"
#include "canvas_view.hpp"
#include "drawn_controls.hpp"
#include "examples.hpp"
#include "frame_changes.hpp"
#include "layout.hpp"
#include "main_window.hpp"
#include "page_link.hpp"
#include "touch_input.hpp"

namespace {

GLFWwindow* window = nullptr;
tint::app::CanvasView* canvas = nullptr;
tint::app::ExampleGallery* gallery = nullptr;
tint::app::HintPanel* hint_panel = nullptr;
float pixel_ratio = 1.0f;  // device pixels per CSS pixel, read once at start
tint::app::FrameChanges frame_changes;
tint::app::LayoutStyles layout_styles;
tint::app::TouchInput touch_input;
bool coarse_pointer = false;  // the page's primary pointer is a finger (web/touch.js)
// A batch photo's encoding takes about this much of the page's thread per frame.
constexpr double kBatchEncodingMsPerFrame = 40.0;

// Emscripten's GLFW passes the browser's wheel deltas as they are (about 100 per notch, positive
// downwards); ImGui expects one per notch, positive upwards.
void scroll_from_browser(GLFWwindow* target, double x, double y) {
  constexpr double kPixelsPerNotch = 100.0;
  ImGui_ImplGlfw_ScrollCallback(target, -x / kPixelsPerNotch, -y / kPixelsPerNotch);
}

// The canvas in CSS pixels and its drawing buffer in device pixels (sharp on high-density screens).
struct CanvasLayout {
  tint::app::CanvasSize css;
  tint::app::CanvasSize buffer;
  float pixel_ratio = 1.0f;
};

// Sizes the canvas' drawing buffer to its laid-out size. Not with glfwSetWindowSize: Emscripten's
// turns a size equal to the screen's into a fullscreen request, and a headless browser's screen is
// its window, so the size would never change there.
CanvasLayout follow_canvas_layout() {
  CanvasLayout layout;
  layout.pixel_ratio = pixel_ratio;
  layout.css = tint::app::canvas_layout_size();
  layout.css.width = std::max(layout.css.width, 1);
  layout.css.height = std::max(layout.css.height, 1);
  layout.buffer = {static_cast<int>(std::lround(layout.css.width * pixel_ratio)),
                   static_cast<int>(std::lround(layout.css.height * pixel_ratio))};
  tint::app::set_canvas_buffer_size(layout.buffer);
  return layout;
}

void frame() {
  tint::app::AppState& app = tint::app::the_app();
  const CanvasLayout layout = follow_canvas_layout();
  tint::app::run_announced_work(app);
  tint::app::advance_batch(app, kBatchEncodingMsPerFrame);
  tint::app::make_thumbnails(app);
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // The GLFW window keeps its first size (see follow_canvas_layout); the canvas' is the real one.
  // The UI is laid out in CSS pixels; GLFW reports the mouse in drawing-buffer pixels.
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize =
      ImVec2(static_cast<float>(layout.css.width), static_cast<float>(layout.css.height));
  io.DisplayFramebufferScale = ImVec2(layout.pixel_ratio, layout.pixel_ratio);
  if (ImGui::IsMousePosValid())
    io.MousePos = ImVec2(io.MousePos.x / layout.pixel_ratio, io.MousePos.y / layout.pixel_ratio);
  touch_input.apply(io, app, tint::app::now_ms());
  const tint::app::CanvasSize viewport = tint::app::viewport_size();
  app.layout = tint::app::choose_layout(static_cast<float>(viewport.width),
                                        static_cast<float>(viewport.height), coarse_pointer);
  layout_styles.apply(app.layout);
  io.FontDefault = layout_styles.font(app.layout);
  tint::app::start_control_frame();
  ImGui::NewFrame();
  tint::app::draw_main_window(app, *canvas, *gallery, *hint_panel);
  ImGui::Render();
  if (frame_changes.changed(*ImGui::GetDrawData(), layout.buffer)) {
    ++app.timings.frames_drawn;
    glViewport(0, 0, layout.buffer.width, layout.buffer.height);
    glClearColor(0.1f, 0.1f, 0.11f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  }
  tint::app::announce_work(app);
  tint::app::load_next_bundled_model(app);
  tint::app::publish_link(app);
}

}  // namespace

extern "C" {

// A finger on the canvas (web/touch.js): phase 0 start, 1 move, 2 end, 3 cancel; CSS pixels from
// the canvas' top left; the event's time on the page's clock; the fingers down on the page.
EMSCRIPTEN_KEEPALIVE void tint_touch(int phase, int finger, float x, float y, double time_ms,
                                     int fingers_down) {
  if (phase < 0 || phase > 3) return;
  touch_input.add(static_cast<tint::app::TouchPhase>(phase), finger, x, y, time_ms, fingers_down);
}

// A hidden page gets no frames, and the app works between frames: while the page is hidden and a
// batch is under way, the page (web/batch.js) calls this in a loop of its own. 1: call again at
// once; 2: waiting for the page or ONNX Runtime, call again a little later; 0: nothing to do.
EMSCRIPTEN_KEEPALIVE int tint_work_while_hidden() {
  tint::app::AppState& app = tint::app::the_app();
  if (tint::app::batch_state(app.batch) != std::string("running")) return 0;
  tint::app::announce_work(app);
  const bool work = app.work_announced;
  tint::app::run_announced_work(app);
  const bool saving = tint::app::batch_saving(app.batch);
  tint::app::advance_batch(app, kBatchEncodingMsPerFrame);
  tint::app::announce_work(app);
  return work || saving || app.work_announced || tint::app::batch_saving(app.batch) ? 1 : 2;
}

// Whether the page's primary pointer is a finger (a phone or tablet); it may change (a tablet's
// keyboard with a touchpad attached).
EMSCRIPTEN_KEEPALIVE void tint_set_coarse_pointer(int coarse) { coarse_pointer = coarse != 0; }

}  // extern "C"

int main() {
  if (!glfwInit()) {
    tint::app::show_startup_failure("tint could not start: GLFW could not be initialised");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  // Only colour: the UI needs no depth or stencil buffer, and an opaque canvas needs no alpha
  // (less for the browser to carry to the screen each frame).
  glfwWindowHint(GLFW_DEPTH_BITS, 0);
  glfwWindowHint(GLFW_STENCIL_BITS, 0);
  glfwWindowHint(GLFW_ALPHA_BITS, 0);
  const tint::app::CanvasSize size = tint::app::canvas_layout_size();
  window = glfwCreateWindow(size.width > 0 ? size.width : 1280, size.height > 0 ? size.height : 720,
                            "tint", nullptr, nullptr);
  if (window == nullptr) {
    tint::app::show_startup_failure("tint needs WebGL2, which this browser does not offer");
    return 1;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // no settings file: the page has no file system
  pixel_ratio = static_cast<float>(std::max(1.0, emscripten_get_device_pixel_ratio()));
  layout_styles.load(pixel_ratio);
  tint::app::record_drawn_controls();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetScrollCallback(window, scroll_from_browser);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  static tint::app::CanvasView canvas_view;
  canvas = &canvas_view;
  static tint::app::ExampleGallery example_gallery;
  gallery = &example_gallery;
  static tint::app::HintPanel the_hint_panel;
  hint_panel = &the_hint_panel;
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
