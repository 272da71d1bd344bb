// A minimal protobuf wire-format codec. ONNX model files are protobuf messages, and the colour core
// reads and writes them from one source that builds in WebAssembly and next to any LibTorch,
// without linking libprotobuf (whose versions clash between those worlds) or generated code.
// Reference: https://protobuf.dev/programming-guides/encoding/
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "tint/error.hpp"

namespace tint {

enum class WireType : int {
  kVarint = 0,
  kFixed64 = 1,
  kLengthDelimited = 2,
  kStartGroup = 3,  // deprecated groups: refused by ProtoReader
  kEndGroup = 4,
  kFixed32 = 5,
};
// "varint", "fixed64", "length-delimited", "start-group", "end-group" or "fixed32".
const char* to_string(WireType type);

// Field numbers must be within 1..kMaxProtoField.
constexpr int kMaxProtoField = (1 << 29) - 1;

// Appends fields to a growing message. Each call writes one field: tag, then value. Throws for a
// field number outside 1..kMaxProtoField. Repeated fields are written by calling again.
class ProtoWriter {
 public:
  void varint(int field, std::uint64_t value);  // uint64, uint32, bool, enum
  void int64(int field, std::int64_t value);    // int64, int32: negatives take 10 bytes
  void sint64(int field, std::int64_t value);   // sint64, sint32: zigzag
  void fixed32(int field, std::uint32_t value);
  void fixed64(int field, std::uint64_t value);
  void float32(int field, float value);
  void float64(int field, double value);
  void bytes(int field, const void* data, std::size_t size);
  void string(int field, const std::string& value);
  void message(int field, const ProtoWriter& nested);
  // Packed repeated scalars (one length-delimited field); nothing is written for an empty list.
  void packed_int64(int field, const std::vector<std::int64_t>& values);
  void packed_float(int field, const std::vector<float>& values);

  const std::vector<std::uint8_t>& data() const { return data_; }
  std::size_t size() const { return data_.size(); }
  std::vector<std::uint8_t> take() { return std::move(data_); }

 private:
  void tag(int field, WireType type);
  void raw_varint(std::uint64_t value);
  void raw_fixed(std::uint64_t value, int byte_count);
  std::vector<std::uint8_t> data_;
};

// A view of length-delimited bytes inside the reader's buffer.
struct ProtoBytes {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
};

// Reads the fields of one message from a byte span it does not own or copy:
//
//   ProtoReader reader(bytes, size, "model.onnx", "ModelProto");
//   while (reader.next()) {
//     if (reader.field() == 1) ir_version = reader.int64_value();
//     else if (reader.field() == 7) read_graph(reader.nested("GraphProto"));
//     else reader.skip();
//   }
//
// next() validates the whole field (tag, value, length against the end) before returning, so an
// accessor never reads out of bounds; fields need not be read or skipped explicitly. Malformed
// input throws tint::Error reading "<source>: <message_type> at byte <N>: <what>", where N is
// the offset of the field's tag from the start of the outermost buffer, e.g.
//   "model.onnx: ModelProto at byte 1234: field 7: length 99999 runs past the end (512 bytes left)"
class ProtoReader {
 public:
  ProtoReader(const std::uint8_t* data, std::size_t size, std::string source,
              std::string message_type = "message", std::size_t base_offset = 0);

  // Moves to the next field; false at the end of the message.
  bool next();
  int field() const { return field_; }
  WireType wire_type() const { return wire_type_; }
  std::size_t field_offset() const { return base_ + field_offset_; }  // of the current tag

  // Values of the current field; each throws if the wire type does not match.
  std::uint64_t varint_value() const;
  std::int64_t int64_value() const;   // int64 (two's complement)
  std::int32_t int32_value() const;   // int32 / enum; throws outside the int32 range
  std::int64_t sint64_value() const;  // zigzag
  bool bool_value() const;
  std::uint32_t fixed32_value() const;
  std::uint64_t fixed64_value() const;
  float float_value() const;
  double double_value() const;
  ProtoBytes bytes_value() const;
  std::string string_value() const;
  ProtoReader nested(std::string message_type = "message") const;
  // Repeated scalars, accepted both packed and unpacked (as protobuf parsers must); appends.
  void read_int64s(std::vector<std::int64_t>& out) const;
  void read_floats(std::vector<float>& out) const;
  // Leaves an unknown field (next() moves past any field anyway; this states the intent).
  void skip() const {}

  // Throws "<source>: <message_type> at byte <field offset>: <what>".
  [[noreturn]] void error(const std::string& what) const;
  const std::string& source() const { return source_; }
  const std::string& message_type() const { return message_type_; }

 private:
  [[noreturn]] void error_at(std::size_t offset, const std::string& what) const;
  std::uint64_t read_varint(std::size_t& pos, std::size_t end, const std::string& what) const;
  void require(WireType type) const;
  std::string field_name() const;

  const std::uint8_t* data_;
  std::size_t size_;
  std::string source_;
  std::string message_type_;
  std::size_t base_;
  std::size_t pos_ = 0;
  int field_ = 0;
  WireType wire_type_ = WireType::kVarint;
  std::size_t field_offset_ = 0;
  std::size_t value_offset_ = 0;
  std::size_t value_size_ = 0;
  std::uint64_t varint_ = 0;
};

}  // namespace tint
