// User hints simulated from the truth while training a model that takes hints, as Zhang et al.
// 2017 do: a random number of points per image (none for half of the images, else on average
// eight), each carrying the mean ab of the truth over the kHintSide x kHintSide square around it
// and covering that square, overlapping squares averaged. This is tint/hints.hpp's encoding of
// user hints, done on whole batches on the training device.
#pragma once

#include <torch/torch.h>

namespace tint::trainer {

struct HintSimulation {
  double share_without_hints = 0.5;  // images that get no hint: automatic colorization
  double mean_hints = 8.0;           // mean count of the others (1 + an exponential draw)
};

// The network input of a model that takes hints: `lightness` (N x 1 x H x W, normalised L), then
// the simulated hint a, b (ab / 128, from `ab`, N x 2 x H x W) and mask planes. Draws from
// LibTorch's generator on the tensors' device.
torch::Tensor input_with_simulated_hints(const torch::Tensor& lightness, const torch::Tensor& ab,
                                         const HintSimulation& simulation = {});

// The same planes for hints at the given points (N x 1 x H x W, 1 at a hint's centre): what the
// random draw above feeds, exposed so that a test can hold it against tint/hints.hpp.
torch::Tensor input_with_hints_at(const torch::Tensor& lightness, const torch::Tensor& ab,
                                  const torch::Tensor& points);

// The input of a hint model with no hint at all: L and three zero planes.
torch::Tensor input_without_hints(const torch::Tensor& lightness);

}  // namespace tint::trainer
