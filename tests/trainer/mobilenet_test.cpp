// The MobileNetV2 encoder: its int8 ONNX weights become the float convolutions the formula says
// (a synthetic file), files that are not this network are refused naming the node, and the real
// ImageNet file gives features that tell photos of one class from another far better than the
// same network untrained.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>

#include "models/grown_network.hpp"
#include "models/mobilenet_v2.hpp"
#include "models/presets.hpp"
#include "test_support.hpp"
#include "tint/color_space.hpp"
#include "tint/file_io.hpp"
#include "tint/hints.hpp"
#include "tint/image_io.hpp"
#include "tint/protobuf_wire.hpp"
#include "training/checkpoint.hpp"
#include "training/training_tensors.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;

const std::string kMobileNetFile = test::shared_model("mobilenetv2-12-int8.onnx");

// The encoder alone, its stride-32 features upsampled back to the input's size (a spec must keep
// its input's size): their mean over the image is the classifier's pooled feature vector.
ModelSpec encoder_features_spec(bool with_last_conv) {
  ModelSpec spec{"mobilenet-v2-features", 1, 0, 32, {}};
  append_mobilenet_v2(spec.layers, with_last_conv);
  spec.encoder_layers = int(spec.layers.size());
  spec.encoder_frozen = true;
  spec.layers.push_back(upsample(32));
  return spec;
}

// ---- A synthetic quantized file: one QLinearConv per encoder convolution, in order ----------

ProtoWriter tensor_proto(const std::string& name, const std::vector<std::int64_t>& dims, int type,
                         const std::vector<std::uint8_t>& raw) {
  ProtoWriter tensor;
  for (std::int64_t dim : dims) tensor.int64(1, dim);
  tensor.int64(2, type);
  tensor.string(8, name);
  tensor.bytes(9, raw.data(), raw.size());
  return tensor;
}

std::vector<std::uint8_t> float_bytes(const std::vector<float>& values) {
  std::vector<std::uint8_t> raw(values.size() * 4);
  std::memcpy(raw.data(), values.data(), raw.size());  // little-endian, as ONNX stores them
  return raw;
}

struct SyntheticConv {
  std::vector<std::int64_t> dims;
  std::vector<std::int8_t> weights;
  std::vector<float> scales;
  std::vector<std::int32_t> bias;
  float input_scale = 0;
};

struct SyntheticFile {
  std::vector<SyntheticConv> convs;
  std::vector<std::uint8_t> bytes;
};

// `mutate(k, node)` may spoil QLinearConv k before it is written.
SyntheticFile synthetic_file(
    const ModelSpec& spec,
    const std::function<void(std::size_t, ProtoWriter&, int&)>& mutate = nullptr) {
  SyntheticFile file;
  std::mt19937 random(3);
  ProtoWriter graph;
  const SpecNetwork network(spec);
  std::size_t k = 0;
  for (std::size_t i = 1; i < std::size_t(spec.encoder_layers); ++i) {
    const Layer& layer = spec.layers[i];
    if (layer.type != LayerType::kConv) continue;
    SyntheticConv conv;
    const torch::Tensor& weight = network->conv_at(i)->weight;
    conv.dims.assign(weight.sizes().begin(), weight.sizes().end());
    const std::int64_t outputs = conv.dims[0];
    conv.weights.resize(std::size_t(weight.numel()));
    for (std::int8_t& w : conv.weights) w = std::int8_t(int(random() % 255) - 127);
    for (std::int64_t o = 0; o < outputs; ++o) {
      conv.scales.push_back(float(1 + random() % 1000) * 1e-5f);
      conv.bias.push_back(std::int32_t(random() % 20001) - 10000);
    }
    conv.input_scale = float(1 + random() % 100) * 1e-3f;
    const std::string n = "c" + std::to_string(k);
    const bool relu = spec.layers[i + 1].type == LayerType::kRelu6;
    int output_zero = relu ? 0 : 128;
    ProtoWriter node;
    for (const char* input :
         {"x", "x_scale", "x_zero", "w", "w_scale", "w_zero", "y_scale", "y_zero", "b"})
      node.string(1, n + "_" + input);
    node.string(2, n + "_y");
    node.string(3, n);
    node.string(4, "QLinearConv");
    ProtoWriter group, strides, pads;
    group.string(1, "group");
    group.int64(3, layer.groups);
    group.int64(20, 2);
    strides.string(1, "strides");
    strides.packed_int64(8, {layer.stride, layer.stride});
    strides.int64(20, 7);
    pads.string(1, "pads");
    pads.packed_int64(8, std::vector<std::int64_t>(4, layer.padding));
    pads.int64(20, 7);
    node.message(5, group);
    node.message(5, strides);
    node.message(5, pads);
    if (mutate) mutate(k, node, output_zero);
    graph.message(1, node);
    const std::vector<std::uint8_t> weight_bytes(conv.weights.begin(), conv.weights.end());
    std::vector<std::uint8_t> bias_bytes(conv.bias.size() * 4);
    std::memcpy(bias_bytes.data(), conv.bias.data(), bias_bytes.size());
    graph.message(5, tensor_proto(n + "_x_scale", {}, 1, float_bytes({conv.input_scale})));
    graph.message(5, tensor_proto(n + "_w", conv.dims, 3, weight_bytes));
    graph.message(5, tensor_proto(n + "_w_scale", {outputs}, 1, float_bytes(conv.scales)));
    graph.message(5, tensor_proto(n + "_w_zero", {outputs}, 3,
                                  std::vector<std::uint8_t>(std::size_t(outputs), 0)));
    graph.message(5, tensor_proto(n + "_y_zero", {}, 2, {std::uint8_t(output_zero)}));
    graph.message(5, tensor_proto(n + "_b", {outputs}, 6, bias_bytes));
    file.convs.push_back(std::move(conv));
    ++k;
  }
  ProtoWriter model;
  model.int64(1, 7);
  model.message(7, graph);
  file.bytes = model.take();
  return file;
}

fs::path write_temporary(const std::string& name, const std::vector<std::uint8_t>& bytes) {
  const fs::path path = fs::temp_directory_path() / ("tint_mobilenet_" + name + ".onnx");
  write_file_atomic(path.string(), bytes);
  return path;
}

TEST(MobileNetV2, QuantizedWeightsBecomeScaledFloatConvolutions) {
  const ModelSpec spec = encoder_features_spec(false);
  const SyntheticFile file = synthetic_file(spec);
  const fs::path path = write_temporary("synthetic", file.bytes);
  SpecNetwork network(spec);
  load_mobilenet_v2_weights(*network, path.string());
  fs::remove(path);

  std::size_t k = 0;
  for (std::size_t i = 1; i < std::size_t(spec.encoder_layers); ++i) {
    if (spec.layers[i].type != LayerType::kConv) continue;
    const SyntheticConv& conv = file.convs[k++];
    const torch::Tensor weight = network->conv_at(i)->weight.reshape({conv.dims[0], -1});
    const torch::Tensor bias = network->conv_at(i)->bias;
    const std::int64_t per_output = weight.size(1);
    for (std::int64_t o : {std::int64_t(0), conv.dims[0] - 1}) {
      for (std::int64_t j : {std::int64_t(0), per_output - 1}) {
        const float expected =
            float(conv.weights[std::size_t(o * per_output + j)]) * conv.scales[std::size_t(o)];
        EXPECT_FLOAT_EQ(weight[o][j].item<float>(), expected) << "layer " << i;
      }
      EXPECT_FLOAT_EQ(bias[o].item<float>(), float(conv.bias[std::size_t(o)]) * conv.input_scale *
                                                 conv.scales[std::size_t(o)])
          << "layer " << i;
    }
  }
  EXPECT_EQ(k, file.convs.size());
  EXPECT_EQ(k, 51u);  // the stem, 17 blocks' 2 or 3 convolutions, without the last 1x1

  // The first layer turns the normalised L into ImageNet's normalised gray: L = 100 (input 1)
  // is white, (1 - 0.485) / 0.229 in the red plane.
  torch::NoGradGuard no_grad;
  const torch::Tensor white =
      network->conv_at(0).ptr()->forward(torch::full({1, 1, 1, 1}, (100.0f - kLOffset) / kLScale));
  EXPECT_NEAR(white[0][0][0][0].item<float>(), (1 - 0.485f) / 0.229f, 1e-5);
  EXPECT_NEAR(white[0][2][0][0].item<float>(), (1 - 0.406f) / 0.225f, 1e-5);
}

TEST(MobileNetV2, AFileThatIsNotThisNetworkIsRefusedNamingTheNode) {
  const ModelSpec spec = encoder_features_spec(false);
  SpecNetwork network(spec);
  const auto error_for = [&](const std::string& name, const std::vector<std::uint8_t>& bytes) {
    const fs::path path = write_temporary(name, bytes);
    const std::string error =
        test::error_of([&] { load_mobilenet_v2_weights(*network, path.string()); });
    fs::remove(path);
    return error;
  };
  // A ReLU6 where the network has a linear bottleneck: QLinearConv 2 is block 0's projection.
  std::string error =
      error_for("relu", synthetic_file(spec, [](std::size_t k, ProtoWriter&, int& output_zero) {
                          if (k == 2) output_zero = 0;
                        }).bytes);
  EXPECT_NE(error.find("QLinearConv 3 ('c2'): output zero point 0"), std::string::npos) << error;
  EXPECT_NE(error.find("expected a linear output"), std::string::npos) << error;

  // A stride the network does not have.
  error = error_for("stride", synthetic_file(spec, [](std::size_t k, ProtoWriter& node, int&) {
                                if (k != 0) return;
                                ProtoWriter strides;
                                strides.string(1, "strides");
                                strides.packed_int64(8, {1, 1});
                                node.message(5, strides);
                              }).bytes);
  EXPECT_NE(error.find("QLinearConv 1 ('c0'): group 1, strides 1x1, pads 1x1x1x1 differ from "
                       "layer 1's"),
            std::string::npos)
      << error;

  // Too few convolutions, and a file that is not ONNX.
  ModelSpec longer = encoder_features_spec(true);
  SpecNetwork longer_network(longer);
  const fs::path short_file = write_temporary("short", synthetic_file(spec).bytes);
  error = test::error_of([&] { load_mobilenet_v2_weights(*longer_network, short_file.string()); });
  fs::remove(short_file);
  EXPECT_NE(error.find("51 QLinearConv nodes; the encoder has 52 convolutions"), std::string::npos)
      << error;
  error = error_for("text", {'h', 'e', 'l', 'l', 'o'});
  EXPECT_NE(error.find("tint_mobilenet_text.onnx"), std::string::npos) << error;
}

// ---- The real ImageNet weights ----------------------------------------------------------------

// The normalised L of a photo enlarged to 128 x 128, as a 1 x 1 x 128 x 128 tensor.
torch::Tensor lightness_of(const std::string& path) {
  const Image8 photo = read_image(path);
  torch::Tensor plane = torch::empty({1, 1, photo.height(), photo.width()});
  float* out = plane.data_ptr<float>();
  for (int y = 0; y < photo.height(); ++y)
    for (int x = 0; x < photo.width(); ++x) {
      const std::uint8_t* p = photo.pixel(x, y);
      *out++ = (srgb8_to_lab({p[0], p[1], p[2]}).L - kLOffset) / kLScale;
    }
  namespace F = torch::nn::functional;
  return F::interpolate(plane, F::InterpolateFuncOptions()
                                   .size(std::vector<std::int64_t>{128, 128})
                                   .mode(torch::kBilinear)
                                   .align_corners(false));
}

// Leave-one-out nearest neighbour (cosine) accuracy of pooled features over labelled photos.
double nearest_neighbour_accuracy(SpecNetworkImpl& network, const torch::Tensor& photos,
                                  const std::vector<int>& labels) {
  torch::NoGradGuard no_grad;
  network.eval();
  std::vector<torch::Tensor> pooled;
  for (const torch::Tensor& chunk : photos.split(4))  // the upsampled features are large
    pooled.push_back(network.forward(chunk).mean({2, 3}));
  const torch::Tensor features = torch::nn::functional::normalize(
      torch::cat(pooled), torch::nn::functional::NormalizeFuncOptions().dim(1));
  torch::Tensor similarity = features.matmul(features.t());
  similarity.fill_diagonal_(-2.0);
  const torch::Tensor nearest = similarity.argmax(1);
  int right = 0;
  for (std::size_t i = 0; i < labels.size(); ++i)
    right += labels[std::size_t(nearest[std::int64_t(i)].item<std::int64_t>())] == labels[i];
  return double(right) / double(labels.size());
}

TEST(MobileNetV2, ImageNetFeaturesTellPhotosOfOneClassFromAnother) {
  // Ten Tiny ImageNet classes, all of their photos in the shared data (about 12 each), gray.
  const fs::path train = test::data_set("tiny-imagenet-200/train");
  std::vector<fs::path> classes;
  for (const fs::directory_entry& entry : fs::directory_iterator(train))
    classes.push_back(entry.path());
  std::sort(classes.begin(), classes.end());
  ASSERT_GE(classes.size(), 200u);
  std::vector<torch::Tensor> photos;
  std::vector<int> labels;
  for (int c = 0; c < 10; ++c) {
    std::vector<fs::path> files;
    for (const fs::directory_entry& entry :
         fs::directory_iterator(classes[std::size_t(c) * 20] / "images"))
      files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
      photos.push_back(lightness_of(file.string()));
      labels.push_back(c);
    }
  }
  const torch::Tensor batch = torch::cat(photos);

  const ModelSpec spec = encoder_features_spec(true);
  torch::manual_seed(1);
  SpecNetwork untrained(spec);
  SpecNetwork pretrained(spec);
  load_mobilenet_v2_weights(*pretrained, kMobileNetFile);
  const double chance = nearest_neighbour_accuracy(*untrained, batch, labels);
  const double imagenet = nearest_neighbour_accuracy(*pretrained, batch, labels);
  std::printf(
      "nearest-neighbour class accuracy over %zu gray photos of 10 classes: untrained %.3f, "
      "ImageNet weights %.3f\n",
      labels.size(), chance, imagenet);
  EXPECT_GE(imagenet, 0.4);
  EXPECT_GE(imagenet, 2 * chance);
}

TEST(MobileNetV2, ThePhotoPresetStartsFromTheFileAndFreezesTheEncoder) {
  TrainConfig config = preset_config("photo-mobilenet");
  config.filters = 4;
  const ModelSpec spec = build_model_spec(config, 313);
  SpecNetwork network(spec);
  std::int64_t frozen = 0, trainable = 0;
  for (const torch::Tensor& parameter : network->parameters())
    (parameter.requires_grad() ? trainable : frozen) += parameter.numel();
  EXPECT_EQ(frozen + trainable, parameter_count(spec));
  std::int64_t trainable_listed = 0;
  for (const torch::Tensor& parameter : network->trainable_parameters())
    trainable_listed += parameter.numel();
  EXPECT_EQ(trainable_listed, trainable);
  EXPECT_GT(frozen, 1'700'000);  // MobileNetV2 through its 320-channel blocks: 1.8 M
  EXPECT_LT(frozen, 1'900'000);

  // Its loss compares the bins at half resolution with every other pixel's target.
  torch::NoGradGuard no_grad;
  network->eval();
  const torch::Tensor input = torch::rand({1, spec.input_channels, 64, 96});
  EXPECT_EQ(network->forward(input).sizes(), torch::IntArrayRef({1, 313, 64, 96}));
  EXPECT_EQ(network->forward_for_loss(input).sizes(), torch::IntArrayRef({1, 313, 32, 48}));
  TensorSet batch;
  batch.input = torch::arange(16.0f).view({1, 1, 4, 4});
  batch.pixel_weights = torch::arange(16.0f).view({1, 4, 4});
  const TensorSet every_other = batch.every_nth_pixel(2);
  EXPECT_TRUE(every_other.input.equal(torch::tensor({0.0f, 2.0f, 8.0f, 10.0f}).view({1, 1, 2, 2})));
  EXPECT_TRUE(
      every_other.pixel_weights.equal(torch::tensor({0.0f, 2.0f, 8.0f, 10.0f}).view({1, 2, 2})));
  EXPECT_FALSE(every_other.ab.defined());

  config.train_encoder = true;
  SpecNetwork unfrozen(build_model_spec(config, 313));
  EXPECT_EQ(unfrozen->trainable_parameters().size(), unfrozen->parameters().size());
}

// The frozen encoder is stored as int8 x channel scale in checkpoints (the resumable one must fit
// the repository's 10 MB per file) and comes back as exactly the same floats; a trained encoder
// (--train-encoder) is stored in float.
TEST(MobileNetV2, ACheckpointStoresTheFrozenEncoderAsInt8) {
  RunState state;
  state.config = preset_config("photo-mobilenet");
  state.config.filters = 4;
  state.targets.mode = ModelMode::kBins313;
  const ModelSpec spec = build_model_spec(state.config, state.targets.outputs());
  SpecNetwork network(spec);
  load_mobilenet_v2_weights(*network, kMobileNetFile);
  std::int64_t frozen = 0;
  for (const torch::Tensor& parameter : network->parameters())
    if (!parameter.requires_grad()) frozen += parameter.numel();
  const fs::path path = fs::temp_directory_path() / "tint_mobilenet_checkpoint.pt";
  save_checkpoint(path.string(), *network, nullptr, state);
  const auto saved_bytes = std::int64_t(fs::file_size(path));
  EXPECT_LT(saved_bytes, 2 * frozen);  // float would be 4 bytes a weight
  EXPECT_GT(saved_bytes, frozen);

  SpecNetwork loaded(spec);
  load_checkpoint(path.string(), *loaded, nullptr);
  const std::vector<torch::Tensor> expected = network->parameters(), got = loaded->parameters();
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_TRUE(got[i].equal(expected[i])) << i;
  std::int64_t still_frozen = 0;  // loading keeps the encoder out of the optimizer's reach
  for (const torch::Tensor& parameter : loaded->parameters())
    if (!parameter.requires_grad()) still_frozen += parameter.numel();
  EXPECT_EQ(still_frozen, frozen);

  state.config.train_encoder = true;
  SpecNetwork trainable(build_model_spec(state.config, state.targets.outputs()));
  load_mobilenet_v2_weights(*trainable, kMobileNetFile);
  save_checkpoint(path.string(), *trainable, nullptr, state);
  EXPECT_GT(std::int64_t(fs::file_size(path)), 4 * frozen);
  fs::remove(path);
}

// A branch of the photo run with a deeper hint path (--hint-stride 16, --init-from a stride-4
// checkpoint): every trained layer keeps its weights, the decoder's convolutions after the new
// concatenations take the added channels at 0, so the grown network starts computing what the
// checkpoint did, and the new path learns from the first step.
TEST(MobileNetV2, ACheckpointGrowsADeeperHintPath) {
  TrainConfig config = preset_config("photo-mobilenet");
  config.filters = 4;
  torch::manual_seed(11);
  SpecNetwork trained(build_model_spec(config, 313));
  {
    torch::NoGradGuard no_grad;  // running statistics that are not the defaults
    for (torch::Tensor& buffer : trained->buffers())
      if (buffer.is_floating_point()) buffer.uniform_(0.5, 1.5);
  }
  trained->eval();
  config.hint_stride = 16;
  SpecNetwork grown(build_model_spec(config, 313));
  const GrowthReport growth = grow_into(*trained, *grown, "stage1.pt");
  EXPECT_EQ(growth.widened_layers, 2);  // the decoder's first convolutions at strides 16 and 8
  EXPECT_EQ(growth.new_layers, 4);      // two convolutions and their batch norms
  const std::int64_t trained_weighted = growth.copied_layers + growth.widened_layers;
  EXPECT_EQ(grown->parameters().size(), trained->parameters().size() + 4 * 2);
  const auto weighted = std::count_if(
      trained->spec().layers.begin(), trained->spec().layers.end(), [](const Layer& layer) {
        return layer.type == LayerType::kConv || layer.type == LayerType::kBatchNorm;
      });
  EXPECT_EQ(trained_weighted, weighted);  // every trained layer found its place
  EXPECT_LT(growth.largest_output_difference, 1e-4);
  // The last layer (the bins) is the trained one.
  EXPECT_TRUE(trained->parameters().back().equal(grown->parameters().back()));

  // One training step reaches the new path: its weights get gradients through the added inputs.
  grown->train();
  torch::Tensor input = torch::rand({2, kHintInputChannels, 64, 64});
  grown->forward(input).square().mean().backward();
  // The input path is take, then conv + batch norm + relu at strides 2, 4, 8 and 16; the
  // convolution after the concatenation of its stride-16 output is widened by its 2f channels.
  const std::vector<Layer>& layers = grown->spec().layers;
  std::size_t take_input = 0;
  while (layers[take_input].type != LayerType::kTake) ++take_input;
  const int sixteenth = int(take_input) + 12;
  std::size_t concat = take_input;
  while (layers[concat].type != LayerType::kConcat || layers[concat].from != sixteenth) ++concat;
  const torch::Tensor& added_weights_grad = grown->conv_at(concat + 1)->weight.grad();
  const std::int64_t added = 2 * config.filters;
  EXPECT_GT(added_weights_grad.narrow(1, added_weights_grad.size(1) - added, added)
                .abs()
                .sum()
                .item<double>(),
            0.0);

  // A network never shrinks, and another architecture's weights are refused.
  std::string error = test::error_of([&] { grow_into(*grown, *trained, "branch.pt"); });
  EXPECT_NE(error.find("has no place in the network being trained"), std::string::npos) << error;
  config = preset_config("photo");
  SpecNetwork photo(build_model_spec(config, 313));
  error = test::error_of([&] { grow_into(*photo, *grown, "photo.pt"); });
  EXPECT_NE(error.find("photo.pt: holds a photo-unet model"), std::string::npos) << error;
}

}  // namespace
}  // namespace tint::trainer
