// Images turned into the tensors a model trains on, with the shared core doing every colour step:
// the normalised L input and the target of the model's mode (palette classes, ab / 128, RGB in
// 0..1, or soft-encoded ab bins with class-rebalancing weights).
#pragma once

#include <torch/torch.h>

#include <vector>

#include "data/image_set.hpp"
#include "tint/model_card.hpp"
#include "tint/palette.hpp"

namespace tint::trainer {

// Input normalisation of every model the trainer makes: (L - 50) / 50, in -1..1.
constexpr float kLOffset = 50.0f;
constexpr float kLScale = 50.0f;
constexpr float kAbScale = 128.0f;
constexpr int kSoftNeighbours = 5;  // Zhang et al.: 5 nearest bins, sigma 5

// The channels a model of `mode` outputs per pixel: the palette size, 2 for ab, 3 for rgb, the
// number of ab bins.
int output_channels(ModelMode mode, int palette_size);

// What the targets depend on besides the images, fixed before training and kept in checkpoints.
struct TargetSpec {
  ModelMode mode = ModelMode::kAb;
  Palette palette;                 // palette mode
  std::vector<float> bin_weights;  // bins313 mode: rebalancing weight per bin (all 1: none)
  int outputs() const;             // channels the model outputs per pixel
};

// A set of examples as tensors (on one device):
//   input:  N x 1 x H x W float, normalised L
//   target: palette N x H x W long class; ab N x 2 x H x W float; rgb N x 3 x H x W float;
//           bins313 N x 5 x H x W int16 (the nearest bins, nearest first)
//   target_weights: bins313 N x 5 x H x W float soft-encoding weights (summing to 1 per pixel)
//   pixel_weights:  bins313 N x H x W float rebalancing weight of each pixel's nearest bin
//   ab: N x 2 x H x W float, the true ab / 128, when asked for (hint simulation, regression term)
struct TensorSet {
  torch::Tensor input, target, target_weights, pixel_weights, ab;

  std::int64_t size() const { return input.defined() ? input.size(0) : 0; }
  TensorSet select(const torch::Tensor& indices) const;  // rows at indices (same device)
  TensorSet to(const torch::Device& device) const;
  // Each example mirrored left-right where `mirror` (N bools, same device) is true.
  TensorSet mirrored_where(const torch::Tensor& mirror) const;
  // Every stride-th pixel across and down (the top-left one of each stride x stride block).
  TensorSet every_nth_pixel(int stride) const;
};

struct TensorOptions {
  bool with_ab = false;  // also fill TensorSet::ab
  bool parallel = true;  // across LibTorch's intra-op threads; false: on the calling thread only
};
TensorSet make_tensors(const ImageSet& images, const TargetSpec& spec,
                       const TensorOptions& options = {});

// The bins313 regression term: weight x smooth-L1 between the decoded ab (the annealed mean at
// `temperature`, as the shared core decodes) and the true ab. Needs TensorSet::ab.
struct RegressionTerm {
  double weight = 0.0;
  float temperature = 0.38f;
};

// The loss of a batch: cross-entropy over palette classes, mean squared error for ab and rgb, and
// for bins313 the rebalanced cross-entropy against the soft-encoded targets (plus the regression
// term when its weight is not 0).
torch::Tensor batch_loss(const torch::Tensor& output, const TensorSet& batch,
                         const TargetSpec& spec, const RegressionTerm& regression = {});

}  // namespace tint::trainer
