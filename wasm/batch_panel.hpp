// The batch's section (desktop side panel, or the touch layout's Batch sheet): overall progress
// with photos done, the pace and the time left, pause, cancel, the zip of the finished photos,
// and the list of every photo with its size and state (failed ones with the reason).
#pragma once

#include "app_state.hpp"

namespace tint::app {

// Draws nothing without a batch.
void draw_batch_section(AppState& app);

}  // namespace tint::app
