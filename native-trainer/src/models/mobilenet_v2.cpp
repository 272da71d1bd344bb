#include "models/mobilenet_v2.hpp"

#include <cstdint>
#include <cstring>
#include <map>

#include "tint/error.hpp"
#include "tint/file_io.hpp"
#include "tint/protobuf_wire.hpp"
#include "training/training_tensors.hpp"

namespace tint::trainer {

const char* const kMobileNetV2Origin =
    "encoder initialised from MobileNetV2 1.0 trained on ImageNet (ONNX Model Zoo, "
    "mobilenetv2-12-int8, Apache-2.0)";

namespace {

// Each stage's expansion, channels, blocks and first stride: Sandler et al.'s Table 2.
struct Stage {
  int expansion, channels, blocks, stride;
};
constexpr Stage kStages[] = {{1, 16, 1, 1}, {6, 24, 2, 2},  {6, 32, 3, 2}, {6, 64, 4, 2},
                             {6, 96, 3, 1}, {6, 160, 3, 2}, {6, 320, 1, 1}};
// The classifier's input: RGB in [0, 1] less ImageNet's mean, over its deviation, per channel.
constexpr float kImageNetMean[3] = {0.485f, 0.456f, 0.406f};
constexpr float kImageNetDeviation[3] = {0.229f, 0.224f, 0.225f};

// TensorProto.DataType values in the quantized file.
constexpr int kFloat = 1, kUint8 = 2, kInt8 = 3, kInt32 = 6;

struct TensorData {
  std::vector<std::int64_t> dims;
  int type = 0;
  ProtoBytes raw;                  // a view into the file's bytes
  std::vector<float> floats;       // float_data
  std::vector<std::int64_t> ints;  // int32_data (int8, uint8 and int32 tensors)
};

struct QuantizedConv {
  std::string name;
  std::vector<std::string> inputs;
  std::int64_t group = 1;
  std::vector<std::int64_t> strides = {1, 1}, pads = {0, 0, 0, 0};
};

struct QuantizedGraph {
  std::map<std::string, TensorData> initializers;
  std::vector<QuantizedConv> convs;  // the QLinearConv nodes, in graph order
};

TensorData read_tensor(ProtoReader reader, std::string& name) {
  TensorData tensor;
  while (reader.next()) {
    switch (reader.field()) {
      case 1:
        reader.read_int64s(tensor.dims);
        break;
      case 2:
        tensor.type = reader.int32_value();
        break;
      case 4:
        reader.read_floats(tensor.floats);
        break;
      case 5:
        reader.read_int64s(tensor.ints);
        break;
      case 8:
        name = reader.string_value();
        break;
      case 9:
        tensor.raw = reader.bytes_value();
        break;
      default:
        reader.skip();
    }
  }
  return tensor;
}

void read_attribute(ProtoReader reader, QuantizedConv& conv) {
  std::string name;
  std::int64_t value = 0;
  std::vector<std::int64_t> values;
  while (reader.next()) {
    if (reader.field() == 1)
      name = reader.string_value();
    else if (reader.field() == 3)
      value = reader.int64_value();
    else if (reader.field() == 8)
      reader.read_int64s(values);
  }
  if (name == "group") conv.group = value;
  if (name == "strides") conv.strides = values;
  if (name == "pads") conv.pads = values;
}

void read_node(ProtoReader reader, QuantizedGraph& graph) {
  QuantizedConv conv;
  std::string op;
  std::vector<ProtoReader> attributes;
  while (reader.next()) {
    switch (reader.field()) {
      case 1:
        conv.inputs.push_back(reader.string_value());
        break;
      case 3:
        conv.name = reader.string_value();
        break;
      case 4:
        op = reader.string_value();
        break;
      case 5:
        attributes.push_back(reader.nested("AttributeProto"));
        break;
      default:
        reader.skip();
    }
  }
  if (op != "QLinearConv") return;
  for (ProtoReader& attribute : attributes) read_attribute(attribute, conv);
  graph.convs.push_back(std::move(conv));
}

QuantizedGraph read_graph(const std::vector<std::uint8_t>& bytes, const std::string& path) {
  QuantizedGraph graph;
  ProtoReader model(bytes.data(), bytes.size(), path, "ModelProto");
  bool has_graph = false;
  while (model.next()) {
    if (model.field() != 7) continue;
    has_graph = true;
    ProtoReader reader = model.nested("GraphProto");
    while (reader.next()) {
      if (reader.field() == 1) {
        read_node(reader.nested("NodeProto"), graph);
      } else if (reader.field() == 5) {
        std::string name;
        TensorData tensor = read_tensor(reader.nested("TensorProto"), name);
        graph.initializers[name] = std::move(tensor);
      }
    }
  }
  if (!has_graph) fail(path, "not an ONNX model (no graph)");
  return graph;
}

// A tensor's values as doubles, from raw_data (little-endian) or the typed repeated field.
std::vector<double> values_of(const TensorData& tensor, const std::string& where) {
  std::int64_t count = 1;
  for (std::int64_t dim : tensor.dims) {
    if (dim < 0 || dim > (std::int64_t(1) << 32))
      fail(where, "tensor dimension " + std::to_string(dim));
    count *= dim;
    if (count > (std::int64_t(1) << 32)) fail(where, "tensor of over 2^32 values");
  }
  std::vector<double> values;
  values.reserve(std::size_t(count));
  const int width = tensor.type == kFloat || tensor.type == kInt32  ? 4
                    : tensor.type == kInt8 || tensor.type == kUint8 ? 1
                                                                    : 0;
  if (width == 0)
    fail(where, "tensor of data type " + std::to_string(tensor.type) +
                    "; expected float, int8, uint8 or int32");
  if (tensor.raw.data != nullptr) {
    if (tensor.raw.size != std::size_t(count) * std::size_t(width))
      fail(where, std::to_string(tensor.raw.size) + " bytes of data for " + std::to_string(count) +
                      " values");
    for (std::int64_t i = 0; i < count; ++i) {
      const std::uint8_t* p = tensor.raw.data + i * width;
      if (tensor.type == kFloat) {
        const std::uint32_t bits = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 |
                                   std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
        float value;
        std::memcpy(&value, &bits, sizeof value);
        values.push_back(value);
      } else if (tensor.type == kInt32) {
        const std::uint32_t bits = std::uint32_t(p[0]) | std::uint32_t(p[1]) << 8 |
                                   std::uint32_t(p[2]) << 16 | std::uint32_t(p[3]) << 24;
        values.push_back(double(std::int32_t(bits)));
      } else {
        values.push_back(tensor.type == kInt8 ? double(std::int8_t(p[0])) : double(p[0]));
      }
    }
  } else if (tensor.type == kFloat) {
    values.assign(tensor.floats.begin(), tensor.floats.end());
  } else {
    values.assign(tensor.ints.begin(), tensor.ints.end());
  }
  if (values.size() != std::size_t(count))
    fail(where, std::to_string(values.size()) + " values for " + std::to_string(count));
  return values;
}

const TensorData& initializer(const QuantizedGraph& graph, const QuantizedConv& conv,
                              std::size_t input, const std::string& where) {
  if (input >= conv.inputs.size() || !graph.initializers.count(conv.inputs[input]))
    fail(where, "input " + std::to_string(input) + " is not a stored tensor");
  return graph.initializers.at(conv.inputs[input]);
}

std::string shape_text(const std::vector<std::int64_t>& dims) {
  std::string text;
  for (std::int64_t dim : dims) text += (text.empty() ? "" : "x") + std::to_string(dim);
  return text.empty() ? "scalar" : text;
}

// One QLinearConv's float weight and bias, checked against the spec's layer `index`.
void load_conv(const QuantizedGraph& graph, const QuantizedConv& node, const ModelSpec& spec,
               std::size_t index, torch::nn::Conv2dImpl& conv, const std::string& where) {
  const Layer& layer = spec.layers[index];
  const TensorData& weight = initializer(graph, node, 3, where);
  const std::vector<std::int64_t> expected(conv.weight.sizes().begin(), conv.weight.sizes().end());
  if (weight.dims != expected)
    fail(where, "weights of shape " + shape_text(weight.dims) + "; layer " + std::to_string(index) +
                    " of the network needs " + shape_text(expected));
  if (node.group != layer.groups || node.strides != std::vector<std::int64_t>(2, layer.stride) ||
      node.pads != std::vector<std::int64_t>(4, layer.padding))
    fail(where, "group " + std::to_string(node.group) + ", strides " + shape_text(node.strides) +
                    ", pads " + shape_text(node.pads) + " differ from layer " +
                    std::to_string(index) + "'s");
  const bool relu_follows =
      index + 1 < spec.layers.size() && spec.layers[index + 1].type == LayerType::kRelu6;
  const std::vector<double> output_zero = values_of(initializer(graph, node, 7, where), where);
  if (output_zero.size() != 1) fail(where, "an output zero point that is not one value");
  if ((output_zero[0] == 0) != relu_follows)
    fail(where, std::string("output zero point ") + std::to_string(output_zero[0]) +
                    (relu_follows ? ": expected 0 (a ReLU6 follows layer "
                                  : ": expected a linear output (no ReLU6 follows layer ") +
                    std::to_string(index) + ")");
  const std::int64_t outputs = expected[0];
  const std::vector<double> input_scale = values_of(initializer(graph, node, 1, where), where);
  const std::vector<double> scales = values_of(initializer(graph, node, 4, where), where);
  const std::vector<double> zeros = values_of(initializer(graph, node, 5, where), where);
  const std::vector<double> quantized = values_of(weight, where);
  const std::vector<double> bias = values_of(initializer(graph, node, 8, where), where);
  if (input_scale.size() != 1 || (scales.size() != 1 && std::int64_t(scales.size()) != outputs) ||
      std::int64_t(bias.size()) != outputs)
    fail(where, "scales or bias of the wrong size");
  for (double zero : zeros)
    if (zero != 0) fail(where, "weights with a zero point other than 0");

  const std::int64_t per_output = std::int64_t(quantized.size()) / outputs;
  std::vector<float> weights(quantized.size());
  std::vector<float> biases(static_cast<std::size_t>(outputs));
  for (std::int64_t o = 0; o < outputs; ++o) {
    const double scale = scales.size() == 1 ? scales[0] : scales[std::size_t(o)];
    for (std::int64_t k = 0; k < per_output; ++k) {
      const std::size_t i = std::size_t(o * per_output + k);
      weights[i] = float(quantized[i] * scale);
    }
    biases[std::size_t(o)] = float(bias[std::size_t(o)] * input_scale[0] * scale);
  }
  torch::NoGradGuard no_grad;
  conv.weight.copy_(torch::from_blob(weights.data(), conv.weight.sizes(), torch::kFloat));
  conv.bias.copy_(torch::from_blob(biases.data(), {outputs}, torch::kFloat));
}

}  // namespace

MobileNetV2Features append_mobilenet_v2(std::vector<Layer>& layers, bool with_last_conv) {
  if (!layers.empty()) fail("MobileNetV2 encoder", "must be the network's first layers");
  MobileNetV2Features features;
  layers.push_back(conv(3, 1));  // normalised L -> the classifier's normalised gray RGB
  layers.push_back(conv(32, 3, 2));
  layers.push_back(relu6());
  int channels = 32, stride = 2;
  for (const Stage& stage : kStages) {
    for (int block = 0; block < stage.blocks; ++block) {
      const int block_input = int(layers.size()) - 1;
      const int block_stride = block == 0 ? stage.stride : 1;
      const int hidden = channels * stage.expansion;
      if (stage.expansion != 1) {
        layers.push_back(conv(hidden, 1));
        layers.push_back(relu6());
      }
      layers.push_back(depthwise_conv(hidden, 3, block_stride));
      layers.push_back(relu6());
      layers.push_back(conv(stage.channels, 1));  // linear bottleneck
      if (block_stride == 1 && channels == stage.channels) layers.push_back(add_from(block_input));
      channels = stage.channels;
      stride *= block_stride;
    }
    const int end = int(layers.size()) - 1;
    if (stride == 2) features.stride2 = end;
    if (stride == 4) features.stride4 = end;
    if (stride == 8) features.stride8 = end;
    if (stride == 16) features.stride16 = end;
    if (stride == 32) features.stride32 = end;
  }
  if (with_last_conv) {
    layers.push_back(conv(1280, 1));
    layers.push_back(relu6());
    features.stride32 = int(layers.size()) - 1;
  }
  return features;
}

void load_mobilenet_v2_weights(SpecNetworkImpl& network, const std::string& onnx_path) {
  const ModelSpec& spec = network.spec();
  const std::vector<std::uint8_t> bytes = read_file(onnx_path);
  const QuantizedGraph graph = read_graph(bytes, onnx_path);  // views into `bytes`
  std::vector<std::size_t> convs;
  for (std::size_t i = 0; i < std::size_t(spec.encoder_layers); ++i)
    if (spec.layers[i].type == LayerType::kConv) convs.push_back(i);
  if (convs.empty() || convs[0] != 0)
    fail("model " + spec.architecture, "has no MobileNetV2 encoder in its first layers");
  // The first convolution turns the normalised L into the normalised gray RGB the classifier
  // knows: gray sRGB is close to L / 100 (both about the cube root of luminance).
  torch::nn::Conv2dImpl& input = *network.conv_at(0).ptr();
  {
    torch::NoGradGuard no_grad;
    input.weight.zero_();
    for (int c = 0; c < 3; ++c) {
      input.weight[c][0].fill_(kLScale / 100.0f / kImageNetDeviation[c]);
      input.bias[c].fill_((kLOffset / 100.0f - kImageNetMean[c]) / kImageNetDeviation[c]);
    }
  }
  if (graph.convs.size() < convs.size() - 1)
    fail(onnx_path, std::to_string(graph.convs.size()) + " QLinearConv nodes; the encoder has " +
                        std::to_string(convs.size() - 1) + " convolutions");
  for (std::size_t k = 1; k < convs.size(); ++k) {
    const QuantizedConv& node = graph.convs[k - 1];
    load_conv(graph, node, spec, convs[k], *network.conv_at(convs[k]).ptr(),
              onnx_path + ": QLinearConv " + std::to_string(k) + " ('" + node.name + "')");
  }
}

}  // namespace tint::trainer
