#include "tint/protobuf_wire.hpp"

#include <cstring>
#include <utility>

namespace tint {
namespace {

std::uint32_t float_bits(float value) {
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

std::uint64_t little_endian(const std::uint8_t* bytes, int byte_count) {
  std::uint64_t value = 0;
  for (int i = byte_count - 1; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}

}  // namespace

const char* to_string(WireType type) {
  switch (type) {
    case WireType::kVarint:
      return "varint";
    case WireType::kFixed64:
      return "fixed64";
    case WireType::kLengthDelimited:
      return "length-delimited";
    case WireType::kStartGroup:
      return "start-group";
    case WireType::kEndGroup:
      return "end-group";
    case WireType::kFixed32:
      return "fixed32";
  }
  return "unknown";
}

// ---- ProtoWriter -----------------------------------------------------------------------------

void ProtoWriter::tag(int field, WireType type) {
  if (field < 1 || field > kMaxProtoField)
    fail("ProtoWriter", "field number " + std::to_string(field) + " is outside 1.." +
                            std::to_string(kMaxProtoField));
  raw_varint((static_cast<std::uint64_t>(field) << 3) | static_cast<std::uint64_t>(type));
}

void ProtoWriter::raw_varint(std::uint64_t value) {
  while (value >= 0x80) {
    data_.push_back(static_cast<std::uint8_t>(value | 0x80));
    value >>= 7;
  }
  data_.push_back(static_cast<std::uint8_t>(value));
}

void ProtoWriter::raw_fixed(std::uint64_t value, int byte_count) {
  for (int i = 0; i < byte_count; ++i) data_.push_back(static_cast<std::uint8_t>(value >> (8 * i)));
}

void ProtoWriter::varint(int field, std::uint64_t value) {
  tag(field, WireType::kVarint);
  raw_varint(value);
}

void ProtoWriter::int64(int field, std::int64_t value) {
  varint(field, static_cast<std::uint64_t>(value));
}

void ProtoWriter::sint64(int field, std::int64_t value) {
  const auto bits = static_cast<std::uint64_t>(value);
  varint(field, (bits << 1) ^ (value < 0 ? ~std::uint64_t{0} : 0));
}

void ProtoWriter::fixed32(int field, std::uint32_t value) {
  tag(field, WireType::kFixed32);
  raw_fixed(value, 4);
}

void ProtoWriter::fixed64(int field, std::uint64_t value) {
  tag(field, WireType::kFixed64);
  raw_fixed(value, 8);
}

void ProtoWriter::float32(int field, float value) { fixed32(field, float_bits(value)); }

void ProtoWriter::float64(int field, double value) {
  std::uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  fixed64(field, bits);
}

void ProtoWriter::bytes(int field, const void* data, std::size_t size) {
  tag(field, WireType::kLengthDelimited);
  raw_varint(size);
  if (size > 0) {
    const auto* begin = static_cast<const std::uint8_t*>(data);
    data_.insert(data_.end(), begin, begin + size);
  }
}

void ProtoWriter::string(int field, const std::string& value) {
  bytes(field, value.data(), value.size());
}

void ProtoWriter::message(int field, const ProtoWriter& nested) {
  bytes(field, nested.data_.data(), nested.data_.size());
}

void ProtoWriter::packed_int64(int field, const std::vector<std::int64_t>& values) {
  if (values.empty()) return;
  ProtoWriter payload;
  for (std::int64_t value : values) payload.raw_varint(static_cast<std::uint64_t>(value));
  message(field, payload);
}

void ProtoWriter::packed_float(int field, const std::vector<float>& values) {
  if (values.empty()) return;
  ProtoWriter payload;
  payload.data_.reserve(values.size() * 4);
  for (float value : values) payload.raw_fixed(float_bits(value), 4);
  message(field, payload);
}

// ---- ProtoReader -----------------------------------------------------------------------------

ProtoReader::ProtoReader(const std::uint8_t* data, std::size_t size, std::string source,
                         std::string message_type, std::size_t base_offset)
    : data_(data),
      size_(data ? size : 0),
      source_(std::move(source)),
      message_type_(std::move(message_type)),
      base_(base_offset) {}

void ProtoReader::error_at(std::size_t offset, const std::string& what) const {
  std::string where = source_.empty() ? message_type_ : source_ + ": " + message_type_;
  fail(where + " at byte " + std::to_string(base_ + offset), what);
}

void ProtoReader::error(const std::string& what) const { error_at(field_offset_, what); }

std::string ProtoReader::field_name() const { return "field " + std::to_string(field_); }

std::uint64_t ProtoReader::read_varint(std::size_t& pos, std::size_t end,
                                       const std::string& what) const {
  std::uint64_t value = 0;
  for (int i = 0; i < 10; ++i) {
    if (pos >= end) error_at(field_offset_, what + ": varint runs past the end");
    const std::uint8_t byte = data_[pos++];
    if (i == 9 && (byte & 0x80)) error_at(field_offset_, what + ": varint longer than 10 bytes");
    if (i == 9 && byte > 1) error_at(field_offset_, what + ": varint overflows 64 bits");
    value |= std::uint64_t{byte & 0x7Fu} << (7 * i);
    if (!(byte & 0x80)) return value;
  }
  return value;  // not reached: the tenth byte either ends the varint or throws
}

bool ProtoReader::next() {
  if (pos_ >= size_) {
    field_ = 0;
    return false;
  }
  field_offset_ = pos_;
  field_ = 0;
  const std::uint64_t tag = read_varint(pos_, size_, "field tag");
  if (tag >> 3 > static_cast<std::uint64_t>(kMaxProtoField))
    error("field number " + std::to_string(tag >> 3) + " is over the maximum " +
          std::to_string(kMaxProtoField));
  if (tag >> 3 == 0) error("invalid field number 0");
  field_ = static_cast<int>(tag >> 3);
  const auto type = static_cast<int>(tag & 7);
  const std::size_t left = size_ - pos_;
  const auto runs_past = [&](const std::string& what) {
    error(field_name() + ": " + what + " runs past the end (" + std::to_string(left) +
          " bytes left)");
  };
  value_offset_ = pos_;
  switch (type) {
    case 0:
      wire_type_ = WireType::kVarint;
      varint_ = read_varint(pos_, size_, field_name() + " value");
      value_size_ = pos_ - value_offset_;
      return true;
    case 1:
      wire_type_ = WireType::kFixed64;
      if (left < 8) runs_past("fixed64 value");
      value_size_ = 8;
      pos_ += 8;
      return true;
    case 5:
      wire_type_ = WireType::kFixed32;
      if (left < 4) runs_past("fixed32 value");
      value_size_ = 4;
      pos_ += 4;
      return true;
    case 2: {
      wire_type_ = WireType::kLengthDelimited;
      const std::uint64_t length = read_varint(pos_, size_, field_name() + " length");
      const std::size_t rest = size_ - pos_;
      if (length > rest)
        error(field_name() + ": length " + std::to_string(length) + " runs past the end (" +
              std::to_string(rest) + " bytes left)");
      value_offset_ = pos_;
      value_size_ = static_cast<std::size_t>(length);
      pos_ += value_size_;
      return true;
    }
    case 3:
    case 4:
      error(field_name() + ": wire type " + std::to_string(type) +
            " (deprecated group) is not supported");
    default:
      error(field_name() + ": unknown wire type " + std::to_string(type));
  }
}

void ProtoReader::require(WireType type) const {
  if (field_ == 0) error("no current field (call next() first)");
  if (wire_type_ != type)
    error(field_name() + ": expected wire type " + to_string(type) + ", got " +
          to_string(wire_type_));
}

std::uint64_t ProtoReader::varint_value() const {
  require(WireType::kVarint);
  return varint_;
}

std::int64_t ProtoReader::int64_value() const {
  const std::uint64_t bits = varint_value();
  std::int64_t value;
  std::memcpy(&value, &bits,
              sizeof value);  // two's complement, without implementation-defined casts
  return value;
}

std::int32_t ProtoReader::int32_value() const {
  const std::int64_t value = int64_value();
  if (value < INT32_MIN || value > INT32_MAX)
    error(field_name() + ": value " + std::to_string(value) + " is out of the int32 range");
  return static_cast<std::int32_t>(value);
}

std::int64_t ProtoReader::sint64_value() const {
  const std::uint64_t bits = varint_value();
  const std::uint64_t decoded = (bits >> 1) ^ (~(bits & 1) + 1);  // zigzag
  std::int64_t value;
  std::memcpy(&value, &decoded, sizeof value);
  return value;
}

bool ProtoReader::bool_value() const { return varint_value() != 0; }

std::uint32_t ProtoReader::fixed32_value() const {
  require(WireType::kFixed32);
  return static_cast<std::uint32_t>(little_endian(data_ + value_offset_, 4));
}

std::uint64_t ProtoReader::fixed64_value() const {
  require(WireType::kFixed64);
  return little_endian(data_ + value_offset_, 8);
}

float ProtoReader::float_value() const {
  const std::uint32_t bits = fixed32_value();
  float value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

double ProtoReader::double_value() const {
  const std::uint64_t bits = fixed64_value();
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

ProtoBytes ProtoReader::bytes_value() const {
  require(WireType::kLengthDelimited);
  return {data_ + value_offset_, value_size_};
}

std::string ProtoReader::string_value() const {
  const ProtoBytes bytes = bytes_value();
  return std::string(reinterpret_cast<const char*>(bytes.data), bytes.size);
}

ProtoReader ProtoReader::nested(std::string message_type) const {
  const ProtoBytes bytes = bytes_value();
  return ProtoReader(bytes.data, bytes.size, source_, std::move(message_type),
                     base_ + value_offset_);
}

void ProtoReader::read_int64s(std::vector<std::int64_t>& out) const {
  if (field_ != 0 && wire_type_ == WireType::kVarint) {
    out.push_back(int64_value());
    return;
  }
  if (field_ != 0 && wire_type_ != WireType::kLengthDelimited)
    error(field_name() + ": expected wire type varint or length-delimited (packed), got " +
          to_string(wire_type_));
  const ProtoBytes packed = bytes_value();
  std::size_t pos = value_offset_;
  const std::size_t end = value_offset_ + packed.size;
  while (pos < end) {
    const std::uint64_t bits = read_varint(pos, end, field_name() + " packed element");
    std::int64_t value;
    std::memcpy(&value, &bits, sizeof value);
    out.push_back(value);
  }
}

void ProtoReader::read_floats(std::vector<float>& out) const {
  if (field_ != 0 && wire_type_ == WireType::kFixed32) {
    out.push_back(float_value());
    return;
  }
  if (field_ != 0 && wire_type_ != WireType::kLengthDelimited)
    error(field_name() + ": expected wire type fixed32 or length-delimited (packed), got " +
          to_string(wire_type_));
  const ProtoBytes packed = bytes_value();
  if (packed.size % 4 != 0)
    error(field_name() + ": packed floats of " + std::to_string(packed.size) +
          " bytes, not a multiple of 4");
  out.reserve(out.size() + packed.size / 4);
  for (std::size_t i = 0; i < packed.size; i += 4) {
    const auto bits = static_cast<std::uint32_t>(little_endian(packed.data + i, 4));
    float value;
    std::memcpy(&value, &bits, sizeof value);
    out.push_back(value);
  }
}

}  // namespace tint
