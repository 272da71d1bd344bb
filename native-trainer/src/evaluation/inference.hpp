// Colorizing images with a trained network on the CPU or GPU: the shared core prepares the input
// and decodes the output exactly as the browser app does; only the forward pass is LibTorch's.
#pragma once

#include "models/spec_network.hpp"
#include "tint/hints.hpp"
#include "tint/model_card.hpp"

namespace tint::trainer {

struct ColorizeOptions {
  int max_side = 0;  // any-size models run at most at this side; 0: the card's working side
  float temperature = 0.38f;
  std::vector<ColourHint> hints;  // in the image's pixel coordinates; for models that take hints
};

// The colorized image, at the input's size. The network must be in eval mode.
Image8 colorize_image(SpecNetworkImpl& network, const ModelCard& card, const Image8& rgb,
                      const ColorizeOptions& options = {});

// The raw network output for one image (C x H x W floats) and its size, for callers that decode
// it themselves (palette accuracy).
struct RawPrediction {
  std::vector<float> values;
  int channels = 0, width = 0, height = 0;
};
RawPrediction predict_raw(SpecNetworkImpl& network, const ModelCard& card, const Image8& rgb,
                          int max_side = 0, const std::vector<ColourHint>& hints = {});

}  // namespace tint::trainer
