#include "touch_input.hpp"

#include <cfloat>
#include <cmath>

namespace tint::app {
namespace {

constexpr float kTapSlop = 10.0f;            // CSS px a tap may move
constexpr double kTapMs = 300.0;             // longest tap
constexpr double kDoubleTapMs = 350.0;       // most between the two taps
constexpr float kDoubleTapDistance = 30.0f;  // farthest between them
constexpr double kLongPressMs = 500.0;

float distance(ImVec2 a, ImVec2 b) { return std::hypot(a.x - b.x, a.y - b.y); }

// Double taps fit the picture: only taps on it count (a second quick tap on a control clicks it).
bool on_picture(const AppState& app, ImVec2 at) {
  const ViewTransform& view = app.transform;
  return app.image.has_value() && at.x >= view.canvas_left && at.y >= view.canvas_top &&
         at.x < view.canvas_left + view.canvas_width && at.y < view.canvas_top + view.canvas_height;
}

}  // namespace

void TouchInput::add(TouchPhase phase, int finger, float x, float y, double time_ms,
                     int fingers_down) {
  queue_.push_back({phase, finger, ImVec2(x, y), time_ms, fingers_down});
}

bool TouchInput::second_finger_queued() const {
  for (const Event& event : queue_) {
    if (event.finger == finger_ && event.phase != TouchPhase::kMove) return false;
    if (event.finger != finger_ && event.phase == TouchPhase::kStart) return true;
  }
  return false;
}

bool TouchInput::finger_lift_queued() const {
  for (const Event& event : queue_)
    if (event.finger == finger_ && event.phase != TouchPhase::kMove) return true;
  return false;
}

void TouchInput::start_pinch() {
  auto first = fingers_.begin(), second = std::next(first);
  pinch_distance_ = std::max(distance(first->second, second->second), 1.0f);
  pinch_centre_ =
      ImVec2((first->second.x + second->second.x) / 2, (first->second.y + second->second.y) / 2);
}

void TouchInput::follow_pinch(TouchGesture& gesture) {
  auto first = fingers_.begin(), second = std::next(first);
  const float now_distance = std::max(distance(first->second, second->second), 1.0f);
  const ImVec2 centre((first->second.x + second->second.x) / 2,
                      (first->second.y + second->second.y) / 2);
  gesture.pinching = true;
  gesture.scale *= now_distance / pinch_distance_;
  gesture.shift_x += centre.x - pinch_centre_.x;
  gesture.shift_y += centre.y - pinch_centre_.y;
  gesture.centre_x = centre.x;
  gesture.centre_y = centre.y;
  pinch_distance_ = now_distance;
  pinch_centre_ = centre;
}

bool TouchInput::handle(const Event& event, AppState& app) {
  switch (event.phase) {
    case TouchPhase::kStart:
      if (event.fingers_down == 1 && !fingers_.empty()) {
        // The only finger on the page: those still held here lifted unseen (a lost touchend).
        fingers_.clear();
        pinching_ = false;
        finger_ = -1;
        swallowed_ = false;
        mouse_down_ = false;
      }
      fingers_[event.finger] = event.at;
      if (fingers_.size() == 1 && !pinching_) {
        finger_ = event.finger;
        pressed_at_ = event.at;
        pressed_ms_ = event.time_ms;
        moved_ = false;
        long_press_sent_ = false;
        hints_serial_at_press_ = app.hints_serial;
        swallowed_ = event.time_ms - last_tap_ms_ < kDoubleTapMs &&
                     distance(event.at, last_tap_at_) < kDoubleTapDistance &&
                     app.hints_serial == last_tap_hints_serial_;
        if (swallowed_) {
          app.gesture.double_tap = true;
          app.gesture.tap_x = event.at.x;
          app.gesture.tap_y = event.at.y;
          last_tap_ms_ = -1e9;
          return false;
        }
        mouse_at_ = event.at;
        press_pending_ = true;
        return true;
      }
      if (fingers_.size() == 2) {
        // A second finger: a pinch, not a click. The first finger's press ends away from every
        // item (no click, no hint placed), and no finger is the mouse until all have lifted.
        pinching_ = true;
        finger_ = -1;
        press_pending_ = false;
        start_pinch();
        if (mouse_down_) {
          mouse_down_ = false;
          mouse_at_ = ImVec2(-FLT_MAX, -FLT_MAX);
          hover_frames_left_ = 0;
          return true;
        }
      }
      return false;
    case TouchPhase::kMove:
      if (fingers_.count(event.finger) == 0) return false;
      fingers_[event.finger] = event.at;
      if (pinching_ && fingers_.size() >= 2) {
        follow_pinch(app.gesture);
      } else if (event.finger == finger_ && !swallowed_) {
        mouse_at_ = event.at;
        if (distance(event.at, pressed_at_) > kTapSlop) moved_ = true;
      }
      return false;
    case TouchPhase::kEnd:
    case TouchPhase::kCancel:
      if (fingers_.erase(event.finger) == 0) return false;
      if (pinching_) {
        if (fingers_.size() >= 2) start_pinch();  // a third finger lifted: the pinch goes on
        if (fingers_.empty()) pinching_ = false;
        return false;
      }
      if (event.finger != finger_) return false;
      finger_ = -1;
      if (swallowed_) {
        swallowed_ = false;
        return false;
      }
      if (event.phase == TouchPhase::kCancel) {
        // The system took the touch (a gesture of its own, an alert, the phone turning): a
        // release away from every item, which clicks nothing.
        mouse_down_ = false;
        mouse_at_ = ImVec2(-FLT_MAX, -FLT_MAX);
        hover_frames_left_ = 0;
        return true;
      }
      if (!moved_ && event.time_ms - pressed_ms_ < kTapMs && on_picture(app, pressed_at_)) {
        last_tap_ms_ = event.time_ms;
        last_tap_at_ = pressed_at_;
        last_tap_hints_serial_ = hints_serial_at_press_;
      }
      mouse_down_ = false;
      hover_frames_left_ = 1;
      return true;
  }
  return false;
}

void TouchInput::apply(ImGuiIO& io, AppState& app, double now_ms) {
  app.gesture = TouchGesture{};
  // A mouse that moves (the backend put it somewhere new) has the pointer while no finger is down.
  const bool backend_moved = io.MousePos.x != backend_mouse_.x || io.MousePos.y != backend_mouse_.y;
  backend_mouse_ = io.MousePos;
  if (queue_.empty() && fingers_.empty() && backend_moved) owns_mouse_ = false;
  if (!queue_.empty()) owns_mouse_ = true;
  if (!owns_mouse_) return;

  bool pressed_or_released = false;
  if (press_pending_) {
    press_pending_ = false;
    // A second finger already on its way makes a pinch: the first never presses.
    if (!second_finger_queued()) {
      mouse_down_ = true;
      pressed_or_released = true;
    }
  }
  // Once this frame has pressed or released, the rest waits for the next: ImGui sees the press
  // where the finger landed and the release where it lifted; after a move the lift waits a frame
  // too, so that the last move is seen with the button still down.
  bool finger_moved = false;
  while (!queue_.empty() && !pressed_or_released) {
    const Event event = queue_.front();
    const bool lifts = event.phase == TouchPhase::kEnd || event.phase == TouchPhase::kCancel;
    if (lifts && finger_moved && event.finger == finger_) break;
    queue_.pop_front();
    finger_moved |= event.phase == TouchPhase::kMove && event.finger == finger_;
    pressed_or_released = handle(event, app);
  }
  if (mouse_down_ && !moved_ && !long_press_sent_ && !pinching_ && !finger_lift_queued() &&
      now_ms - pressed_ms_ >= kLongPressMs) {
    long_press_sent_ = true;
    app.gesture.long_press = true;
    app.gesture.tap_x = pressed_at_.x;
    app.gesture.tap_y = pressed_at_.y;
    if (app.hint_editor.dragging) {
      // Held on a hint: its colour opens (touch_window.cpp), the picture may change size, and the
      // finger lets go of the hint so that it cannot move it there.
      mouse_down_ = false;
      mouse_at_ = ImVec2(-FLT_MAX, -FLT_MAX);
      hover_frames_left_ = 0;
      swallowed_ = true;
    }
  }

  const bool finger_on = mouse_down_ || press_pending_ || hover_frames_left_ > 0;
  if (!mouse_down_ && hover_frames_left_ > 0 && !pressed_or_released) --hover_frames_left_;
  io.MousePos = finger_on ? mouse_at_ : ImVec2(-FLT_MAX, -FLT_MAX);
  for (bool& down : io.MouseDown) down = false;
  io.MouseDown[0] = mouse_down_;
}

}  // namespace tint::app
