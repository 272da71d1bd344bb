// The colour hints drawn over the canvas: a small disc of the hint's colour per hint, ringed so it
// shows on any background, the selected one ringed wider. Placed in image coordinates, so zoom and
// pan keep each on its spot.
#pragma once

#include <imgui.h>

#include "app_state.hpp"

namespace tint::app {

// The screen position of hint `hint` on an image drawn with its top left at `origin`, scaled by
// `zoom` (the centre of the hint's pixel).
ImVec2 hint_screen_position(const ColourHint& hint, ImVec2 origin, float zoom);

// Draws the hints of `app` for an image drawn at `origin` x `zoom`, clipped to clip_min..max.
void draw_hint_markers(ImDrawList* draw_list, const AppState& app, ImVec2 origin, float zoom,
                       ImVec2 clip_min, ImVec2 clip_max);

// The hint whose marker is under `mouse` (screen), the topmost (last placed) first; -1 for none.
int hint_under(const AppState& app, ImVec2 origin, float zoom, ImVec2 mouse);

}  // namespace tint::app
