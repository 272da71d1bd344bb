// MobileNetV2 1.0 (Sandler et al. 2018) as the encoder of a colorization network: its layers in a
// ModelSpec, and its ImageNet-trained weights read from the ONNX Model Zoo's int8 file
// (mobilenetv2-12-int8.onnx) and turned into float convolutions. Colorizers that start from a
// classifier's features learn which colour an object has from far fewer photos.
#pragma once

#include <string>
#include <vector>

#include "models/layer_spec.hpp"
#include "models/spec_network.hpp"

namespace tint::trainer {

// Where the appended encoder's features are: indices of the layers whose outputs they are.
struct MobileNetV2Features {
  int stride2 = -1;   // 16 channels
  int stride4 = -1;   // 24
  int stride8 = -1;   // 32
  int stride16 = -1;  // 96
  int stride32 = -1;  // 320 (1280 with the classifier's last convolution)
};

// Appends the encoder to `layers`, which must be empty: a 1x1 convolution that turns the network
// input's first plane, the normalised L, into the gray RGB the classifier was trained on, then
// MobileNetV2 through its stride-32 blocks, and with `with_last_conv` its 1x1 to 1280 channels.
// The encoder is every layer appended: ModelSpec::encoder_layers = layers.size() afterwards.
MobileNetV2Features append_mobilenet_v2(std::vector<Layer>& layers, bool with_last_conv);

// Sets the weights of the encoder in the network's first spec().encoder_layers layers: the input
// conversion's, and each later convolution's from the file's QLinearConv nodes, in order (weight
// = int8 weight x its channel's scale; bias = int32 bias x input scale x weight scale). Checks
// every shape, stride, group count and activation against the spec; throws tint::Error naming
// the file and the node on any mismatch or a file that is not this network.
void load_mobilenet_v2_weights(SpecNetworkImpl& network, const std::string& onnx_path);

// The origin and licence of those weights, for the model card.
extern const char* const kMobileNetV2Origin;

}  // namespace tint::trainer
