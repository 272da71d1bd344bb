// The browser app's entry point: a GLFW window on the page's canvas (WebGL2), Dear ImGui on top,
// and a frame loop driven by the browser. Everything else happens in the actions and views.
#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>
#include <emscripten.h>
#include <imgui.h>
#include <imgui_impl_glfw.h>
#include <imgui_impl_opengl3.h>

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

void follow_canvas_size() {
  const tint::app::CanvasSize size = tint::app::canvas_layout_size();
  int width = 0, height = 0;
  glfwGetWindowSize(window, &width, &height);
  if (size.width > 0 && size.height > 0 && (size.width != width || size.height != height))
    glfwSetWindowSize(window, size.width, size.height);
}

void frame() {
  tint::app::AppState& app = tint::app::the_app();
  follow_canvas_size();
  tint::app::decode_if_requested(app);
  glfwPollEvents();
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  tint::app::draw_main_window(app, *canvas);
  ImGui::Render();
  int width = 0, height = 0;
  glfwGetFramebufferSize(window, &width, &height);
  glViewport(0, 0, width, height);
  glClearColor(0.1f, 0.1f, 0.11f, 1.0f);
  glClear(GL_COLOR_BUFFER_BIT);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
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
