// The ONNX reader as the browser app and `tint share` use it: the protobuf wire codec, the model
// card's JSON, the weights' checksum and the graph-against-card check. Any input must give a card
// or a tint::Error.
#include <cstddef>
#include <cstdint>

#include "tint/colorization_model.hpp"
#include "tint/error.hpp"
#include "tint/onnx_wire.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    tint::read_onnx_model_info(data, size, "fuzz.onnx");
  } catch (const tint::Error&) {
  }
  try {
    tint::read_colorization_model(data, size, "fuzz.onnx");
  } catch (const tint::Error&) {
  }
  return 0;
}
