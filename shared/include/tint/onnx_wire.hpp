// ONNX model files read and written with the protobuf wire codec (tint/protobuf_wire.hpp), so that
// the browser app and the trainer share one implementation without libprotobuf: a model's metadata
// and input/output signature, and a small writer for the trainer's exporter. Field numbers follow
// onnx.proto (ONNX 1.12, IR version 8).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "tint/protobuf_wire.hpp"

namespace tint {

// TensorProto.DataType values this layer writes (others are read as plain numbers).
constexpr int kOnnxFloat = 1;
constexpr int kOnnxInt8 = 3;
constexpr int kOnnxInt64 = 7;

// ---- Reading --------------------------------------------------------------------------------

// One dimension of a tensor shape: value >= 0 is fixed; otherwise `param` names a symbolic
// dimension ("N"), and neither set means unknown.
struct OnnxDim {
  std::int64_t value = -1;
  std::string param;
};

// A graph input or output (ValueInfoProto with a tensor type). elem_type is a TensorProto.DataType
// (0 for a non-tensor type); dims is empty for a scalar or a tensor of unknown rank.
struct OnnxTensorInfo {
  std::string name;
  int elem_type = kOnnxFloat;
  std::vector<OnnxDim> dims;
};

struct OnnxModelInfo {
  std::int64_t ir_version = 0;
  std::int64_t opset = 0;  // version of the default operator set ("" or "ai.onnx"); 0 if none
  std::string producer_name;
  std::string producer_version;
  std::vector<OnnxTensorInfo> inputs;  // graph inputs, without those that are initializers
  std::vector<OnnxTensorInfo> outputs;
  std::map<std::string, std::string> metadata;  // metadata_props
  // A checksum (tint/checksum.hpp) over the graph's initializers, each TensorProto's bytes as the
  // file holds them, in order: what initializers_checksum gives for the graph that was written.
  std::string initializers_checksum;
};

// The metadata_props of a ModelProto. `name` (the file name) labels errors; throws on an empty or
// malformed file and on duplicate keys.
std::map<std::string, std::string> read_onnx_metadata(const std::uint8_t* bytes, std::size_t size,
                                                      const std::string& name);

// Versions, signature and metadata; throws on malformed protobuf and on a ModelProto without
// ir_version or graph.
OnnxModelInfo read_onnx_model_info(const std::uint8_t* bytes, std::size_t size,
                                   const std::string& name);

// ---- Writing --------------------------------------------------------------------------------
// Plain structs, then one function per ONNX message. Each throws tint::Error on what ONNX would
// refuse (data that does not match the dims, empty names, duplicate metadata keys, ...).

// A tensor of kOnnxFloat (values in `floats`), kOnnxInt8 (`int8s`) or kOnnxInt64 (`int64s`),
// written as little-endian raw_data.
struct OnnxTensor {
  std::string name;
  std::vector<std::int64_t> dims;
  int elem_type = kOnnxFloat;
  std::vector<float> floats;
  std::vector<std::int8_t> int8s;
  std::vector<std::int64_t> int64s;
};
OnnxTensor onnx_float_tensor(std::string name, std::vector<std::int64_t> dims,
                             std::vector<float> values);
OnnxTensor onnx_int8_tensor(std::string name, std::vector<std::int64_t> dims,
                            std::vector<std::int8_t> values);
OnnxTensor onnx_int64_tensor(std::string name, std::vector<std::int64_t> dims,
                             std::vector<std::int64_t> values);

// A node attribute; build it with one of the make_* functions.
struct OnnxAttribute {
  enum class Type { kFloat = 1, kInt = 2, kString = 3, kTensor = 4, kFloats = 6, kInts = 7 };
  std::string name;
  Type type = Type::kInt;
  float f = 0.0f;
  std::int64_t i = 0;
  std::string s;
  OnnxTensor t;
  std::vector<float> floats;
  std::vector<std::int64_t> ints;

  static OnnxAttribute make_float(std::string name, float value);
  static OnnxAttribute make_int(std::string name, std::int64_t value);
  static OnnxAttribute make_string(std::string name, std::string value);
  static OnnxAttribute make_tensor(std::string name, OnnxTensor value);
  static OnnxAttribute make_floats(std::string name, std::vector<float> values);
  static OnnxAttribute make_ints(std::string name, std::vector<std::int64_t> values);
};

struct OnnxNode {
  std::string op_type;              // "Conv", "Relu", ...
  std::string name;                 // optional, unique within the graph
  std::vector<std::string> inputs;  // "" for an omitted optional input
  std::vector<std::string> outputs;
  std::vector<OnnxAttribute> attributes;
  std::string domain;  // "" for the default operator set
};

struct OnnxGraph {
  std::string name = "graph";
  std::vector<OnnxNode> nodes;           // in topological order
  std::vector<OnnxTensor> initializers;  // weights; need not be listed in `inputs`
  std::vector<OnnxTensorInfo> inputs;
  std::vector<OnnxTensorInfo> outputs;
  std::vector<OnnxTensorInfo> value_infos;  // optional shapes of intermediate values
  std::string doc_string;
};

struct OnnxOpset {
  std::string domain;  // "" for the default operator set
  std::int64_t version = 0;
};

struct OnnxModel {
  std::int64_t ir_version = 8;  // ONNX 1.10 .. 1.12
  std::vector<OnnxOpset> opsets = {{"", 13}};
  std::string producer_name = "tint";
  std::string producer_version;
  std::string domain;
  std::int64_t model_version = 0;  // written only when not 0
  std::string doc_string;
  OnnxGraph graph;
  std::vector<std::pair<std::string, std::string>> metadata;  // metadata_props, keys unique
};

// The protobuf messages, for composing larger ones.
ProtoWriter onnx_tensor_proto(const OnnxTensor& tensor);           // TensorProto
ProtoWriter onnx_attribute_proto(const OnnxAttribute& attribute);  // AttributeProto
ProtoWriter onnx_node_proto(const OnnxNode& node);                 // NodeProto
ProtoWriter onnx_value_info_proto(const OnnxTensorInfo& value);    // ValueInfoProto
ProtoWriter onnx_graph_proto(const OnnxGraph& graph);              // GraphProto
// The bytes of a .onnx file (a serialised ModelProto).
std::vector<std::uint8_t> write_onnx_model(const OnnxModel& model);
// The checksum read_onnx_model_info reports for the file written from `graph`.
std::string initializers_checksum(const OnnxGraph& graph);

}  // namespace tint
