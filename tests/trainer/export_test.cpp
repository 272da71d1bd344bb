// Every preset's architecture exported to ONNX: valid for Debian's onnx checker, and ONNX Runtime
// Web (under Node, as in the browser) matches LibTorch's forward pass on the same input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "export/onnx_export.hpp"
#include "models/mobilenet_v2.hpp"
#include "models/presets.hpp"
#include "preset_parameters.hpp"
#include "test_support.hpp"
#include "tint/ab_bins.hpp"
#include "tint/file_io.hpp"

namespace tint::trainer {
namespace {

namespace fs = std::filesystem;

int outputs_of(ModelMode mode, int palette_colours) {
  switch (mode) {
    case ModelMode::kPalette:
      return palette_colours;
    case ModelMode::kAb:
      return 2;
    case ModelMode::kRgb:
      return 3;
    case ModelMode::kBins313:
      return kStandardAbBinCount;
  }
  return 0;
}

ModelCard card_for(const TrainConfig& config, const ModelSpec& spec, int outputs) {
  ModelCard card;
  card.name = config.preset;
  card.mode = config.mode;
  card.input_size = spec.input_size;
  card.input_multiple = spec.size_multiple;
  card.takes_hints = config.hints;
  if (config.mode == ModelMode::kPalette)
    for (int i = 0; i < outputs; ++i)
      card.palette.push_back({std::uint8_t(i * 10), std::uint8_t(255 - i * 10), 128});
  if (config.mode == ModelMode::kBins313) card.bin_centres = AbBins::standard().centres();
  card.parameters = parameter_count(spec);
  return card;
}

// Batch norm statistics away from their initial 0 / 1, so that folding them is really tested.
void randomise_batch_norms(SpecNetworkImpl& network) {
  torch::NoGradGuard no_grad;
  for (auto& buffer : network.named_buffers()) {
    if (buffer.key().find("running_mean") != std::string::npos) buffer.value().normal_(0, 0.5);
    if (buffer.key().find("running_var") != std::string::npos) buffer.value().uniform_(0.5, 2.0);
  }
  for (auto& parameter : network.named_parameters())
    if (parameter.key().find("batchnorm") != std::string::npos)
      parameter.value().uniform_(0.5, 1.5);
}

void write_floats(const fs::path& path, const torch::Tensor& tensor) {
  const torch::Tensor flat = tensor.contiguous();
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(flat.data_ptr<float>()),
             std::streamsize(flat.numel() * sizeof(float)));
}

std::string run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  char buffer[4096];
  while (pipe && fgets(buffer, sizeof buffer, pipe)) output += buffer;
  const int status = pipe ? pclose(pipe) : -1;
  if (status != 0) ADD_FAILURE() << command << " failed:\n" << output;
  return output;
}

// Exports `network`, checks the file with Debian's onnx checker, runs it in ONNX Runtime Web
// and compares with LibTorch's forward pass; returns the file's size.
std::uintmax_t expect_onnx_runtime_matches(SpecNetworkImpl& network, const TrainConfig& config,
                                           const std::string& name) {
  const ModelSpec& spec = network.spec();
  const int outputs = outputs_of(config.mode, config.palette_colours);
  network.eval();
  // Any-size models are run at a non-square size to check the symbolic height and width, about
  // 24 x 40, in multiples of what the model needs.
  const auto any_side = [&](int side) {
    const int multiple = spec.size_multiple;
    return spec.input_size > 0 ? spec.input_size : (side + multiple - 1) / multiple * multiple;
  };
  const int height = any_side(24), width = any_side(40);
  const torch::Tensor input = torch::rand({2, spec.input_channels, height, width}) * 2 - 1;
  torch::Tensor expected;
  {
    torch::NoGradGuard no_grad;
    expected = network.forward(input);
  }

  const fs::path folder = fs::temp_directory_path() / ("tint_export_" + name);
  fs::create_directories(folder);
  const fs::path model = folder / "model.onnx";
  export_onnx(network, card_for(config, spec, outputs), model.string());
  EXPECT_EQ(read_model_card_from_onnx(read_file(model.string()).data(),
                                      read_file(model.string()).size(), "model.onnx")
                .name,
            config.preset);
  run("/usr/bin/python3 " + std::string(TINT_TESTS_DIR) + "/trainer/check_onnx.py " +
      model.string());

  write_floats(folder / "input.f32", input);
  const std::string dims =
      run("node --no-experimental-fetch " + std::string(TINT_TESTS_DIR) + "/trainer/run_onnx.mjs " +
          model.string() + " " + (folder / "input.f32").string() + " 2 " +
          std::to_string(spec.input_channels) + " " + std::to_string(height) + " " +
          std::to_string(width) + " " + (folder / "output.f32").string());
  const std::vector<std::uint8_t> bytes = read_file((folder / "output.f32").string());
  const std::uintmax_t size = fs::file_size(model);
  fs::remove_all(folder);
  EXPECT_EQ(bytes.size(), std::size_t(expected.numel()) * sizeof(float)) << dims;
  if (bytes.size() != std::size_t(expected.numel()) * sizeof(float)) return size;
  torch::Tensor actual =
      torch::from_blob(const_cast<std::uint8_t*>(bytes.data()), expected.sizes(), torch::kFloat)
          .clone();
  // Two libraries, each summing in its own order (oneDNN's blocking follows the CPU's vector
  // width; ONNX Runtime Web runs on one thread): float32 rounding of sums over up to 9 x 128 terms
  // per layer, through about 20 layers, relative to the outputs' size.
  const float difference = (actual - expected).abs().max().item<float>();
  const float scale = std::max(1.0f, expected.abs().max().item<float>());
  std::printf("%s: ONNX Runtime within %.3g of LibTorch (outputs up to %.3g)\n", name.c_str(),
              difference, scale);
  EXPECT_LE(difference, 1e-4f * scale) << name;
  if (expected.size(1) > 3) {
    // Classes may swap only where LibTorch's two best are closer than the two libraries differ.
    const torch::Tensor best_two = std::get<0>(expected.topk(2, 1));
    const torch::Tensor gap = best_two.select(1, 0) - best_two.select(1, 1);
    const torch::Tensor swapped = actual.argmax(1).ne(expected.argmax(1));
    EXPECT_TRUE(gap.masked_select(swapped).le(2 * difference).all().item<bool>()) << name;
  }
  return size;
}

class ExportParity : public testing::TestWithParam<std::string> {};

TEST_P(ExportParity, CheckerAcceptsAndOnnxRuntimeMatchesLibTorch) {
  TrainConfig config = preset_config(GetParam());
  if (config.variant.empty()) config.variant = "conv";
  config.filters = 8;  // small and quick; the layer structure is the preset's
  config.hidden = 32;
  const ModelSpec spec = build_model_spec(config, outputs_of(config.mode, config.palette_colours));
  torch::manual_seed(7);
  SpecNetwork network(spec);
  randomise_batch_norms(*network);
  expect_onnx_runtime_matches(*network, config, GetParam());
}

// A frozen encoder's weights are int8 values times a scale per channel: the file stores them so,
// behind DequantizeLinear, and the outputs are those of the float network.
TEST(ExportParity, AQuantizedEncoderIsStoredAsInt8) {
  TrainConfig config = preset_config("photo-mobilenet");
  config.filters = 8;
  const ModelSpec spec = build_model_spec(config, outputs_of(config.mode, config.palette_colours));
  torch::manual_seed(7);
  SpecNetwork network(spec);
  randomise_batch_norms(*network);
  const std::uintmax_t float_size = expect_onnx_runtime_matches(*network, config, "float");
  load_mobilenet_v2_weights(*network, test::shared_model("mobilenetv2-12-int8.onnx"));
  const OnnxModel model = onnx_model_of(*network, card_for(config, spec, 313));
  const auto dequantized =
      std::count_if(model.graph.nodes.begin(), model.graph.nodes.end(),
                    [](const OnnxNode& node) { return node.op_type == "DequantizeLinear"; });
  EXPECT_EQ(dequantized, 52);  // the input conversion and MobileNetV2's 51 convolutions
  const std::uintmax_t int8_size = expect_onnx_runtime_matches(*network, config, "int8");
  std::printf("photo-mobilenet (f = 8) as ONNX: %ju bytes in float, %ju with the encoder int8\n",
              float_size, int8_size);
  EXPECT_LT(double(int8_size), 0.4 * double(float_size));
}

// The hint path grown to stride 16 (--hint-stride) exports as the same kinds of nodes.
TEST(ExportParity, TheDeepHintPathExports) {
  TrainConfig config = preset_config("photo-mobilenet");
  config.filters = 8;
  config.hint_stride = 16;
  const ModelSpec spec = build_model_spec(config, outputs_of(config.mode, config.palette_colours));
  torch::manual_seed(7);
  SpecNetwork network(spec);
  randomise_batch_norms(*network);
  expect_onnx_runtime_matches(*network, config, "float");
}

INSTANTIATE_TEST_SUITE_P(EveryPreset, ExportParity, testing::ValuesIn(preset_names()),
                         preset_test_name);

TEST(ExportParity, EveryRgbDenseVariantExports) {
  for (const char* variant : {"dense", "conv", "bn-conv"}) {
    TrainConfig config = preset_config("rgb-dense");
    config.variant = variant;
    const ModelSpec spec = build_model_spec(config, 3);
    SpecNetwork network(spec);
    network->eval();
    const OnnxModel model = onnx_model_of(*network, card_for(config, spec, 3));
    EXPECT_EQ(model.graph.nodes.back().outputs[0], kOnnxOutputName) << variant;
  }
}

TEST(LayerSpec, ParameterCountMatchesTheTorchModule) {
  for (const PresetInfo& preset : presets()) {
    TrainConfig config = preset_config(preset.name);
    const ModelSpec spec = build_model_spec(config, 4);
    SpecNetwork network(spec);
    std::int64_t count = 0;
    for (const auto& parameter : network->parameters()) count += parameter.numel();
    EXPECT_EQ(parameter_count(spec), count) << preset.name;
  }
}

TEST(LayerSpec, DefaultModelFitsTheBrowserBudget) {
  const TrainConfig config = preset_config("unet-bins");
  EXPECT_LE(parameter_count(build_model_spec(config, kStandardAbBinCount)), 2'000'000);
}

TEST(LayerSpec, BadSpecsNameTheLayer) {
  ModelSpec spec{"bad", 1, 8, 1, {conv(4, 9, 1, 0)}};
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "layer 0 (conv): kernel 9 larger than the 8x8 input");
  spec.layers = {linear(4)};
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "layer 0 (linear): needs flat features; add a flatten layer before it");
  spec.layers = {conv(4, 3), concat_with(3)};
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "layer 1 (concat): concatenates layer 3, which is not an earlier layer");
  spec.layers = {conv(4, 3, 2)};
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "model bad: output is 4x4x4 for a 8x8 input; it must keep the input's size");
  spec.layers = {conv(4, 3), take(2)};
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "layer 1 (take): takes layer 2, which is neither an earlier layer nor the input");
  spec.layers = {conv(4, 3), depthwise_conv(3, 3, 1)};
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "layer 1 (conv): cannot split 4 input and 3 output channels into 3 groups");
  spec.layers = {conv(4, 3)};
  spec.encoder_layers = 2;
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "model bad: has an encoder of 2 layers, but 1 layers in all");
  spec.encoder_layers = 0;
  spec.loss_stride = 2;
  EXPECT_EQ(test::error_of([&] { infer_shapes(spec); }),
            "model bad: computes its loss every 2 pixels, so its last layer must upsample by that");
  TrainConfig config = preset_config("unet-ab");
  config.kernel = 4;
  EXPECT_EQ(test::error_of([&] { build_model_spec(config, 2); }),
            "--kernel: must be an odd size 1..15");
}

}  // namespace
}  // namespace tint::trainer
