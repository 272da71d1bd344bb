#include "tint/protobuf_wire.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <limits>
#include <random>
#include <set>
#include "test_support.hpp"

namespace tint {
namespace {

using Bytes = std::vector<std::uint8_t>;

using test::error_of;

// Reads every field of `bytes` as a "Test" message, consuming each value.
void read_all(const Bytes& bytes) {
  ProtoReader reader(bytes.data(), bytes.size(), "m.bin", "Test");
  while (reader.next()) {
  }
}

std::string read_error(const Bytes& bytes) {
  return error_of([&] { read_all(bytes); });
}

TEST(ProtoWriter, EncodesLikeProtobuf) {
  ProtoWriter a;
  a.varint(1, 150);  // the encoding guide's example
  EXPECT_EQ(a.data(), (Bytes{0x08, 0x96, 0x01}));

  ProtoWriter b;
  b.string(2, "testing");
  EXPECT_EQ(b.data(), (Bytes{0x12, 0x07, 't', 'e', 's', 't', 'i', 'n', 'g'}));

  ProtoWriter c;
  c.int64(1, -1);  // ten bytes
  EXPECT_EQ(c.data(), (Bytes{0x08, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}));

  ProtoWriter d;
  d.sint64(1, -1);
  d.sint64(1, 1);
  d.sint64(1, -2);
  EXPECT_EQ(d.data(), (Bytes{0x08, 0x01, 0x08, 0x02, 0x08, 0x03}));

  ProtoWriter e;
  e.packed_int64(4, {3, 270, 86942});
  EXPECT_EQ(e.data(), (Bytes{0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05}));

  ProtoWriter f;
  f.fixed32(1, 0x04030201u);
  f.fixed64(2, 0x0807060504030201u);
  f.float32(3, 1.0f);
  EXPECT_EQ(f.data(),
            (Bytes{0x0D, 1, 2, 3, 4, 0x11, 1, 2, 3, 4, 5, 6, 7, 8, 0x1D, 0, 0, 0x80, 0x3F}));

  ProtoWriter g;
  g.packed_float(5, {1.0f, -2.0f});
  g.packed_float(6, {});  // nothing for an empty list
  g.packed_int64(7, {});
  EXPECT_EQ(g.data(), (Bytes{0x2A, 0x08, 0, 0, 0x80, 0x3F, 0, 0, 0, 0xC0}));

  ProtoWriter h;
  h.varint(kMaxProtoField, 1);
  EXPECT_EQ(h.data(), (Bytes{0xF8, 0xFF, 0xFF, 0xFF, 0x0F, 0x01}));
  EXPECT_EQ(error_of([&] { h.varint(0, 1); }),
            "ProtoWriter: field number 0 is outside 1..536870911");
  EXPECT_THROW(h.string(kMaxProtoField + 1, "x"), Error);

  ProtoWriter nested;
  nested.varint(1, 150);
  ProtoWriter outer;
  outer.message(3, nested);
  EXPECT_EQ(outer.data(), (Bytes{0x1A, 0x03, 0x08, 0x96, 0x01}));
  EXPECT_EQ(outer.size(), 5u);
  const Bytes taken = outer.take();
  EXPECT_EQ(taken.size(), 5u);
}

Bytes sample_message() {
  ProtoWriter inner;
  inner.string(1, "inner");
  inner.int64(2, -5);
  ProtoWriter w;
  w.varint(1, 150);
  w.int64(2, std::numeric_limits<std::int64_t>::min());
  w.sint64(3, -123456789);
  w.fixed32(4, 0xDEADBEEF);
  w.fixed64(5, 0x0123456789ABCDEFull);
  w.float32(6, -1.5f);
  w.float64(7, 3.25);
  w.string(8, "h\xC3\xA9llo");
  w.message(9, inner);
  w.packed_int64(10, {1, -1, 300});
  w.int64(10, 7);  // the same repeated field, unpacked
  w.packed_float(11, {0.5f, 2.0f});
  w.float32(11, 4.0f);
  w.bytes(12, "\0\1\2", 3);
  w.varint(13, 1);
  w.int64(14, -2147483648LL);
  w.varint(15000, 42);  // an unknown field, skipped
  return w.take();
}

TEST(ProtoReader, ReadsEveryType) {
  const Bytes bytes = sample_message();
  ProtoReader reader(bytes.data(), bytes.size(), "m.bin", "Test");
  std::vector<std::int64_t> int64s;
  std::vector<float> floats;
  int fields = 0;
  while (reader.next()) {
    ++fields;
    switch (reader.field()) {
      case 1:
        EXPECT_EQ(reader.varint_value(), 150u);
        break;
      case 2:
        EXPECT_EQ(reader.int64_value(), std::numeric_limits<std::int64_t>::min());
        break;
      case 3:
        EXPECT_EQ(reader.sint64_value(), -123456789);
        break;
      case 4:
        EXPECT_EQ(reader.fixed32_value(), 0xDEADBEEFu);
        break;
      case 5:
        EXPECT_EQ(reader.fixed64_value(), 0x0123456789ABCDEFull);
        break;
      case 6:
        EXPECT_EQ(reader.float_value(), -1.5f);
        break;
      case 7:
        EXPECT_EQ(reader.double_value(), 3.25);
        break;
      case 8:
        EXPECT_EQ(reader.string_value(), "h\xC3\xA9llo");
        break;
      case 9: {
        EXPECT_EQ(reader.wire_type(), WireType::kLengthDelimited);
        ProtoReader inner = reader.nested("Inner");
        ASSERT_TRUE(inner.next());
        EXPECT_EQ(inner.string_value(), "inner");
        ASSERT_TRUE(inner.next());
        EXPECT_EQ(inner.int64_value(), -5);
        EXPECT_EQ(inner.int32_value(), -5);
        EXPECT_FALSE(inner.next());
        break;
      }
      case 10:
        reader.read_int64s(int64s);
        break;
      case 11:
        reader.read_floats(floats);
        break;
      case 12: {
        const ProtoBytes span = reader.bytes_value();
        ASSERT_EQ(span.size, 3u);
        EXPECT_EQ(span.data[2], 2);
        break;
      }
      case 13:
        EXPECT_TRUE(reader.bool_value());
        break;
      case 14:
        EXPECT_EQ(reader.int32_value(), -2147483647 - 1);
        break;
      default:
        EXPECT_EQ(reader.field(), 15000);
        reader.skip();
    }
  }
  EXPECT_EQ(fields, 17);
  EXPECT_EQ(int64s, (std::vector<std::int64_t>{1, -1, 300, 7}));
  EXPECT_EQ(floats, (std::vector<float>{0.5f, 2.0f, 4.0f}));
  EXPECT_FALSE(reader.next());  // stays at the end

  ProtoReader empty(nullptr, 0, "none");
  EXPECT_FALSE(empty.next());
}

TEST(ProtoReader, MalformedInputGetsClearErrors) {
  EXPECT_EQ(read_error({0x08, 0x96}),
            "m.bin: Test at byte 0: field 1 value: varint runs past the end");
  EXPECT_EQ(read_error({0x08, 0x01, 0x80}),
            "m.bin: Test at byte 2: field tag: varint runs past the end");
  Bytes eleven{0x08};
  eleven.insert(eleven.end(), 10, 0xFF);
  eleven.push_back(0x01);
  EXPECT_EQ(read_error(eleven),
            "m.bin: Test at byte 0: field 1 value: varint longer than 10 bytes");
  Bytes overflow{0x08};
  overflow.insert(overflow.end(), 9, 0xFF);
  overflow.push_back(0x02);
  EXPECT_EQ(read_error(overflow), "m.bin: Test at byte 0: field 1 value: varint overflows 64 bits");
  EXPECT_EQ(read_error({0x08, 0x01, 0x0A, 0x05, 'a', 'b'}),
            "m.bin: Test at byte 2: field 1: length 5 runs past the end (2 bytes left)");
  EXPECT_EQ(read_error({0x0A, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01}),
            "m.bin: Test at byte 0: field 1: length 18446744073709551615 runs past the end "
            "(0 bytes left)");
  EXPECT_EQ(read_error({0x0E}), "m.bin: Test at byte 0: field 1: unknown wire type 6");
  EXPECT_EQ(read_error({0x0F}), "m.bin: Test at byte 0: field 1: unknown wire type 7");
  EXPECT_EQ(read_error({0x0B, 0x0C}),
            "m.bin: Test at byte 0: field 1: wire type 3 (deprecated group) is not supported");
  EXPECT_EQ(read_error({0x0C}),
            "m.bin: Test at byte 0: field 1: wire type 4 (deprecated group) is not supported");
  EXPECT_EQ(read_error({0x00}), "m.bin: Test at byte 0: invalid field number 0");
  EXPECT_EQ(read_error({0x80, 0x80, 0x80, 0x80, 0x10}),
            "m.bin: Test at byte 0: field number 536870912 is over the maximum 536870911");
  EXPECT_EQ(read_error({0x0D, 1, 2}),
            "m.bin: Test at byte 0: field 1: fixed32 value runs past the end (2 bytes left)");
  EXPECT_EQ(read_error({0x09, 1, 2, 3, 4, 5, 6, 7}),
            "m.bin: Test at byte 0: field 1: fixed64 value runs past the end (7 bytes left)");

  const Bytes varint{0x08, 0x01};
  ProtoReader reader(varint.data(), varint.size(), "m.bin", "Test");
  EXPECT_EQ(error_of([&] { reader.varint_value(); }),
            "m.bin: Test at byte 0: no current field (call next() first)");
  ASSERT_TRUE(reader.next());
  EXPECT_EQ(error_of([&] { reader.string_value(); }),
            "m.bin: Test at byte 0: field 1: expected wire type length-delimited, got varint");
  EXPECT_EQ(error_of([&] { reader.float_value(); }),
            "m.bin: Test at byte 0: field 1: expected wire type fixed32, got varint");
  EXPECT_EQ(error_of([&] { reader.nested("Inner"); }),
            "m.bin: Test at byte 0: field 1: expected wire type length-delimited, got varint");
  std::vector<float> floats;
  EXPECT_EQ(error_of([&] { reader.read_floats(floats); }),
            "m.bin: Test at byte 0: field 1: expected wire type fixed32 or length-delimited "
            "(packed), got varint");

  const Bytes fixed{0x0D, 1, 2, 3, 4};
  ProtoReader fixed_reader(fixed.data(), fixed.size(), "m.bin", "Test");
  ASSERT_TRUE(fixed_reader.next());
  std::vector<std::int64_t> int64s;
  EXPECT_EQ(error_of([&] { fixed_reader.read_int64s(int64s); }),
            "m.bin: Test at byte 0: field 1: expected wire type varint or length-delimited "
            "(packed), got fixed32");

  const Bytes packed{0x0A, 0x03, 1, 2, 3};
  ProtoReader packed_reader(packed.data(), packed.size(), "m.bin", "Test");
  ASSERT_TRUE(packed_reader.next());
  EXPECT_EQ(error_of([&] { packed_reader.read_floats(floats); }),
            "m.bin: Test at byte 0: field 1: packed floats of 3 bytes, not a multiple of 4");
  const Bytes packed_varints{0x0A, 0x02, 0x01, 0x80};
  ProtoReader varints_reader(packed_varints.data(), packed_varints.size(), "m.bin", "Test");
  ASSERT_TRUE(varints_reader.next());
  EXPECT_EQ(error_of([&] { varints_reader.read_int64s(int64s); }),
            "m.bin: Test at byte 0: field 1 packed element: varint runs past the end");

  ProtoWriter big;
  big.int64(1, std::int64_t{1} << 40);
  ProtoReader big_reader(big.data().data(), big.size(), "m.bin", "Test");
  ASSERT_TRUE(big_reader.next());
  EXPECT_EQ(error_of([&] { big_reader.int32_value(); }),
            "m.bin: Test at byte 0: field 1: value 1099511627776 is out of the int32 range");
}

TEST(ProtoReader, NestedErrorsGiveAbsoluteOffsets) {
  // Field 1 (a varint), then field 2: a nested message whose own field 1 value is truncated.
  const Bytes bytes{0x08, 0x01, 0x12, 0x03, 0x08, 0x96, 0x96};
  ProtoReader outer(bytes.data(), bytes.size(), "model.onnx", "ModelProto");
  ASSERT_TRUE(outer.next());
  ASSERT_TRUE(outer.next());
  EXPECT_EQ(outer.field_offset(), 2u);
  ProtoReader inner = outer.nested("GraphProto");
  EXPECT_EQ(error_of([&] { inner.next(); }),
            "model.onnx: GraphProto at byte 4: field 1 value: varint runs past the end");
  ProtoReader unnamed(bytes.data(), 1, "");
  EXPECT_EQ(error_of([&] { unnamed.next(); }),
            "message at byte 0: field 1 value: varint runs past the end");
}

// Reads every field, decoding each value every way it can be decoded and recursing into every
// length-delimited value as if it were a message; returns false on a tint::Error.
bool walk(const std::uint8_t* data, std::size_t size, int depth = 0) {
  try {
    ProtoReader reader(data, size, "fuzz", "Test");
    while (reader.next()) {
      std::vector<std::int64_t> int64s;
      std::vector<float> floats;
      switch (reader.wire_type()) {
        case WireType::kVarint:
          reader.varint_value();
          reader.sint64_value();
          reader.read_int64s(int64s);
          try {
            reader.int32_value();
          } catch (const Error&) {
          }
          break;
        case WireType::kFixed32:
          reader.read_floats(floats);
          break;
        case WireType::kFixed64:
          reader.double_value();
          break;
        case WireType::kLengthDelimited: {
          const ProtoBytes span = reader.bytes_value();
          EXPECT_GE(span.data, data);
          EXPECT_LE(span.data + span.size, data + size);
          reader.string_value();
          if (depth < 6) walk(span.data, span.size, depth + 1);
          try {
            reader.read_int64s(int64s);
          } catch (const Error&) {
          }
          try {
            reader.read_floats(floats);
          } catch (const Error&) {
          }
          break;
        }
        default:
          ADD_FAILURE() << "next() returned a group";
      }
    }
    return true;
  } catch (const Error&) {
    return false;
  }
}

TEST(ProtoReader, EveryTruncationFailsCleanly) {
  const Bytes bytes = sample_message();
  // Offsets where a field starts: a prefix ending there is a valid (shorter) message.
  std::set<std::size_t> boundaries{bytes.size()};
  ProtoReader reader(bytes.data(), bytes.size(), "m.bin", "Test");
  while (reader.next()) boundaries.insert(reader.field_offset());
  for (std::size_t size = 0; size <= bytes.size(); ++size) {
    // A copy of exactly `size` bytes, so that the sanitizer sees any read past it.
    const Bytes prefix(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(size));
    EXPECT_EQ(walk(prefix.data(), prefix.size()), boundaries.count(size) == 1) << size;
    if (boundaries.count(size) == 0) {
      EXPECT_THROW(read_all(prefix), Error) << size;
    }
  }
}

TEST(ProtoReader, RandomGarbageNeverCrashes) {
  std::mt19937 random(5);
  const Bytes valid = sample_message();
  int accepted = 0;
  for (int round = 0; round < 30000; ++round) {
    Bytes bytes;
    if (round % 2 == 0) {
      bytes.resize(random() % 48);
      for (std::uint8_t& byte : bytes) byte = static_cast<std::uint8_t>(random());
    } else {
      bytes = valid;  // a valid message with a few bytes changed
      for (int e = 0; e < 3; ++e)
        bytes[random() % bytes.size()] = static_cast<std::uint8_t>(random());
    }
    accepted += walk(bytes.data(), bytes.size()) ? 1 : 0;
  }
  EXPECT_GT(accepted, 0);
}

}  // namespace
}  // namespace tint
