// Reading an .onnx file as a colorization model: its model card and a check that the graph is what
// the card promises, so that a wrong model is refused with a plain message before ONNX Runtime
// ever sees it (the browser app) or a page is built around it (`tint share`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "tint/model_card.hpp"

namespace tint {

// Throws tint::Error naming the file and what is wrong: not an ONNX model, no model card, weights
// that do not match the card's checksum (a damaged file), an input that is not one gray image
// [N, 1, H, W], or a graph that contradicts the card (fixed vs any input size, the output's channel
// count for the card's mode).
ModelCard read_colorization_model(const std::uint8_t* bytes, std::size_t size,
                                  const std::string& name);

}  // namespace tint
