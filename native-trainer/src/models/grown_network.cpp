#include "models/grown_network.hpp"

#include <algorithm>

#include "tint/error.hpp"

namespace tint::trainer {
namespace {

// A layer and the channels it gives (a concatenation's grow with the network; the others' do not).
struct LayerOf {
  const Layer& layer;
  std::int64_t channels;
};

// Two layers that can hold the same weights: the same type, settings and output channels. Concat,
// add and take layers match whatever index they name (it shifts when layers are added before
// it), except that a take of the network's input only matches another.
bool same_kind(const LayerOf& x, const LayerOf& y) {
  const Layer &a = x.layer, &b = y.layer;
  if (a.type != b.type || (a.type != LayerType::kConcat && x.channels != y.channels)) return false;
  switch (a.type) {
    case LayerType::kConv:
      return a.out == b.out && a.kernel == b.kernel && a.stride == b.stride &&
             a.padding == b.padding && a.dilation == b.dilation && a.groups == b.groups;
    case LayerType::kLinear:
      return a.out == b.out;
    case LayerType::kMaxPool:
      return a.kernel == b.kernel && a.stride == b.stride;
    case LayerType::kUpsample:
      return a.factor == b.factor && a.bilinear == b.bilinear;
    case LayerType::kDropout:
      return a.p == b.p;
    case LayerType::kReshape:
      return a.c == b.c && a.h == b.h && a.w == b.w;
    case LayerType::kTake:
      return (a.from == kNetworkInput) == (b.from == kNetworkInput);
    default:
      return true;
  }
}

// For each trained layer, the grown layer it becomes (-1: none), by the longest common
// subsequence of same_kind layers.
std::vector<int> match_layers(const ModelSpec& trained_spec, const ModelSpec& grown_spec) {
  const auto layers_of = [](const ModelSpec& spec) {
    const std::vector<TensorShape> shapes = infer_shapes(spec);
    std::vector<LayerOf> layers;
    for (std::size_t i = 0; i < spec.layers.size(); ++i)
      layers.push_back({spec.layers[i], shapes[i].c});
    return layers;
  };
  const std::vector<LayerOf> trained = layers_of(trained_spec), grown = layers_of(grown_spec);
  const std::size_t n = trained.size(), m = grown.size();
  std::vector<std::vector<int>> longest(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;)
    for (std::size_t j = m; j-- > 0;)
      longest[i][j] = same_kind(trained[i], grown[j])
                          ? longest[i + 1][j + 1] + 1
                          : std::max(longest[i + 1][j], longest[i][j + 1]);
  std::vector<int> match(n, -1);
  for (std::size_t i = 0, j = 0; i < n && j < m;) {
    if (same_kind(trained[i], grown[j]) && longest[i][j] == longest[i + 1][j + 1] + 1) {
      match[i] = int(j);
      ++i, ++j;
    } else if (longest[i + 1][j] >= longest[i][j + 1]) {
      ++i;
    } else {
      ++j;
    }
  }
  return match;
}

std::string shape_text(const torch::Tensor& t) {
  std::string text;
  for (const std::int64_t size : t.sizes())
    text += (text.empty() ? "" : "x") + std::to_string(size);
  return text;
}

// `from`'s values into `to`: equal shapes, or a convolution weight that takes more input channels
// (the added ones, concatenated last, start at 0). Returns whether it widened.
bool copy_weight(const torch::Tensor& from, torch::Tensor& to, const std::string& where) {
  torch::NoGradGuard no_grad;
  const torch::Tensor source = from.to(to.device(), to.scalar_type());
  if (from.sizes() == to.sizes()) {
    to.copy_(source);
    return false;
  }
  const bool widened = from.dim() == 4 && to.dim() == 4 && from.size(0) == to.size(0) &&
                       from.size(1) < to.size(1) && from.size(2) == to.size(2) &&
                       from.size(3) == to.size(3);
  if (!widened)
    fail(where,
         "its " + shape_text(from) + " weights do not fit the grown network's " + shape_text(to));
  to.zero_();
  to.narrow(1, 0, from.size(1)).copy_(source);
  return true;
}

void copy_module(const torch::nn::Module& from, torch::nn::Module& to, const std::string& where,
                 GrowthReport& report) {
  bool widened = false;
  const auto from_parameters = from.named_parameters(/*recurse=*/false);
  for (auto& parameter : to.named_parameters(/*recurse=*/false))
    widened |= copy_weight(from_parameters[parameter.key()], parameter.value(),
                           where + " " + parameter.key());
  const auto from_buffers = from.named_buffers(/*recurse=*/false);
  for (auto& buffer : to.named_buffers(/*recurse=*/false))
    copy_weight(from_buffers[buffer.key()], buffer.value(), where + " " + buffer.key());
  ++(widened ? report.widened_layers : report.copied_layers);
}

const torch::nn::Module* weighted_module(const SpecNetworkImpl& network, std::size_t i) {
  if (!network.conv_at(i).is_empty()) return network.conv_at(i).get();
  if (!network.batch_norm_at(i).is_empty()) return network.batch_norm_at(i).get();
  if (!network.linear_at(i).is_empty()) return network.linear_at(i).get();
  return nullptr;
}

// Both networks' outputs on one fixed input, in inference mode (the grown one's mode restored).
double largest_output_difference(const SpecNetworkImpl& trained, SpecNetworkImpl& grown) {
  const ModelSpec& spec = grown.spec();
  const std::int64_t side =
      spec.input_size > 0 ? spec.input_size : std::max(2 * spec.size_multiple, 64);
  torch::NoGradGuard no_grad;
  torch::manual_seed(7);
  const torch::Tensor input = torch::rand({1, spec.input_channels, side, side}) * 2.0 - 1.0;
  const bool was_training = grown.is_training();
  grown.eval();
  const torch::Tensor grown_output =
      grown.forward(input.to(grown.parameters().front().device())).cpu();
  grown.train(was_training);
  auto& trained_network = const_cast<SpecNetworkImpl&>(trained);  // forward is not const
  const torch::Tensor trained_output = trained_network.forward(input);
  return (grown_output - trained_output).abs().max().item<double>();
}

}  // namespace

GrowthReport grow_into(const SpecNetworkImpl& trained, SpecNetworkImpl& grown,
                       const std::string& trained_name) {
  const ModelSpec &from = trained.spec(), &to = grown.spec();
  if (from.architecture != to.architecture || from.input_channels != to.input_channels)
    fail(trained_name, "holds a " + from.architecture + " model of " +
                           std::to_string(from.input_channels) + " input channels, not the " +
                           to.architecture + " of " + std::to_string(to.input_channels) +
                           " being trained");
  const std::vector<int> match = match_layers(from, to);
  GrowthReport report;
  std::vector<bool> filled(to.layers.size(), false);
  for (std::size_t i = 0; i < from.layers.size(); ++i) {
    const torch::nn::Module* source = weighted_module(trained, i);
    if (source == nullptr) continue;
    const std::string where =
        trained_name + ": layer " + std::to_string(i) + " (" + to_string(from.layers[i].type) + ")";
    if (match[std::size_t(i)] < 0)
      fail(where,
           "has no place in the network being trained: --init-from grows a network "
           "(layers added), it does not take layers away");
    const auto j = std::size_t(match[i]);
    copy_module(*source, const_cast<torch::nn::Module&>(*weighted_module(grown, j)), where, report);
    filled[j] = true;
  }
  for (std::size_t j = 0; j < to.layers.size(); ++j)
    if (!filled[j] && weighted_module(grown, j) != nullptr) ++report.new_layers;
  report.largest_output_difference = largest_output_difference(trained, grown);
  return report;
}

}  // namespace tint::trainer
