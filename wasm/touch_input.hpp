// Fingers on the canvas (web/touch.js hands them over as they come) turned into what the app
// understands: one finger is ImGui's mouse (a tap clicks, a drag drags), its press one frame
// after the finger lands so that the item under it is hovered first, and each press and release
// in a frame of its own however quick the tap; two fingers pinch and pan (AppState::gesture)
// without a click; a double tap on the picture fits; a finger held still is a long press (on a
// hint it lets go of the hint). A cancelled touch clicks nothing. A real mouse that moves takes
// the pointer back.
#pragma once

#include <imgui.h>

#include <deque>
#include <map>

#include "app_state.hpp"

namespace tint::app {

enum class TouchPhase { kStart, kMove, kEnd, kCancel };

class TouchInput {
 public:
  // A finger's event, in CSS pixels from the canvas' top left, at the page's clock, with the
  // number of fingers the page has down.
  void add(TouchPhase phase, int finger, float x, float y, double time_ms, int fingers_down);
  // Between the platform backend's new frame and ImGui::NewFrame: overrides the mouse while the
  // fingers have it, and writes this frame's app.gesture.
  void apply(ImGuiIO& io, AppState& app, double now_ms);

 private:
  struct Event {
    TouchPhase phase;
    int finger;
    ImVec2 at;
    double time_ms;
    int fingers_down;
  };
  // Returns true when the event pressed or released the mouse (the rest waits a frame).
  bool handle(const Event& event, AppState& app);
  // In the queue: another finger landing before this one lifts; this finger lifting.
  bool second_finger_queued() const;
  bool finger_lift_queued() const;
  void start_pinch();
  void follow_pinch(TouchGesture& gesture);

  std::deque<Event> queue_;
  std::map<int, ImVec2> fingers_;  // down now
  bool owns_mouse_ = false;
  ImVec2 backend_mouse_{-1.0f, -1.0f};  // where the platform backend last put the mouse
  ImVec2 mouse_at_;
  bool mouse_down_ = false;
  bool press_pending_ = false;  // the finger landed: hovered this frame, pressed the next
  int hover_frames_left_ = 0;   // after a release the finger's place stays hovered this long
  // The finger that is the mouse, and its press.
  int finger_ = -1;
  ImVec2 pressed_at_;
  double pressed_ms_ = 0.0;
  bool moved_ = false;
  bool long_press_sent_ = false;
  bool swallowed_ = false;  // a double tap's second press: not a click
  int hints_serial_at_press_ = 0;
  // The last tap, for double taps: one that changed no hint (a tap that placed one is not half of
  // a double tap: the second tap selects that hint).
  double last_tap_ms_ = -1e9;
  ImVec2 last_tap_at_;
  int last_tap_hints_serial_ = -1;
  // Two fingers.
  bool pinching_ = false;
  float pinch_distance_ = 0.0f;
  ImVec2 pinch_centre_;
};

}  // namespace tint::app
