// ONNX export from the model's own layer spec: one node group per layer, BatchNorm folded into the
// preceding convolution (or into one per-channel scale and shift), dropout removed, the batch
// dimension symbolic (and height and width for fully convolutional models), the model card in
// metadata_props. Written with the shared protobuf writer, so no ONNX library is linked.
#pragma once

#include <string>

#include "models/spec_network.hpp"
#include "tint/model_card.hpp"
#include "tint/onnx_wire.hpp"

namespace tint::trainer {

constexpr const char* kOnnxInputName = "input";    // N x 1 x H x W, normalised L
constexpr const char* kOnnxOutputName = "output";  // N x C x H x W, as the card's mode says

// The ONNX model (opset 13) of `network` in inference mode.
OnnxModel onnx_model_of(const SpecNetworkImpl& network, const ModelCard& card);

// Writes the .onnx file atomically (a failed write leaves any earlier file untouched).
void export_onnx(const SpecNetworkImpl& network, const ModelCard& card, const std::string& path);

}  // namespace tint::trainer
