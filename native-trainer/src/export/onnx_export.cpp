#include "export/onnx_export.hpp"

#include "models/int8_weights.hpp"
#include "tint/error.hpp"
#include "tint/file_io.hpp"

namespace tint::trainer {
namespace {

std::vector<float> values_of(const torch::Tensor& tensor) {
  const torch::Tensor flat = tensor.detach().to(torch::kCPU, torch::kFloat).contiguous().view(-1);
  return std::vector<float>(flat.data_ptr<float>(), flat.data_ptr<float>() + flat.numel());
}

std::vector<std::int64_t> dims_of(const torch::Tensor& tensor) {
  return std::vector<std::int64_t>(tensor.sizes().begin(), tensor.sizes().end());
}

// Per-channel scale and shift equal to a BatchNorm in inference mode, in float64.
struct ChannelAffine {
  torch::Tensor scale, shift;
};
ChannelAffine affine_of(const torch::nn::BatchNorm2dImpl& norm) {
  const auto as_double = [](const torch::Tensor& t) { return t.detach().to(torch::kDouble); };
  const torch::Tensor scale =
      as_double(norm.weight) / torch::sqrt(as_double(norm.running_var) + norm.options.eps());
  return {scale, as_double(norm.bias) - as_double(norm.running_mean) * scale};
}

class GraphBuilder {
 public:
  explicit GraphBuilder(OnnxGraph& graph) : graph_(graph) {}

  std::string add_weight(const std::string& name, const torch::Tensor& tensor) {
    graph_.initializers.push_back(onnx_float_tensor(name, dims_of(tensor), values_of(tensor)));
    return name;
  }
  // A convolution's weight input: the float tensor, or int8 values behind DequantizeLinear when the
  // weights are exactly that.
  std::string add_conv_weight(const std::string& name, const torch::Tensor& weight) {
    const std::optional<Int8Weights> int8 = exact_int8_weights(weight);
    if (!int8) return add_weight(name, weight);
    const std::int64_t outputs = std::int64_t(int8->scales.size());
    graph_.initializers.push_back(onnx_int8_tensor(name + "_int8", dims_of(weight), int8->values));
    graph_.initializers.push_back(onnx_float_tensor(name + "_scale", {outputs}, int8->scales));
    graph_.initializers.push_back(onnx_int8_tensor(
        name + "_zero", {outputs}, std::vector<std::int8_t>(std::size_t(outputs), 0)));
    return add_node("DequantizeLinear", {name + "_int8", name + "_scale", name + "_zero"}, name,
                    {OnnxAttribute::make_int("axis", 0)});
  }
  std::string add_int64s(const std::string& name, std::vector<std::int64_t> values) {
    const std::int64_t size = std::int64_t(values.size());
    graph_.initializers.push_back(onnx_int64_tensor(name, {size}, std::move(values)));
    return name;
  }
  std::string add_node(const std::string& op, std::vector<std::string> inputs,
                       const std::string& output, std::vector<OnnxAttribute> attributes = {}) {
    OnnxNode node;
    node.op_type = op;
    node.name = output + "_" + op;
    node.inputs = std::move(inputs);
    node.outputs = {output};
    node.attributes = std::move(attributes);
    graph_.nodes.push_back(std::move(node));
    return output;
  }

 private:
  OnnxGraph& graph_;
};

}  // namespace

OnnxModel onnx_model_of(const SpecNetworkImpl& network, const ModelCard& card) {
  const ModelSpec& spec = network.spec();
  const std::vector<TensorShape> shapes = infer_shapes(spec);
  OnnxModel model;
  model.producer_version = card.producer;
  model.doc_string = "tint colorization model '" + card.name + "' (" + spec.architecture + ")";
  OnnxGraph& graph = model.graph;
  graph.name = spec.architecture;
  GraphBuilder builder(graph);

  const bool any_size = spec.input_size == 0;
  const auto side = [&](const char* symbol) {
    return any_size ? OnnxDim{-1, symbol} : OnnxDim{spec.input_size, ""};
  };
  graph.inputs.push_back(
      {kOnnxInputName,
       kOnnxFloat,
       {OnnxDim{-1, "batch"}, OnnxDim{spec.input_channels, ""}, side("height"), side("width")}});
  graph.outputs.push_back(
      {kOnnxOutputName,
       kOnnxFloat,
       {OnnxDim{-1, "batch"}, OnnxDim{shapes.back().c, ""}, side("height"), side("width")}});

  std::vector<bool> concat_source(spec.layers.size(), false);
  // Outputs another layer reads (concat, add, take) keep their own value: no batch norm folds into
  // them.
  for (const Layer& layer : spec.layers)
    if ((layer.type == LayerType::kConcat || layer.type == LayerType::kAdd ||
         layer.type == LayerType::kTake) &&
        layer.from >= 0)
      concat_source[std::size_t(layer.from)] = true;

  std::vector<std::string> value(spec.layers.size());  // the ONNX value of each layer's output
  std::string current = kOnnxInputName;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const Layer& layer = spec.layers[i];
    const std::string out = "layer" + std::to_string(i);
    const bool fold_next = i + 1 < spec.layers.size() &&
                           spec.layers[i + 1].type == LayerType::kBatchNorm && !concat_source[i];
    switch (layer.type) {
      case LayerType::kConv: {
        const torch::nn::Conv2dImpl& conv = *network.conv_at(i);
        torch::Tensor weight = conv.weight.detach().to(torch::kDouble);
        torch::Tensor bias = conv.bias.detach().to(torch::kDouble);
        if (fold_next) {
          const ChannelAffine bn = affine_of(*network.batch_norm_at(i + 1));
          weight = weight * bn.scale.view({-1, 1, 1, 1});
          bias = bias * bn.scale + bn.shift;
        }
        const std::int64_t k = layer.kernel, s = layer.stride, p = layer.padding,
                           d = layer.dilation;
        std::vector<OnnxAttribute> attributes = {OnnxAttribute::make_ints("kernel_shape", {k, k}),
                                                 OnnxAttribute::make_ints("strides", {s, s}),
                                                 OnnxAttribute::make_ints("pads", {p, p, p, p})};
        if (d != 1) attributes.push_back(OnnxAttribute::make_ints("dilations", {d, d}));
        if (layer.groups != 1) attributes.push_back(OnnxAttribute::make_int("group", layer.groups));
        const std::string weight_input =
            fold_next ? builder.add_weight(out + ".weight", weight)
                      : builder.add_conv_weight(out + ".weight", conv.weight);
        current = builder.add_node("Conv",
                                   {current, weight_input, builder.add_weight(out + ".bias", bias)},
                                   out, std::move(attributes));
        break;
      }
      case LayerType::kBatchNorm: {
        const bool folded =
            i > 0 && spec.layers[i - 1].type == LayerType::kConv && !concat_source[i - 1];
        if (folded) break;  // already in the convolution's weights
        const ChannelAffine bn = affine_of(*network.batch_norm_at(i));
        const std::string scaled = builder.add_node(
            "Mul", {current, builder.add_weight(out + ".scale", bn.scale.view({-1, 1, 1}))},
            out + "_scaled");
        current = builder.add_node(
            "Add", {scaled, builder.add_weight(out + ".shift", bn.shift.view({-1, 1, 1}))}, out);
        break;
      }
      case LayerType::kRelu:
        current = builder.add_node("Relu", {current}, out);
        break;
      case LayerType::kRelu6:
        graph.initializers.push_back(onnx_float_tensor(out + ".min", {}, {0.0f}));
        graph.initializers.push_back(onnx_float_tensor(out + ".max", {}, {6.0f}));
        current = builder.add_node("Clip", {current, out + ".min", out + ".max"}, out);
        break;
      case LayerType::kTanh:
        current = builder.add_node("Tanh", {current}, out);
        break;
      case LayerType::kSigmoid:
        current = builder.add_node("Sigmoid", {current}, out);
        break;
      case LayerType::kMaxPool: {
        const std::int64_t k = layer.kernel, s = layer.stride;
        current = builder.add_node("MaxPool", {current}, out,
                                   {OnnxAttribute::make_ints("kernel_shape", {k, k}),
                                    OnnxAttribute::make_ints("strides", {s, s})});
        break;
      }
      case LayerType::kUpsample: {
        const float f = float(layer.factor);
        graph.initializers.push_back(onnx_float_tensor(out + ".scales", {4}, {1, 1, f, f}));
        // Bilinear: torch's align_corners=false is ONNX's half_pixel. Nearest: torch's source
        // index is floor(destination index / factor).
        std::vector<OnnxAttribute> attributes =
            layer.bilinear
                ? std::vector<OnnxAttribute>{OnnxAttribute::make_string("mode", "linear"),
                                             OnnxAttribute::make_string(
                                                 "coordinate_transformation_mode", "half_pixel")}
                : std::vector<OnnxAttribute>{
                      OnnxAttribute::make_string("mode", "nearest"),
                      OnnxAttribute::make_string("coordinate_transformation_mode", "asymmetric"),
                      OnnxAttribute::make_string("nearest_mode", "floor")};
        current =
            builder.add_node("Resize", {current, "", out + ".scales"}, out, std::move(attributes));
        break;
      }
      case LayerType::kDropout:
        break;  // identity at inference
      case LayerType::kFlatten:
        current = builder.add_node("Flatten", {current}, out, {OnnxAttribute::make_int("axis", 1)});
        break;
      case LayerType::kLinear: {
        const torch::nn::LinearImpl& dense = *network.linear_at(i);
        current = builder.add_node("Gemm",
                                   {current, builder.add_weight(out + ".weight", dense.weight),
                                    builder.add_weight(out + ".bias", dense.bias)},
                                   out, {OnnxAttribute::make_int("transB", 1)});
        break;
      }
      case LayerType::kReshape:
        current = builder.add_node(
            "Reshape",
            {current, builder.add_int64s(out + ".shape", {-1, layer.c, layer.h, layer.w})}, out);
        break;
      case LayerType::kConcat:
        current = builder.add_node("Concat", {current, value[std::size_t(layer.from)]}, out,
                                   {OnnxAttribute::make_int("axis", 1)});
        break;
      case LayerType::kGlobalAveragePool:
        current = builder.add_node("GlobalAveragePool", {current}, out);
        break;
      case LayerType::kAdd:  // ONNX's Add broadcasts a 1 x 1 operand as torch does
        current = builder.add_node("Add", {current, value[std::size_t(layer.from)]}, out);
        break;
      case LayerType::kTake:
        current = layer.from == kNetworkInput ? std::string(kOnnxInputName)
                                              : value[std::size_t(layer.from)];
        break;
    }
    value[i] = current;
  }
  // The last node writes the graph output directly; an identity covers a graph that ends in a
  // layer without a node (dropout).
  if (!graph.nodes.empty() && graph.nodes.back().outputs[0] == current)
    graph.nodes.back().outputs[0] = kOnnxOutputName;
  else
    builder.add_node("Identity", {current}, kOnnxOutputName);
  // The card goes in last, with the checksum of the weights written above.
  ModelCard stamped = card;
  stamped.weights_checksum = initializers_checksum(graph);
  model.metadata.push_back(model_card_metadata_entry(stamped));
  return model;
}

void export_onnx(const SpecNetworkImpl& network, const ModelCard& card, const std::string& path) {
  write_file_atomic(path, write_onnx_model(onnx_model_of(network, card)));
}

}  // namespace tint::trainer
