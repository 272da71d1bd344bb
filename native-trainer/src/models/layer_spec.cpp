#include "models/layer_spec.hpp"

#include "tint/error.hpp"

namespace tint::trainer {

Layer conv(int out, int kernel, int stride, int padding) {
  Layer layer;
  layer.type = LayerType::kConv;
  layer.out = out;
  layer.kernel = kernel;
  layer.stride = stride;
  layer.padding = padding < 0 ? kernel / 2 : padding;
  return layer;
}

Layer dilated_conv(int out, int kernel, int dilation) {
  Layer layer = conv(out, kernel, 1, dilation * (kernel / 2));
  layer.dilation = dilation;
  return layer;
}

Layer depthwise_conv(int channels, int kernel, int stride) {
  Layer layer = conv(channels, kernel, stride);
  layer.groups = channels;
  return layer;
}

namespace {
Layer of_type(LayerType type) {
  Layer layer;
  layer.type = type;
  return layer;
}
}  // namespace

Layer batch_norm() { return of_type(LayerType::kBatchNorm); }
Layer relu() { return of_type(LayerType::kRelu); }
Layer relu6() { return of_type(LayerType::kRelu6); }
Layer tanh_layer() { return of_type(LayerType::kTanh); }
Layer sigmoid() { return of_type(LayerType::kSigmoid); }
Layer flatten() { return of_type(LayerType::kFlatten); }

Layer max_pool(int kernel, int stride) {
  Layer layer = of_type(LayerType::kMaxPool);
  layer.kernel = kernel;
  layer.stride = stride;
  return layer;
}

Layer upsample(int factor) {
  Layer layer = of_type(LayerType::kUpsample);
  layer.factor = factor;
  return layer;
}

Layer bilinear_upsample(int factor) {
  Layer layer = upsample(factor);
  layer.bilinear = true;
  return layer;
}

Layer dropout(float p) {
  Layer layer = of_type(LayerType::kDropout);
  layer.p = p;
  return layer;
}

Layer linear(int out) {
  Layer layer = of_type(LayerType::kLinear);
  layer.out = out;
  return layer;
}

Layer reshape(int c, int h, int w) {
  Layer layer = of_type(LayerType::kReshape);
  layer.c = c;
  layer.h = h;
  layer.w = w;
  return layer;
}

Layer concat_with(int from) {
  Layer layer = of_type(LayerType::kConcat);
  layer.from = from;
  return layer;
}

Layer global_average_pool() { return of_type(LayerType::kGlobalAveragePool); }

Layer add_from(int from) {
  Layer layer = of_type(LayerType::kAdd);
  layer.from = from;
  return layer;
}

Layer take(int from) {
  Layer layer = of_type(LayerType::kTake);
  layer.from = from;
  return layer;
}

std::string to_string(LayerType type) {
  switch (type) {
    case LayerType::kConv:
      return "conv";
    case LayerType::kBatchNorm:
      return "batchnorm";
    case LayerType::kRelu:
      return "relu";
    case LayerType::kRelu6:
      return "relu6";
    case LayerType::kTanh:
      return "tanh";
    case LayerType::kSigmoid:
      return "sigmoid";
    case LayerType::kMaxPool:
      return "maxpool";
    case LayerType::kUpsample:
      return "upsample";
    case LayerType::kDropout:
      return "dropout";
    case LayerType::kFlatten:
      return "flatten";
    case LayerType::kLinear:
      return "linear";
    case LayerType::kReshape:
      return "reshape";
    case LayerType::kConcat:
      return "concat";
    case LayerType::kGlobalAveragePool:
      return "globalavgpool";
    case LayerType::kAdd:
      return "add";
    case LayerType::kTake:
      return "take";
  }
  return "?";
}

namespace {

std::string size_text(const TensorShape& s) {
  return s.flat() ? std::to_string(s.c) + " features"
                  : std::to_string(s.c) + "x" + std::to_string(s.h) + "x" + std::to_string(s.w);
}

TensorShape next_shape(const ModelSpec& spec, const std::vector<TensorShape>& shapes,
                       std::size_t index, const TensorShape& in, const TensorShape& input) {
  const Layer& layer = spec.layers[index];
  const std::string where = "layer " + std::to_string(index) + " (" + to_string(layer.type) + ")";
  auto require_image = [&] {
    if (in.flat()) fail(where, "needs an image input, got " + size_text(in));
  };
  switch (layer.type) {
    case LayerType::kConv:
    case LayerType::kMaxPool: {
      require_image();
      const int padding = layer.type == LayerType::kConv ? layer.padding : 0;
      const int dilation = layer.type == LayerType::kConv ? layer.dilation : 1;
      if (layer.kernel < 1 || layer.stride < 1 || padding < 0 || dilation < 1)
        fail(where, "kernel, stride and dilation must be >= 1 and padding >= 0");
      if (layer.type == LayerType::kConv && layer.out < 1) fail(where, "needs >= 1 channel");
      if (layer.type == LayerType::kConv &&
          (layer.groups < 1 || in.c % layer.groups != 0 || layer.out % layer.groups != 0))
        fail(where, "cannot split " + std::to_string(in.c) + " input and " +
                        std::to_string(layer.out) + " output channels into " +
                        std::to_string(layer.groups) + " groups");
      const int reach = dilation * (layer.kernel - 1) + 1;  // the kernel's extent in pixels
      if (in.h + 2 * padding < reach || in.w + 2 * padding < reach)
        fail(where, "kernel " + std::to_string(layer.kernel) + " larger than the " +
                        std::to_string(in.h) + "x" + std::to_string(in.w) + " input");
      TensorShape out;
      out.c = layer.type == LayerType::kConv ? layer.out : in.c;
      out.h = (in.h + 2 * padding - reach) / layer.stride + 1;
      out.w = (in.w + 2 * padding - reach) / layer.stride + 1;
      return out;
    }
    case LayerType::kBatchNorm:
    case LayerType::kRelu:
    case LayerType::kRelu6:
    case LayerType::kTanh:
    case LayerType::kSigmoid:
      return in;
    case LayerType::kDropout:
      if (!(layer.p >= 0.0f && layer.p < 1.0f)) fail(where, "p must be in [0, 1)");
      return in;
    case LayerType::kUpsample:
      require_image();
      if (layer.factor < 1) fail(where, "factor must be >= 1");
      return {in.c, in.h * layer.factor, in.w * layer.factor};
    case LayerType::kFlatten:
      require_image();
      return {in.c * in.h * in.w, 0, 0};
    case LayerType::kLinear:
      if (!in.flat()) fail(where, "needs flat features; add a flatten layer before it");
      if (layer.out < 1) fail(where, "needs >= 1 feature");
      return {layer.out, 0, 0};
    case LayerType::kReshape:
      if (!in.flat()) fail(where, "needs flat features");
      if (std::int64_t(layer.c) * layer.h * layer.w != in.c || layer.h < 1 || layer.w < 1)
        fail(where, "cannot reshape " + size_text(in) + " to " + std::to_string(layer.c) + "x" +
                        std::to_string(layer.h) + "x" + std::to_string(layer.w));
      return {layer.c, layer.h, layer.w};
    case LayerType::kConcat: {
      require_image();
      if (layer.from < 0 || std::size_t(layer.from) >= index)
        fail(where, "concatenates layer " + std::to_string(layer.from) +
                        ", which is not an earlier layer");
      const TensorShape& other = shapes[std::size_t(layer.from)];
      if (other.flat() || other.h != in.h || other.w != in.w)
        fail(where, "cannot concatenate " + size_text(in) + " with layer " +
                        std::to_string(layer.from) + "'s " + size_text(other));
      return {in.c + other.c, in.h, in.w};
    }
    case LayerType::kGlobalAveragePool:
      require_image();
      return {in.c, 1, 1};
    case LayerType::kAdd: {
      require_image();
      if (layer.from < 0 || std::size_t(layer.from) >= index)
        fail(where, "adds layer " + std::to_string(layer.from) + ", which is not an earlier layer");
      const TensorShape& other = shapes[std::size_t(layer.from)];
      const auto single = [](const TensorShape& s) { return s.h == 1 && s.w == 1; };
      const bool same_size = other.h == in.h && other.w == in.w;
      if (other.flat() || other.c != in.c || !(same_size || single(in) || single(other)))
        fail(where, "cannot add layer " + std::to_string(layer.from) + "'s " + size_text(other) +
                        " to " + size_text(in) + " (same channels, and the same size or 1x1)");
      return single(in) ? other : in;
    }
    case LayerType::kTake:
      if (layer.from == kNetworkInput) return input;
      if (layer.from < 0 || std::size_t(layer.from) >= index)
        fail(where, "takes layer " + std::to_string(layer.from) +
                        ", which is neither an earlier layer nor the input");
      return shapes[std::size_t(layer.from)];
  }
  fail(where, "unknown layer type");
}

}  // namespace

std::vector<TensorShape> infer_shapes(const ModelSpec& spec, int height, int width) {
  if (spec.layers.empty()) fail("model " + spec.architecture, "has no layers");
  if (height < 1 || width < 1 || spec.input_channels < 1)
    fail("model " + spec.architecture, "input must be at least 1x1 with >= 1 channel");
  std::vector<TensorShape> shapes;
  const TensorShape input{spec.input_channels, height, width};
  if (spec.encoder_layers < 0 || std::size_t(spec.encoder_layers) > spec.layers.size())
    fail("model " + spec.architecture, "has an encoder of " + std::to_string(spec.encoder_layers) +
                                           " layers, but " + std::to_string(spec.layers.size()) +
                                           " layers in all");
  if (spec.loss_stride < 1)
    fail("model " + spec.architecture,
         "loss stride " + std::to_string(spec.loss_stride) + " (must be >= 1)");
  if (spec.loss_stride > 1 && !(spec.layers.back().type == LayerType::kUpsample &&
                                spec.layers.back().factor == spec.loss_stride))
    fail("model " + spec.architecture, "computes its loss every " +
                                           std::to_string(spec.loss_stride) +
                                           " pixels, so its last layer must upsample by that");
  TensorShape current = input;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    current = next_shape(spec, shapes, i, current, input);
    shapes.push_back(current);
  }
  if (current.flat())
    fail("model " + spec.architecture, "must end in an image (add a reshape layer)");
  if (current.h != height || current.w != width)
    fail("model " + spec.architecture, "output is " + size_text(current) + " for a " +
                                           std::to_string(height) + "x" + std::to_string(width) +
                                           " input; it must keep the input's size");
  return shapes;
}

std::vector<TensorShape> infer_shapes(const ModelSpec& spec) {
  const int side = spec.input_size > 0 ? spec.input_size : 32 * spec.size_multiple;
  return infer_shapes(spec, side, side);
}

std::int64_t parameter_count(const ModelSpec& spec) {
  const std::vector<TensorShape> shapes = infer_shapes(spec);
  std::int64_t count = 0;
  for (std::size_t i = 0; i < spec.layers.size(); ++i) {
    const TensorShape in = i == 0 ? TensorShape{spec.input_channels, 1, 1} : shapes[i - 1];
    const Layer& layer = spec.layers[i];
    if (layer.type == LayerType::kConv)
      count +=
          std::int64_t(layer.out) * (in.c / layer.groups) * layer.kernel * layer.kernel + layer.out;
    else if (layer.type == LayerType::kLinear)
      count += std::int64_t(layer.out) * in.c + layer.out;
    else if (layer.type == LayerType::kBatchNorm)
      count += 2 * in.c;
  }
  return count;
}

Json to_json(const ModelSpec& spec) {
  Json layers = Json::array();
  for (const Layer& layer : spec.layers) {
    Json item = Json::object();
    item["type"] = to_string(layer.type);
    switch (layer.type) {
      case LayerType::kConv:
        item["out"] = layer.out;
        item["kernel"] = layer.kernel;
        item["stride"] = layer.stride;
        item["padding"] = layer.padding;
        if (layer.dilation != 1) item["dilation"] = layer.dilation;
        if (layer.groups != 1) item["groups"] = layer.groups;
        break;
      case LayerType::kMaxPool:
        item["kernel"] = layer.kernel;
        item["stride"] = layer.stride;
        break;
      case LayerType::kUpsample:
        item["factor"] = layer.factor;
        item["mode"] = layer.bilinear ? "bilinear" : "nearest";
        break;
      case LayerType::kDropout:
        item["p"] = layer.p;
        break;
      case LayerType::kLinear:
        item["out"] = layer.out;
        break;
      case LayerType::kReshape:
        item["shape"] = Json::array();
        for (int side : {layer.c, layer.h, layer.w}) item["shape"].push_back(side);
        break;
      case LayerType::kConcat:
      case LayerType::kAdd:
      case LayerType::kTake:
        item["from"] = layer.from;
        break;
      default:
        break;
    }
    layers.push_back(std::move(item));
  }
  Json json = Json::object();
  json["architecture"] = spec.architecture;
  json["input_channels"] = spec.input_channels;
  json["input_size"] = spec.input_size;
  json["size_multiple"] = spec.size_multiple;
  json["encoder_layers"] = spec.encoder_layers;
  json["encoder_frozen"] = spec.encoder_frozen;
  json["loss_stride"] = spec.loss_stride;
  json["layers"] = std::move(layers);
  return json;
}

}  // namespace tint::trainer
