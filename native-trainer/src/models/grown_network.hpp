// A trained network's weights carried into a grown copy of it: the same architecture with layers
// added (a deeper hint path, say), so that a branch of a long run keeps what the run learned and
// only the new layers start from scratch.
#pragma once

#include <string>

#include "models/spec_network.hpp"

namespace tint::trainer {

struct GrowthReport {
  int copied_layers = 0;   // weighted layers copied as they were
  int widened_layers = 0;  // convolutions that take more input channels: the new ones start at 0
  int new_layers = 0;      // weighted layers the trained network has no counterpart for
  // The largest difference between the two networks' outputs on one test input (inference mode):
  // close to 0 when the added channels are concatenated after the old ones, as they should be.
  double largest_output_difference = 0.0;
};

// Matches `trained`'s layers to `grown`'s in order (the longest common sequence of layers of the
// same kind and settings), copies the matched weights and buffers, and zeroes a widened
// convolution's weights on its added input channels. Throws, naming `trained_name` and the layer,
// when the architectures differ or a trained weighted layer has no place in `grown` (a network
// only grows here; it never loses layers).
GrowthReport grow_into(const SpecNetworkImpl& trained, SpecNetworkImpl& grown,
                       const std::string& trained_name);

}  // namespace tint::trainer
