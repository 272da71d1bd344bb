// The browser app's entry point: a GLFW window on the page's canvas (WebGL2), Dear ImGui on top,
// and a frame loop driven by the browser. Everything else happens in the actions and views.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

#include <algorithm>
#include <cstdio>

#include "app_actions.hpp"
#include "browser.hpp"
#include "canvas_view.hpp"
#include "main_window.hpp"

namespace {

GLFWwindow* window = nullptr;
tint::app::CanvasView* canvas = nullptr;

// Emscripten's GLFW passes the browser's wheel deltas as they are (about 100 per notch, positive
// downwards); ImGui expects one per notch, positive upwards.
void scroll_from_browser(GLFWwindow* target, double x, double y) {
  constexpr double kPixelsPerNotch = 100.0;
  ImGui_ImplGlfw_ScrollCallback(target, -x / kPixelsPerNotch, -y / kPixelsPerNotch);
}

// Sizes the canvas' drawing buffer to its laid-out size. Not with glfwSetWindowSize: Emscripten's
// turns a size equal to the screen's into a fullscreen request, and a headless browser's screen is
// its window, so the size would never change there.
tint::app::CanvasSize follow_canvas_layout() {
  tint::app::CanvasSize size = tint::app::canvas_layout_size();
  size.width = std::max(size.width, 1);
  size.height = std::max(size.height, 1);
  tint::app::set_canvas_buffer_size(size);
  return size;
}

void frame() {
  tint::app::AppState& app = tint::app::the_app();
  const tint::app::CanvasSize size = follow_canvas_layout();
  tint::app::run_announced_work(app);
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  // The GLFW window keeps its first size (see follow_canvas_layout); the canvas' is the real one.
  ImGui::GetIO().DisplaySize =
      ImVec2(static_cast<float>(size.width), static_cast<float>(size.height));
  ImGui::GetIO().DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
  ImGui::NewFrame();
  tint::app::draw_main_window(app, *canvas);
  ImGui::Render();
  glViewport(0, 0, size.width, size.height);
  glClearColor(0.1f, 0.1f, 0.11f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  tint::app::announce_work(app);
}

}  // namespace

int main() {
  if (!glfwInit()) {
    std::fprintf(stderr, "tint: GLFW could not start\n");
    return 1;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 0);
  glfwWindowHint(GLFW_CLIENT_API, GLFW_OPENGL_ES_API);
  const tint::app::CanvasSize size = tint::app::canvas_layout_size();
  window = glfwCreateWindow(size.width > 0 ? size.width : 1280, size.height > 0 ? size.height : 720,
                            "tint", nullptr, nullptr);
  if (window == nullptr) {
    std::fprintf(stderr, "tint: this browser has no WebGL2\n");
    return 1;
  }
  glfwMakeContextCurrent(window);

  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGui::GetIO().IniFilename = nullptr;  // no settings file: the page has no file system
  ImGui::StyleColorsDark();
  ImGui_ImplGlfw_InitForOpenGL(window, true);
  glfwSetScrollCallback(window, scroll_from_browser);
  ImGui_ImplOpenGL3_Init("#version 300 es");

  static tint::app::CanvasView canvas_view;
  canvas = &canvas_view;
  emscripten_set_main_loop(frame, 0, false);
  return 0;
}
