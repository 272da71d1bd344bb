// The thin bridge to ONNX Runtime Web (web/ort_glue.js). Sessions and runs are asynchronous on the
// JavaScript side, without ASYNCIFY: these calls return at once, and the glue reports back through
// the exported callbacks in ort_bridge.cpp, which hand the results to app_actions.hpp.
#pragma once

#include <cstdint>
#include <vector>

#include "tint/prediction.hpp"

namespace tint::app {

void create_session(int session_id, const std::vector<std::uint8_t>& model_bytes);
void release_session(int session_id);
// Runs the session on one 1 x channels x H x W input (input_channels(card): L, and the hint planes
// for a model that takes hints); the result arrives in on_run_finished.
void run_session(int session_id, int run_id, const std::vector<float>& input, int channels,
                 InputSize size);

}  // namespace tint::app
