#include "evaluation/inference.hpp"

#include "tint/color_space.hpp"
#include "tint/prediction.hpp"

namespace tint::trainer {

RawPrediction predict_raw(SpecNetworkImpl& network, const ModelCard& card, const Image8& rgb,
                          int max_side, const std::vector<ColourHint>& hints) {
  const ImageF lightness = tint::lightness(rgb);
  const InputSize size = model_input_size(card, rgb.width(), rgb.height(),
                                          max_side > 0 ? max_side : default_working_side(card));
  std::vector<float> input = network_input(lightness, card, size, hints);
  const torch::Device device = network.parameters().front().device();
  torch::NoGradGuard no_grad;
  const torch::Tensor output =
      network
          .forward(
              torch::from_blob(input.data(), {1, input_channels(card), size.height, size.width})
                  .to(device))
          .to(torch::kCPU, torch::kFloat)
          .contiguous();
  RawPrediction raw;
  raw.channels = int(output.size(1));
  raw.height = int(output.size(2));
  raw.width = int(output.size(3));
  raw.values.assign(output.data_ptr<float>(), output.data_ptr<float>() + output.numel());
  return raw;
}

Image8 colorize_image(SpecNetworkImpl& network, const ModelCard& card, const Image8& rgb,
                      const ColorizeOptions& options) {
  const RawPrediction raw = predict_raw(network, card, rgb, options.max_side, options.hints);
  return colorize_output(lightness(rgb), {raw.values.data(), raw.channels, raw.width, raw.height},
                         card, options.temperature, options.hints);
}

}  // namespace tint::trainer
