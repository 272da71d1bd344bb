#include "tint/onnx_wire.hpp"

#include <cstring>
#include <limits>
#include <set>
#include <type_traits>

#include "tint/checksum.hpp"

namespace tint {
namespace {

// Field numbers of onnx.proto.
namespace model_field {
constexpr int kIrVersion = 1, kProducerName = 2, kProducerVersion = 3, kDomain = 4,
              kModelVersion = 5, kDocString = 6, kGraph = 7, kOpsetImport = 8, kMetadataProps = 14;
}
namespace opset_field {
constexpr int kDomain = 1, kVersion = 2;
}
namespace entry_field {
constexpr int kKey = 1, kValue = 2;
}
namespace graph_field {
constexpr int kNode = 1, kName = 2, kInitializer = 5, kDocString = 10, kInput = 11, kOutput = 12,
              kValueInfo = 13;
}
namespace node_field {
constexpr int kInput = 1, kOutput = 2, kName = 3, kOpType = 4, kAttribute = 5, kDomain = 7;
}
namespace attribute_field {
constexpr int kName = 1, kF = 2, kI = 3, kS = 4, kT = 5, kFloats = 7, kInts = 8, kType = 20;
}
namespace tensor_field {
constexpr int kDims = 1, kDataType = 2, kName = 8, kRawData = 9;
}
namespace value_info_field {
constexpr int kName = 1, kType = 2;
}
namespace type_field {
constexpr int kTensorType = 1;               // TypeProto
constexpr int kElemType = 1, kShape = 2;     // TypeProto.Tensor
constexpr int kDim = 1;                      // TensorShapeProto
constexpr int kDimValue = 1, kDimParam = 2;  // TensorShapeProto.Dimension
}  // namespace type_field

// ---- reading ---------------------------------------------------------------------------------

OnnxDim read_dimension(ProtoReader reader) {
  OnnxDim dim;
  while (reader.next()) {
    if (reader.field() == type_field::kDimValue) {
      dim.value = reader.int64_value();
      if (dim.value < 0) dim.value = -1;  // some exporters write -1 for "unknown"
      dim.param.clear();
    } else if (reader.field() == type_field::kDimParam) {
      dim.param = reader.string_value();
      dim.value = -1;
    }
  }
  return dim;
}

void read_tensor_type(ProtoReader reader, OnnxTensorInfo& info) {
  while (reader.next()) {
    if (reader.field() == type_field::kElemType) {
      info.elem_type = reader.int32_value();
    } else if (reader.field() == type_field::kShape) {
      ProtoReader shape = reader.nested("TensorShapeProto");
      info.dims.clear();
      while (shape.next())
        if (shape.field() == type_field::kDim)
          info.dims.push_back(read_dimension(shape.nested("TensorShapeProto.Dimension")));
    }
  }
}

OnnxTensorInfo read_value_info(ProtoReader reader) {
  OnnxTensorInfo info;
  info.elem_type = 0;
  while (reader.next()) {
    if (reader.field() == value_info_field::kName) {
      info.name = reader.string_value();
    } else if (reader.field() == value_info_field::kType) {
      ProtoReader type = reader.nested("TypeProto");
      while (type.next())
        if (type.field() == type_field::kTensorType)
          read_tensor_type(type.nested("TypeProto.Tensor"), info);
    }
  }
  return info;
}

std::string read_tensor_name(ProtoReader reader) {
  std::string name;
  while (reader.next())
    if (reader.field() == tensor_field::kName) name = reader.string_value();
  return name;
}

void read_graph(ProtoReader reader, OnnxModelInfo& info) {
  std::vector<OnnxTensorInfo> inputs;
  std::set<std::string> initializers;
  Checksum checksum;
  while (reader.next()) {
    switch (reader.field()) {
      case graph_field::kInput:
        inputs.push_back(read_value_info(reader.nested("ValueInfoProto")));
        break;
      case graph_field::kOutput:
        info.outputs.push_back(read_value_info(reader.nested("ValueInfoProto")));
        break;
      case graph_field::kInitializer: {
        const ProtoBytes tensor = reader.bytes_value();
        checksum.add(tensor.data, tensor.size);
        initializers.insert(read_tensor_name(reader.nested("TensorProto")));
        break;
      }
      default:
        reader.skip();
    }
  }
  for (OnnxTensorInfo& input : inputs)
    if (initializers.count(input.name) == 0) info.inputs.push_back(std::move(input));
  info.initializers_checksum = checksum.text();
}

OnnxModelInfo read_model(const std::uint8_t* bytes, std::size_t size, const std::string& name,
                         bool with_graph, bool* has_graph) {
  if (size == 0 || !bytes) fail(name, "empty file (0 bytes), not an ONNX model");
  OnnxModelInfo info;
  ProtoReader reader(bytes, size, name, "ModelProto");
  *has_graph = false;
  while (reader.next()) {
    switch (reader.field()) {
      case model_field::kIrVersion:
        info.ir_version = reader.int64_value();
        break;
      case model_field::kProducerName:
        info.producer_name = reader.string_value();
        break;
      case model_field::kProducerVersion:
        info.producer_version = reader.string_value();
        break;
      case model_field::kOpsetImport: {
        ProtoReader opset = reader.nested("OperatorSetIdProto");
        std::string domain;
        std::int64_t version = 0;
        while (opset.next()) {
          if (opset.field() == opset_field::kDomain) domain = opset.string_value();
          if (opset.field() == opset_field::kVersion) version = opset.int64_value();
        }
        if (domain.empty() || domain == "ai.onnx") info.opset = version;
        break;
      }
      case model_field::kGraph:
        *has_graph = true;
        if (with_graph) read_graph(reader.nested("GraphProto"), info);
        break;
      case model_field::kMetadataProps: {
        ProtoReader entry = reader.nested("StringStringEntryProto");
        std::string key, value;
        while (entry.next()) {
          if (entry.field() == entry_field::kKey) key = entry.string_value();
          if (entry.field() == entry_field::kValue) value = entry.string_value();
        }
        if (!info.metadata.emplace(key, std::move(value)).second)
          reader.error("duplicate metadata key '" + key + "'");
        break;
      }
      default:
        reader.skip();
    }
  }
  if (info.ir_version <= 0) fail(name, "not an ONNX model (no ir_version in the ModelProto)");
  return info;
}

// ---- writing ---------------------------------------------------------------------------------

std::string tensor_where(const OnnxTensor& tensor) { return "ONNX tensor '" + tensor.name + "'"; }

std::size_t element_count(const OnnxTensor& tensor) {
  std::size_t count = 1;
  for (std::int64_t dim : tensor.dims) {
    if (dim < 0) fail(tensor_where(tensor), "negative dimension " + std::to_string(dim));
    const auto size = static_cast<std::uint64_t>(dim);
    if (size != 0 && count > std::numeric_limits<std::size_t>::max() / size)
      fail(tensor_where(tensor), "too many elements");
    count *= static_cast<std::size_t>(size);
  }
  return count;
}

void write_dims(ProtoWriter& out, int field, const std::vector<std::int64_t>& values) {
  for (std::int64_t value : values) out.int64(field, value);  // unpacked, as in proto2 onnx.proto
}

void write_floats(ProtoWriter& out, int field, const std::vector<float>& values) {
  for (float value : values) out.float32(field, value);
}

template <class T>
std::vector<std::uint8_t> little_endian_bytes(const std::vector<T>& values) {
  std::vector<std::uint8_t> bytes(values.size() * sizeof(T));
  for (std::size_t i = 0; i < values.size(); ++i) {
    std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t> bits;
    static_assert(sizeof bits == sizeof(T), "4- or 8-byte values");
    std::memcpy(&bits, &values[i], sizeof(T));
    for (std::size_t b = 0; b < sizeof(T); ++b)
      bytes[i * sizeof(T) + b] = static_cast<std::uint8_t>(bits >> (8 * b));
  }
  return bytes;
}

}  // namespace

std::map<std::string, std::string> read_onnx_metadata(const std::uint8_t* bytes, std::size_t size,
                                                      const std::string& name) {
  bool has_graph = false;
  return read_model(bytes, size, name, false, &has_graph).metadata;
}

OnnxModelInfo read_onnx_model_info(const std::uint8_t* bytes, std::size_t size,
                                   const std::string& name) {
  bool has_graph = false;
  OnnxModelInfo info = read_model(bytes, size, name, true, &has_graph);
  if (!has_graph) fail(name, "not an ONNX model (no graph in the ModelProto)");
  return info;
}

namespace {
OnnxTensor tensor_of_type(std::string name, std::vector<std::int64_t> dims, int elem_type) {
  OnnxTensor tensor;
  tensor.name = std::move(name);
  tensor.dims = std::move(dims);
  tensor.elem_type = elem_type;
  return tensor;
}
}  // namespace

OnnxTensor onnx_float_tensor(std::string name, std::vector<std::int64_t> dims,
                             std::vector<float> values) {
  OnnxTensor tensor = tensor_of_type(std::move(name), std::move(dims), kOnnxFloat);
  tensor.floats = std::move(values);
  return tensor;
}

OnnxTensor onnx_int8_tensor(std::string name, std::vector<std::int64_t> dims,
                            std::vector<std::int8_t> values) {
  OnnxTensor tensor = tensor_of_type(std::move(name), std::move(dims), kOnnxInt8);
  tensor.int8s = std::move(values);
  return tensor;
}

OnnxTensor onnx_int64_tensor(std::string name, std::vector<std::int64_t> dims,
                             std::vector<std::int64_t> values) {
  OnnxTensor tensor = tensor_of_type(std::move(name), std::move(dims), kOnnxInt64);
  tensor.int64s = std::move(values);
  return tensor;
}

OnnxAttribute OnnxAttribute::make_float(std::string name, float value) {
  OnnxAttribute attribute;
  attribute.name = std::move(name);
  attribute.type = Type::kFloat;
  attribute.f = value;
  return attribute;
}

OnnxAttribute OnnxAttribute::make_int(std::string name, std::int64_t value) {
  OnnxAttribute attribute;
  attribute.name = std::move(name);
  attribute.type = Type::kInt;
  attribute.i = value;
  return attribute;
}

OnnxAttribute OnnxAttribute::make_string(std::string name, std::string value) {
  OnnxAttribute attribute;
  attribute.name = std::move(name);
  attribute.type = Type::kString;
  attribute.s = std::move(value);
  return attribute;
}

OnnxAttribute OnnxAttribute::make_tensor(std::string name, OnnxTensor value) {
  OnnxAttribute attribute;
  attribute.name = std::move(name);
  attribute.type = Type::kTensor;
  attribute.t = std::move(value);
  return attribute;
}

OnnxAttribute OnnxAttribute::make_floats(std::string name, std::vector<float> values) {
  OnnxAttribute attribute;
  attribute.name = std::move(name);
  attribute.type = Type::kFloats;
  attribute.floats = std::move(values);
  return attribute;
}

OnnxAttribute OnnxAttribute::make_ints(std::string name, std::vector<std::int64_t> values) {
  OnnxAttribute attribute;
  attribute.name = std::move(name);
  attribute.type = Type::kInts;
  attribute.ints = std::move(values);
  return attribute;
}

ProtoWriter onnx_tensor_proto(const OnnxTensor& tensor) {
  const std::size_t count = element_count(tensor);
  ProtoWriter out;
  write_dims(out, tensor_field::kDims, tensor.dims);
  out.int64(tensor_field::kDataType, tensor.elem_type);
  if (!tensor.name.empty()) out.string(tensor_field::kName, tensor.name);
  std::vector<std::uint8_t> raw;
  std::size_t given = 0;
  const std::size_t values_of_other_types =
      (tensor.elem_type == kOnnxFloat ? 0 : tensor.floats.size()) +
      (tensor.elem_type == kOnnxInt8 ? 0 : tensor.int8s.size()) +
      (tensor.elem_type == kOnnxInt64 ? 0 : tensor.int64s.size());
  if (tensor.elem_type == kOnnxFloat) {
    given = tensor.floats.size();
    raw = little_endian_bytes(tensor.floats);
  } else if (tensor.elem_type == kOnnxInt8) {
    given = tensor.int8s.size();
    raw.assign(tensor.int8s.begin(), tensor.int8s.end());
  } else if (tensor.elem_type == kOnnxInt64) {
    given = tensor.int64s.size();
    raw = little_endian_bytes(tensor.int64s);
  } else {
    fail(tensor_where(tensor), "unsupported data type " + std::to_string(tensor.elem_type) +
                                   " (the writer supports FLOAT=1, INT8=3 and INT64=7)");
  }
  if (values_of_other_types != 0)
    fail(tensor_where(tensor),
         "values of another data type than its own (" + std::to_string(tensor.elem_type) + ")");
  if (given != count)
    fail(tensor_where(tensor), "dims hold " + std::to_string(count) + " element(s), got " +
                                   std::to_string(given) + " value(s)");
  out.bytes(tensor_field::kRawData, raw.data(), raw.size());
  return out;
}

ProtoWriter onnx_attribute_proto(const OnnxAttribute& attribute) {
  if (attribute.name.empty()) fail("ONNX attribute", "empty name");
  ProtoWriter out;
  out.string(attribute_field::kName, attribute.name);
  switch (attribute.type) {
    case OnnxAttribute::Type::kFloat:
      out.float32(attribute_field::kF, attribute.f);
      break;
    case OnnxAttribute::Type::kInt:
      out.int64(attribute_field::kI, attribute.i);
      break;
    case OnnxAttribute::Type::kString:
      out.string(attribute_field::kS, attribute.s);
      break;
    case OnnxAttribute::Type::kTensor:
      out.message(attribute_field::kT, onnx_tensor_proto(attribute.t));
      break;
    case OnnxAttribute::Type::kFloats:
      write_floats(out, attribute_field::kFloats, attribute.floats);
      break;
    case OnnxAttribute::Type::kInts:
      write_dims(out, attribute_field::kInts, attribute.ints);
      break;
    default:
      fail("ONNX attribute '" + attribute.name + "'",
           "unsupported type " + std::to_string(static_cast<int>(attribute.type)));
  }
  out.varint(attribute_field::kType, static_cast<std::uint64_t>(attribute.type));
  return out;
}

ProtoWriter onnx_node_proto(const OnnxNode& node) {
  const std::string where = "ONNX node '" + (node.name.empty() ? node.op_type : node.name) + "'";
  if (node.op_type.empty()) fail(where, "empty op_type");
  if (node.outputs.empty()) fail(where, "no outputs");
  ProtoWriter out;
  for (const std::string& input : node.inputs) out.string(node_field::kInput, input);
  for (const std::string& output : node.outputs) {
    if (output.empty()) fail(where, "empty output name");
    out.string(node_field::kOutput, output);
  }
  if (!node.name.empty()) out.string(node_field::kName, node.name);
  out.string(node_field::kOpType, node.op_type);
  std::set<std::string> names;
  for (const OnnxAttribute& attribute : node.attributes) {
    if (!names.insert(attribute.name).second)
      fail(where, "duplicate attribute '" + attribute.name + "'");
    out.message(node_field::kAttribute, onnx_attribute_proto(attribute));
  }
  if (!node.domain.empty()) out.string(node_field::kDomain, node.domain);
  return out;
}

ProtoWriter onnx_value_info_proto(const OnnxTensorInfo& value) {
  if (value.name.empty()) fail("ONNX value info", "empty name");
  ProtoWriter shape;
  for (const OnnxDim& dim : value.dims) {
    ProtoWriter dimension;
    if (dim.value >= 0)
      dimension.int64(type_field::kDimValue, dim.value);
    else if (!dim.param.empty())
      dimension.string(type_field::kDimParam, dim.param);
    shape.message(type_field::kDim, dimension);
  }
  ProtoWriter tensor_type;
  tensor_type.int64(type_field::kElemType, value.elem_type);
  tensor_type.message(type_field::kShape, shape);
  ProtoWriter type;
  type.message(type_field::kTensorType, tensor_type);
  ProtoWriter out;
  out.string(value_info_field::kName, value.name);
  out.message(value_info_field::kType, type);
  return out;
}

ProtoWriter onnx_graph_proto(const OnnxGraph& graph) {
  if (graph.name.empty()) fail("ONNX graph", "empty name");
  if (graph.outputs.empty()) fail("ONNX graph '" + graph.name + "'", "no outputs");
  ProtoWriter out;
  for (const OnnxNode& node : graph.nodes) out.message(graph_field::kNode, onnx_node_proto(node));
  out.string(graph_field::kName, graph.name);
  std::set<std::string> names;
  for (const OnnxTensor& tensor : graph.initializers) {
    if (tensor.name.empty()) fail("ONNX graph '" + graph.name + "'", "initializer without a name");
    if (!names.insert(tensor.name).second)
      fail("ONNX graph '" + graph.name + "'", "duplicate initializer '" + tensor.name + "'");
    out.message(graph_field::kInitializer, onnx_tensor_proto(tensor));
  }
  if (!graph.doc_string.empty()) out.string(graph_field::kDocString, graph.doc_string);
  for (const OnnxTensorInfo& input : graph.inputs)
    out.message(graph_field::kInput, onnx_value_info_proto(input));
  for (const OnnxTensorInfo& output : graph.outputs)
    out.message(graph_field::kOutput, onnx_value_info_proto(output));
  for (const OnnxTensorInfo& value : graph.value_infos)
    out.message(graph_field::kValueInfo, onnx_value_info_proto(value));
  return out;
}

std::string initializers_checksum(const OnnxGraph& graph) {
  Checksum checksum;
  for (const OnnxTensor& tensor : graph.initializers) {
    const ProtoWriter proto = onnx_tensor_proto(tensor);
    checksum.add(proto.data().data(), proto.size());
  }
  return checksum.text();
}

std::vector<std::uint8_t> write_onnx_model(const OnnxModel& model) {
  if (model.ir_version <= 0) fail("write_onnx_model", "ir_version must be positive");
  if (model.opsets.empty()) fail("write_onnx_model", "no operator set imports");
  ProtoWriter out;
  out.int64(model_field::kIrVersion, model.ir_version);
  if (!model.producer_name.empty()) out.string(model_field::kProducerName, model.producer_name);
  if (!model.producer_version.empty())
    out.string(model_field::kProducerVersion, model.producer_version);
  if (!model.domain.empty()) out.string(model_field::kDomain, model.domain);
  if (model.model_version != 0) out.int64(model_field::kModelVersion, model.model_version);
  if (!model.doc_string.empty()) out.string(model_field::kDocString, model.doc_string);
  out.message(model_field::kGraph, onnx_graph_proto(model.graph));
  std::set<std::string> domains;
  for (const OnnxOpset& opset : model.opsets) {
    if (opset.version <= 0)
      fail("write_onnx_model",
           "operator set '" + opset.domain + "' has version " + std::to_string(opset.version));
    if (!domains.insert(opset.domain).second)
      fail("write_onnx_model", "operator set '" + opset.domain + "' imported twice");
    ProtoWriter entry;
    if (!opset.domain.empty()) entry.string(opset_field::kDomain, opset.domain);
    entry.int64(opset_field::kVersion, opset.version);
    out.message(model_field::kOpsetImport, entry);
  }
  std::set<std::string> keys;
  for (const auto& [key, value] : model.metadata) {
    if (!keys.insert(key).second) fail("write_onnx_model", "duplicate metadata key '" + key + "'");
    ProtoWriter entry;
    entry.string(entry_field::kKey, key);
    entry.string(entry_field::kValue, value);
    out.message(model_field::kMetadataProps, entry);
  }
  return out.take();
}

}  // namespace tint
