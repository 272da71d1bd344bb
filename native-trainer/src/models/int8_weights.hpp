// Weights that are exactly int8 values times one float scale per output channel: a quantized
// encoder's (mobilenet_v2.hpp), kept frozen. The ONNX export and the checkpoints store them so, a
// quarter of their float size, and get the same floats back (value x scale, multiplied in float).
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <optional>
#include <vector>

namespace tint::trainer {

struct Int8Weights {
  std::vector<std::int8_t> values;  // in the tensor's order, output channel first
  std::vector<float> scales;        // one per output channel (size(0))
};

// The int8 form of `weight` (2 or more dimensions) when value x scale gives every weight back
// exactly; nullopt for weights that are not (any trained one).
std::optional<Int8Weights> exact_int8_weights(const torch::Tensor& weight);

// The float weights back, shaped `sizes`: value x its channel's scale, in float.
torch::Tensor dequantized(const torch::Tensor& values, const torch::Tensor& scales);

}  // namespace tint::trainer
