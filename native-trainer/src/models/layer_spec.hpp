// A model architecture declared once, as data: the torch module (spec_network.hpp) and the ONNX
// graph (onnx_export.hpp) are both built from it, so training and export cannot drift apart.
//
// Layers run in order; each sees the previous layer's output (the first sees the input, N x C x
// H x W). A kConcat layer also takes the output of an earlier layer (`from`), which is how U-Net
// skip connections are declared. A kAdd layer adds the output of an earlier layer; a 1 x 1 operand
// is broadcast over every position of the other: after kGlobalAveragePool, that is how a
// global-context path (Iizuka et al. 2016) is declared. A kTake layer continues from the output
// of an earlier layer or from the network's input, which is how a second branch (a pretrained
// encoder beside a path for the hints) is declared. The last layer's output is the prediction,
// N x C x H x W.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "tint/json.hpp"

namespace tint::trainer {

enum class LayerType {
  kConv,       // 2-D convolution: out channels, square kernel, stride, zero padding, channel groups
  kBatchNorm,  // per-channel batch normalisation (folded into the preceding conv on export)
  kRelu,
  kRelu6,  // min(max(x, 0), 6), as MobileNetV2 has it
  kTanh,
  kSigmoid,
  kMaxPool,            // kernel x kernel window, stride
  kUpsample,           // integer factor: nearest-neighbour, or bilinear (half-pixel centres)
  kDropout,            // probability p; identity at inference
  kFlatten,            // N x C x H x W -> N x (C*H*W)
  kLinear,             // dense layer: out features
  kReshape,            // N x F -> N x C x H x W (shape holds C, H, W)
  kConcat,             // channel-wise concatenation with the output of layer `from`
  kGlobalAveragePool,  // N x C x H x W -> N x C x 1 x 1, the mean over all positions
  kAdd,   // elementwise sum with the output of layer `from` (same channels; either may be 1 x 1,
          // and is then broadcast over the other's positions)
  kTake,  // the output of layer `from`, or the network's input when `from` is kNetworkInput
};

constexpr int kNetworkInput = -1;  // kTake's `from` for the network's input

struct Layer {
  LayerType type = LayerType::kRelu;
  int out = 0;  // kConv: channels; kLinear: features
  int kernel = 1;
  int stride = 1;
  int padding = 0;
  int dilation = 1;         // kConv
  int groups = 1;           // kConv: channel groups (the input's channels for a depthwise conv)
  int factor = 2;           // kUpsample
  bool bilinear = false;    // kUpsample
  float p = 0.0f;           // kDropout
  int from = -1;            // kConcat, kAdd, kTake: index of an earlier layer
  int c = 0, h = 0, w = 0;  // kReshape
};

// Builders that read like the architecture: conv(64, 3, 1, 1), relu(), maxpool(2, 2), ...
Layer conv(int out, int kernel, int stride = 1, int padding = -1);  // -1: kernel / 2 ("same")
// A 'same'-padded convolution whose kernel taps are `dilation` pixels apart (a wider view at the
// same cost, as in Zhang et al. 2016's bottleneck).
Layer dilated_conv(int out, int kernel, int dilation);
// A 'same'-padded convolution of each of `channels` planes on its own (MobileNet's depthwise conv).
Layer depthwise_conv(int channels, int kernel, int stride);
Layer batch_norm();
Layer relu();
Layer relu6();
Layer tanh_layer();
Layer sigmoid();
Layer max_pool(int kernel, int stride);
Layer upsample(int factor);
Layer bilinear_upsample(int factor);
Layer dropout(float p);
Layer flatten();
Layer linear(int out);
Layer reshape(int c, int h, int w);
Layer concat_with(int from);
Layer global_average_pool();
Layer add_from(int from);
Layer take(int from);

struct ModelSpec {
  std::string architecture;  // a name for logs and cards, e.g. "unet-3"
  int input_channels = 1;    // the L plane
  int input_size = 32;       // square input side; 0: fully convolutional, any size
  int size_multiple = 1;     // fully convolutional: sides must be multiples of this
  std::vector<Layer> layers;
  // Layers [0, encoder_layers) are a pretrained encoder (mobilenet_v2.hpp); frozen, they keep
  // their weights while the rest trains.
  int encoder_layers = 0;
  bool encoder_frozen = false;
  // > 1: the last layer upsamples the prediction by this factor, and training compares the
  // prediction before it with every loss_stride-th pixel's target: a loss over the smooth ab
  // planes at a fraction of the cost (Zhang et al. 2016 train at a quarter of the resolution).
  int loss_stride = 1;
};

struct TensorShape {
  std::int64_t c = 0, h = 0, w = 0;  // per example; h = w = 0 after kFlatten (then c = features)
  bool flat() const { return h == 0 && w == 0; }
};

// The output shape of every layer for an input of height x width, checking that each layer fits
// its input (channel counts, kernels larger than the image, concat sizes, reshape sizes). Throws
// tint::Error naming the layer, e.g. "layer 3 (conv): kernel 5 larger than the 4x4 input".
std::vector<TensorShape> infer_shapes(const ModelSpec& spec, int height, int width);

// The same at the spec's own input size (for fully convolutional specs, at 32 x 32 x multiple).
std::vector<TensorShape> infer_shapes(const ModelSpec& spec);

// Parameters, frozen ones included, counted from the spec (equal to the torch module's count).
std::int64_t parameter_count(const ModelSpec& spec);

std::string to_string(LayerType type);

// The spec as JSON (architecture, input, and each layer's type with the fields it uses), for
// tools outside the trainer that rebuild the same network, such as bench/eager_train.py.
Json to_json(const ModelSpec& spec);

}  // namespace tint::trainer
