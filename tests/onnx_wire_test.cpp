#include "tint/onnx_wire.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>

#include "test_support.hpp"
#include "tint/file_io.hpp"

namespace tint {
namespace {

using test::error_of;

OnnxDim symbolic(const char* name) {
  OnnxDim dim;
  dim.param = name;
  return dim;
}
OnnxDim fixed(std::int64_t value) {
  OnnxDim dim;
  dim.value = value;
  return dim;
}

// X [N, 1, H, W] -> Conv (1x1, two output channels, bias) -> Relu -> Y [N, 2, H, W].
OnnxModel tiny_model() {
  OnnxModel model;
  model.producer_version = "0.1.0";
  model.doc_string = "a test model";
  OnnxGraph& graph = model.graph;
  graph.name = "tiny";
  graph.inputs.push_back(
      {"X", kOnnxFloat, {symbolic("N"), fixed(1), symbolic("H"), symbolic("W")}});
  graph.inputs.push_back({"conv.weight", kOnnxFloat, {fixed(2), fixed(1), fixed(1), fixed(1)}});
  graph.outputs.push_back(
      {"Y", kOnnxFloat, {symbolic("N"), fixed(2), symbolic("H"), symbolic("W")}});
  graph.value_infos.push_back(
      {"conv_out", kOnnxFloat, {symbolic("N"), fixed(2), symbolic("H"), symbolic("W")}});
  graph.initializers.push_back(onnx_float_tensor("conv.weight", {2, 1, 1, 1}, {0.5f, -1.25f}));
  graph.initializers.push_back(onnx_float_tensor("conv.bias", {2}, {0.25f, 2.0f}));
  OnnxNode conv;
  conv.op_type = "Conv";
  conv.name = "conv";
  conv.inputs = {"X", "conv.weight", "conv.bias"};
  conv.outputs = {"conv_out"};
  conv.attributes = {OnnxAttribute::make_ints("kernel_shape", {1, 1}),
                     OnnxAttribute::make_ints("pads", {0, 0, 0, 0}),
                     OnnxAttribute::make_ints("strides", {1, 1}),
                     OnnxAttribute::make_int("group", 1)};
  graph.nodes.push_back(conv);
  OnnxNode relu;
  relu.op_type = "Relu";
  relu.name = "relu";
  relu.inputs = {"conv_out"};
  relu.outputs = {"Y"};
  graph.nodes.push_back(relu);
  model.metadata = {{"tint.test", "h\xC3\xA9llo"}, {"author", "tint tests"}};
  return model;
}

TEST(OnnxWire, WrittenModelReadsBack) {
  const std::vector<std::uint8_t> bytes = write_onnx_model(tiny_model());
  const OnnxModelInfo info = read_onnx_model_info(bytes.data(), bytes.size(), "tiny.onnx");
  EXPECT_EQ(info.ir_version, 8);
  EXPECT_EQ(info.opset, 13);
  EXPECT_EQ(info.producer_name, "tint");
  EXPECT_EQ(info.producer_version, "0.1.0");
  ASSERT_EQ(info.inputs.size(), 1u);  // conv.weight is an initializer
  const OnnxTensorInfo& x = info.inputs[0];
  EXPECT_EQ(x.name, "X");
  EXPECT_EQ(x.elem_type, kOnnxFloat);
  ASSERT_EQ(x.dims.size(), 4u);
  EXPECT_EQ(x.dims[0].param, "N");
  EXPECT_EQ(x.dims[0].value, -1);
  EXPECT_EQ(x.dims[1].value, 1);
  EXPECT_EQ(x.dims[1].param, "");
  EXPECT_EQ(x.dims[2].param, "H");
  EXPECT_EQ(x.dims[3].param, "W");
  ASSERT_EQ(info.outputs.size(), 1u);
  EXPECT_EQ(info.outputs[0].name, "Y");
  EXPECT_EQ(info.outputs[0].dims[1].value, 2);
  const std::map<std::string, std::string> expected{{"tint.test", "h\xC3\xA9llo"},
                                                    {"author", "tint tests"}};
  EXPECT_EQ(info.metadata, expected);
  EXPECT_EQ(read_onnx_metadata(bytes.data(), bytes.size(), "tiny.onnx"), expected);
}

TEST(OnnxWire, TheInitializersChecksumIsTheWritersAndChangesWithAnyWeight) {
  OnnxModel model = tiny_model();
  const std::vector<std::uint8_t> bytes = write_onnx_model(model);
  const std::string written = initializers_checksum(model.graph);
  EXPECT_EQ(written.rfind("fnv1a64:", 0), 0u);
  EXPECT_EQ(written.size(), 8u + 16u);
  EXPECT_EQ(read_onnx_model_info(bytes.data(), bytes.size(), "tiny.onnx").initializers_checksum,
            written);
  // One bit of one weight (-1.25f: bytes 00 00 a0 bf) flipped in the file.
  std::vector<std::uint8_t> damaged = bytes;
  const std::uint8_t weight[] = {0x00, 0x00, 0xa0, 0xbf};
  const auto at = std::search(damaged.begin(), damaged.end(), std::begin(weight), std::end(weight));
  ASSERT_NE(at, damaged.end());
  at[0] ^= 0x01;
  EXPECT_NE(read_onnx_model_info(damaged.data(), damaged.size(), "x.onnx").initializers_checksum,
            written);
  model.graph.initializers[1].floats[0] = 0.5f;
  EXPECT_NE(initializers_checksum(model.graph), written);
}

TEST(OnnxWire, TensorsAreLittleEndianRawData) {
  const ProtoWriter tensor = onnx_tensor_proto(onnx_float_tensor("w", {2}, {1.0f, -2.0f}));
  const std::vector<std::uint8_t> expected{0x08, 0x02,       // dims: 2
                                           0x10, 0x01,       // data_type: FLOAT
                                           0x42, 0x01, 'w',  // name
                                           0x4A, 0x08, 0,   0, 0x80,
                                           0x3F, 0,    0,   0, 0xC0};  // raw_data
  EXPECT_EQ(tensor.data(), expected);
  const ProtoWriter shape = onnx_tensor_proto(onnx_int64_tensor("s", {2}, {1, -1}));
  ProtoReader reader(shape.data().data(), shape.size(), "t", "TensorProto");
  while (reader.next()) {
    if (reader.field() == 2) {
      EXPECT_EQ(reader.int64_value(), kOnnxInt64);
    }
    if (reader.field() == 9) {
      const ProtoBytes raw = reader.bytes_value();
      ASSERT_EQ(raw.size, 16u);
      EXPECT_EQ(raw.data[0], 1);
      EXPECT_EQ(raw.data[8], 0xFF);
      EXPECT_EQ(raw.data[15], 0xFF);
    }
  }
  const ProtoWriter bytes = onnx_tensor_proto(onnx_int8_tensor("q", {3}, {-128, 0, 127}));
  ProtoReader int8_reader(bytes.data().data(), bytes.size(), "q", "TensorProto");
  int int8_fields = 0;
  while (int8_reader.next()) {
    if (int8_reader.field() == 2) {
      EXPECT_EQ(int8_reader.int64_value(), kOnnxInt8);
      ++int8_fields;
    }
    if (int8_reader.field() == 9) {
      ++int8_fields;
      const ProtoBytes raw = int8_reader.bytes_value();
      ASSERT_EQ(raw.size, 3u);
      EXPECT_EQ(raw.data[0], 0x80);
      EXPECT_EQ(raw.data[2], 0x7F);
    }
  }
  EXPECT_EQ(int8_fields, 2);
  const ProtoWriter scalar = onnx_tensor_proto(onnx_float_tensor("one", {}, {1.0f}));
  EXPECT_GT(scalar.size(), 0u);
}

TEST(OnnxWire, WriterRefusesWhatOnnxWould) {
  EXPECT_EQ(error_of([] {
              onnx_tensor_proto(onnx_float_tensor("w", {2, 3}, {1.0f}));
            }),
            "ONNX tensor 'w': dims hold 6 element(s), got 1 value(s)");
  EXPECT_EQ(error_of([] { onnx_tensor_proto(onnx_float_tensor("w", {-1}, {})); }),
            "ONNX tensor 'w': negative dimension -1");
  OnnxTensor doubles = onnx_float_tensor("d", {1}, {1.0f});
  doubles.elem_type = 11;
  EXPECT_EQ(error_of([&] { onnx_tensor_proto(doubles); }),
            "ONNX tensor 'd': unsupported data type 11 (the writer supports FLOAT=1, INT8=3 and "
            "INT64=7)");
  OnnxTensor mixed = onnx_int8_tensor("m", {1}, {-3});
  mixed.floats = {1.0f};
  EXPECT_EQ(error_of([&] { onnx_tensor_proto(mixed); }),
            "ONNX tensor 'm': values of another data type than its own (3)");
  EXPECT_EQ(error_of([] { onnx_attribute_proto(OnnxAttribute::make_int("", 1)); }),
            "ONNX attribute: empty name");
  OnnxNode node;
  node.outputs = {"y"};
  EXPECT_EQ(error_of([&] { onnx_node_proto(node); }), "ONNX node '': empty op_type");
  node.op_type = "Relu";
  node.attributes = {OnnxAttribute::make_int("a", 1), OnnxAttribute::make_float("a", 1.0f)};
  EXPECT_EQ(error_of([&] { onnx_node_proto(node); }), "ONNX node 'Relu': duplicate attribute 'a'");
  OnnxModel model = tiny_model();
  model.metadata.push_back({"author", "again"});
  EXPECT_EQ(error_of([&] { write_onnx_model(model); }),
            "write_onnx_model: duplicate metadata key 'author'");
  model = tiny_model();
  model.graph.initializers.push_back(model.graph.initializers[0]);
  EXPECT_EQ(error_of([&] { write_onnx_model(model); }),
            "ONNX graph 'tiny': duplicate initializer 'conv.weight'");
  model = tiny_model();
  model.graph.outputs.clear();
  EXPECT_EQ(error_of([&] { write_onnx_model(model); }), "ONNX graph 'tiny': no outputs");
}

TEST(OnnxWire, MalformedFilesGetClearErrors) {
  EXPECT_EQ(error_of([] { read_onnx_metadata(nullptr, 0, "m.onnx"); }),
            "m.onnx: empty file (0 bytes), not an ONNX model");
  const std::string json = "{\"not\": \"onnx\"}";
  EXPECT_EQ(error_of([&] {
              read_onnx_model_info(reinterpret_cast<const std::uint8_t*>(json.data()), json.size(),
                                   "card.json");
            }),
            "card.json: ModelProto at byte 0: field 15: wire type 3 (deprecated group) is not "
            "supported");
  ProtoWriter no_graph;
  no_graph.int64(1, 8);
  EXPECT_EQ(
      error_of([&] { read_onnx_model_info(no_graph.data().data(), no_graph.size(), "m.onnx"); }),
      "m.onnx: not an ONNX model (no graph in the ModelProto)");
  ProtoWriter no_version;
  no_version.string(2, "someone");
  EXPECT_EQ(
      error_of([&] { read_onnx_metadata(no_version.data().data(), no_version.size(), "m.onnx"); }),
      "m.onnx: not an ONNX model (no ir_version in the ModelProto)");
  ProtoWriter wrong_type;
  wrong_type.string(1, "8");  // ir_version as a string
  EXPECT_EQ(
      error_of([&] { read_onnx_metadata(wrong_type.data().data(), wrong_type.size(), "m.onnx"); }),
      "m.onnx: ModelProto at byte 0: field 1: expected wire type varint, got length-delimited");
  ProtoWriter entry;
  entry.string(1, "k");
  ProtoWriter twice;
  twice.int64(1, 8);
  twice.message(14, entry);
  twice.message(14, entry);
  EXPECT_EQ(error_of([&] { read_onnx_metadata(twice.data().data(), twice.size(), "m.onnx"); }),
            "m.onnx: ModelProto at byte 7: duplicate metadata key 'k'");

  // Every truncation and random damage: a clean tint::Error or a (shorter) valid model.
  const std::vector<std::uint8_t> bytes = write_onnx_model(tiny_model());
  int failures = 0;
  for (std::size_t size = 1; size < bytes.size(); ++size) {
    const std::vector<std::uint8_t> prefix(bytes.begin(),
                                           bytes.begin() + static_cast<std::ptrdiff_t>(size));
    try {
      read_onnx_model_info(prefix.data(), prefix.size(), "cut.onnx");
    } catch (const Error& e) {
      ++failures;
      ASSERT_EQ(std::string(e.what()).rfind("cut.onnx: ", 0), 0u) << e.what();
    }
  }
  EXPECT_GT(failures, static_cast<int>(bytes.size()) * 9 / 10);
  std::mt19937 random(3);
  for (int round = 0; round < 5000; ++round) {
    std::vector<std::uint8_t> damaged = bytes;
    for (int e = 0; e < 4; ++e)
      damaged[random() % damaged.size()] = static_cast<std::uint8_t>(random());
    try {
      read_onnx_model_info(damaged.data(), damaged.size(), "bad.onnx");
    } catch (const Error&) {
    }
  }
}

#ifndef __EMSCRIPTEN__

const char* kPython = "/usr/bin/python3";

bool python_has_onnx() {
  return std::system((std::string(kPython) + " -c 'import onnx' >/dev/null 2>&1").c_str()) == 0;
}

// Runs a Python script with arguments; returns its exit status and output.
int run_python(const std::string& script, const std::string& arguments, std::string& output) {
  // Named after the running test: CTest runs tests in parallel processes.
  const std::string stem = ::testing::TempDir() + "tint_" +
                           ::testing::UnitTest::GetInstance()->current_test_info()->name();
  const std::string script_path = stem + ".py";
  const std::string output_path = stem + ".txt";
  write_file_atomic(script_path, script);
  const std::string command = "PYTHONIOENCODING=utf-8 " + std::string(kPython) + " " + script_path +
                              " " + arguments + " >" + output_path + " 2>&1";
  const int status = std::system(command.c_str());
  output = read_text_file(output_path);
  std::remove(script_path.c_str());
  std::remove(output_path.c_str());
  return status;
}

// The written model passes ONNX's own checker with full shape inference, and ONNX reads back the
// same metadata and weights.
TEST(OnnxWire, PassesTheOnnxChecker) {
  if (!python_has_onnx()) GTEST_SKIP() << kPython << " cannot import onnx";
  const std::string path = ::testing::TempDir() + "tint_tiny.onnx";
  write_file_atomic(path, write_onnx_model(tiny_model()));
  const std::string script =
      "import onnx, sys\n"
      "from onnx import numpy_helper\n"
      "m = onnx.load(sys.argv[1])\n"
      "onnx.checker.check_model(m, full_check=True)\n"
      "print(dict((p.key, p.value) for p in m.metadata_props))\n"
      "print([(t.name, numpy_helper.to_array(t).tolist()) for t in m.graph.initializer])\n"
      "print(m.ir_version, [(o.domain, o.version) for o in m.opset_import], m.producer_name)\n";
  std::string output;
  EXPECT_EQ(run_python(script, path, output), 0) << output;
  EXPECT_EQ(output,
            "{'tint.test': 'h\xC3\xA9llo', 'author': 'tint tests'}\n"
            "[('conv.weight', [[[[0.5]]], [[[-1.25]]]]), ('conv.bias', [0.25, 2.0])]\n"
            "8 [('', 13)] tint\n");
  std::remove(path.c_str());
}

// A model written by ONNX's Python helpers (real protobuf) reads back right.
TEST(OnnxWire, ReadsModelsWrittenByOnnx) {
  if (!python_has_onnx()) GTEST_SKIP() << kPython << " cannot import onnx";
  const std::string path = ::testing::TempDir() + "tint_python.onnx";
  const std::string script =
      "import onnx, sys\n"
      "from onnx import helper, TensorProto, numpy_helper\n"
      "import numpy as np\n"
      "x = helper.make_tensor_value_info('image', TensorProto.FLOAT, ['batch', 1, 32, 32])\n"
      "y = helper.make_tensor_value_info('ab', TensorProto.FLOAT, ['batch', 2, 32, None])\n"
      "w = numpy_helper.from_array(np.ones((2, 1, 3, 3), np.float32), 'w')\n"
      "node = helper.make_node('Conv', ['image', 'w'], ['ab'], pads=[1, 1, 1, 1])\n"
      "g = helper.make_graph([node], 'g', [x], [y], [w])\n"
      "m = helper.make_model(g, opset_imports=[helper.make_opsetid('', 17)],\n"
      "                      producer_name='python')\n"
      "helper.set_model_props(m, {'tint.model_card': '{}', 'note': 'caf\\u00e9'})\n"
      "onnx.checker.check_model(m, full_check=True)\n"
      "onnx.save(m, sys.argv[1])\n";
  std::string output;
  ASSERT_EQ(run_python(script, path, output), 0) << output;
  const std::vector<std::uint8_t> bytes = read_file(path);
  const OnnxModelInfo info = read_onnx_model_info(bytes.data(), bytes.size(), path);
  EXPECT_EQ(info.opset, 17);
  EXPECT_GE(info.ir_version, 8);
  EXPECT_EQ(info.producer_name, "python");
  ASSERT_EQ(info.inputs.size(), 1u);
  EXPECT_EQ(info.inputs[0].name, "image");
  ASSERT_EQ(info.inputs[0].dims.size(), 4u);
  EXPECT_EQ(info.inputs[0].dims[0].param, "batch");
  EXPECT_EQ(info.inputs[0].dims[2].value, 32);
  ASSERT_EQ(info.outputs.size(), 1u);
  ASSERT_EQ(info.outputs[0].dims.size(), 4u);
  EXPECT_EQ(info.outputs[0].dims[3].value, -1);  // unknown
  EXPECT_EQ(info.outputs[0].dims[3].param, "");
  const std::map<std::string, std::string> expected{{"tint.model_card", "{}"},
                                                    {"note", "caf\xC3\xA9"}};
  EXPECT_EQ(info.metadata, expected);
  std::remove(path.c_str());
}

#endif  // __EMSCRIPTEN__

}  // namespace
}  // namespace tint
