#include "models/spec_network.hpp"

#include <string>

namespace tint::trainer {

SpecNetworkImpl::SpecNetworkImpl(ModelSpec spec) : spec_(std::move(spec)) {
  const std::vector<TensorShape> shapes = infer_shapes(spec_);
  const std::size_t n = spec_.layers.size();
  convs_.assign(n, torch::nn::Conv2d{nullptr});
  norms_.assign(n, torch::nn::BatchNorm2d{nullptr});
  linears_.assign(n, torch::nn::Linear{nullptr});
  kept_.assign(n, false);
  for (std::size_t i = 0; i < n; ++i) {
    const Layer& layer = spec_.layers[i];
    const std::int64_t in_channels = i == 0 ? spec_.input_channels : shapes[i - 1].c;
    const std::string name = "layer" + std::to_string(i) + "_" + to_string(layer.type);
    switch (layer.type) {
      case LayerType::kConv:
        convs_[i] = register_module(
            name, torch::nn::Conv2d(torch::nn::Conv2dOptions(in_channels, layer.out, layer.kernel)
                                        .stride(layer.stride)
                                        .padding(layer.padding)
                                        .dilation(layer.dilation)
                                        .groups(layer.groups)));
        break;
      case LayerType::kBatchNorm:
        norms_[i] = register_module(name, torch::nn::BatchNorm2d(in_channels));
        break;
      case LayerType::kLinear:
        linears_[i] = register_module(name, torch::nn::Linear(in_channels, layer.out));
        break;
      case LayerType::kConcat:
      case LayerType::kAdd:
        kept_[std::size_t(layer.from)] = true;
        break;
      case LayerType::kTake:
        if (layer.from == kNetworkInput)
          keeps_input_ = true;
        else
          kept_[std::size_t(layer.from)] = true;
        break;
      default:
        break;
    }
  }
  const int frozen = spec_.encoder_frozen ? spec_.encoder_layers : 0;
  for (std::size_t i = 0; i < std::size_t(frozen); ++i) {
    std::vector<torch::Tensor> weights;
    if (!convs_[i].is_empty()) weights = convs_[i]->parameters();
    if (!norms_[i].is_empty()) weights = norms_[i]->parameters();
    if (!linears_[i].is_empty()) weights = linears_[i]->parameters();
    for (torch::Tensor& weight : weights) weight.requires_grad_(false);
  }
}

std::vector<torch::Tensor> SpecNetworkImpl::trainable_parameters() const {
  std::vector<torch::Tensor> trainable;
  for (const torch::Tensor& parameter : parameters())
    if (parameter.requires_grad()) trainable.push_back(parameter);
  return trainable;
}

torch::Tensor SpecNetworkImpl::forward_layers(torch::Tensor input, bool without_last) {
  namespace F = torch::nn::functional;
  std::vector<torch::Tensor> kept(spec_.layers.size());
  const torch::Tensor network_input = keeps_input_ ? input : torch::Tensor();
  torch::Tensor x = std::move(input);
  const std::size_t layer_count = spec_.layers.size() - (without_last ? 1 : 0);
  for (std::size_t i = 0; i < layer_count; ++i) {
    const Layer& layer = spec_.layers[i];
    switch (layer.type) {
      case LayerType::kConv:
        x = convs_[i]->forward(x);
        break;
      case LayerType::kBatchNorm:
        x = training_batch_norm_ && is_training() ? training_batch_norm_(*norms_[i], x)
                                                  : norms_[i]->forward(x);
        break;
      case LayerType::kRelu:
        x = torch::relu(x);
        break;
      case LayerType::kRelu6:
        x = torch::hardtanh(x, 0.0, 6.0);
        break;
      case LayerType::kTanh:
        x = torch::tanh(x);
        break;
      case LayerType::kSigmoid:
        x = torch::sigmoid(x);
        break;
      case LayerType::kMaxPool:
        x = torch::max_pool2d(x, layer.kernel, layer.stride);
        break;
      case LayerType::kUpsample: {
        F::InterpolateFuncOptions options;
        options.scale_factor(std::vector<double>{double(layer.factor), double(layer.factor)});
        if (layer.bilinear)
          options.mode(torch::kBilinear).align_corners(false);  // half-pixel centres, as ONNX's
        x = F::interpolate(x, options);
        break;
      }
      case LayerType::kDropout:
        x = torch::dropout(x, layer.p, is_training());
        break;
      case LayerType::kFlatten:
        x = x.flatten(1);
        break;
      case LayerType::kLinear:
        x = linears_[i]->forward(x);
        break;
      case LayerType::kReshape:
        x = x.reshape({-1, layer.c, layer.h, layer.w});
        break;
      case LayerType::kConcat:
        x = torch::cat({x, kept[std::size_t(layer.from)]}, 1);
        break;
      case LayerType::kGlobalAveragePool:
        x = x.mean({2, 3}, /*keepdim=*/true);
        break;
      case LayerType::kAdd:
        x = x + kept[std::size_t(layer.from)];
        break;
      case LayerType::kTake:
        x = layer.from == kNetworkInput ? network_input : kept[std::size_t(layer.from)];
        break;
    }
    if (kept_[i]) kept[i] = x;
  }
  return x;
}

}  // namespace tint::trainer
