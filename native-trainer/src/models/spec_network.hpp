// The torch module of a ModelSpec: one submodule per weighted layer, run in the spec's order.
#pragma once

#include <torch/torch.h>

#include <functional>
#include <vector>

#include "models/layer_spec.hpp"

namespace tint::trainer {

class SpecNetworkImpl : public torch::nn::Module {
 public:
  explicit SpecNetworkImpl(ModelSpec spec);

  // input: N x input_channels x H x W; returns the last layer's output, N x C x H x W.
  torch::Tensor forward(torch::Tensor input) { return forward_layers(std::move(input), false); }
  // What the training loss compares with the targets: the output, or with a loss stride
  // (ModelSpec::loss_stride) the prediction before the last layer's upsampling.
  torch::Tensor forward_for_loss(torch::Tensor input) {
    return forward_layers(std::move(input), spec_.loss_stride > 1);
  }

  const ModelSpec& spec() const { return spec_; }
  // The parameters outside the spec's frozen layers: what the optimizer steps.
  std::vector<torch::Tensor> trainable_parameters() const;
  // The weighted layers, by layer index (an empty holder where the layer is of another type).
  const torch::nn::Conv2d& conv_at(std::size_t i) const { return convs_.at(i); }
  const torch::nn::BatchNorm2d& batch_norm_at(std::size_t i) const { return norms_.at(i); }
  const torch::nn::Linear& linear_at(std::size_t i) const { return linears_.at(i); }

  // In training mode, batch norm layers run `forward` instead of their own (synchronised batch
  // norm across processes); an empty function restores their own.
  using BatchNormForward =
      std::function<torch::Tensor(torch::nn::BatchNorm2dImpl&, const torch::Tensor&)>;
  void set_training_batch_norm(BatchNormForward forward) {
    training_batch_norm_ = std::move(forward);
  }

 private:
  torch::Tensor forward_layers(torch::Tensor input, bool without_last);

  ModelSpec spec_;
  std::vector<torch::nn::Conv2d> convs_;
  std::vector<torch::nn::BatchNorm2d> norms_;
  std::vector<torch::nn::Linear> linears_;
  std::vector<bool> kept_;    // outputs a later concat, add or take layer needs
  bool keeps_input_ = false;  // a take layer needs the network's input
  BatchNormForward training_batch_norm_;
};
TORCH_MODULE(SpecNetwork);

}  // namespace tint::trainer
