#include "tint/colorization_model.hpp"

#include "tint/error.hpp"
#include "tint/hints.hpp"
#include "tint/onnx_wire.hpp"
#include "tint/prediction.hpp"

namespace tint {
namespace {

std::string shape_text(const OnnxTensorInfo& tensor) {
  std::string text = "[";
  for (std::size_t i = 0; i < tensor.dims.size(); ++i) {
    const OnnxDim& dim = tensor.dims[i];
    if (i > 0) text += ", ";
    text += dim.value >= 0 ? std::to_string(dim.value) : dim.param.empty() ? "?" : dim.param;
  }
  return text + "]";
}

bool is_fixed(const OnnxDim& dim, std::int64_t value) { return dim.value == value; }

}  // namespace

ModelCard read_colorization_model(const std::uint8_t* bytes, std::size_t size,
                                  const std::string& name) {
  OnnxModelInfo info;
  try {
    info = read_onnx_model_info(bytes, size, name);
  } catch (const Error& e) {
    // The codec's message names the file first; say what it means before the details.
    std::string details = e.what();
    if (details.rfind(name + ": ", 0) == 0) details.erase(0, name.size() + 2);
    fail(name, "not a readable ONNX model (" + details + ")");
  }
  ModelCard card = read_model_card_from_onnx(bytes, size, name);
  // Before anything else: a damaged file's other checks would name a symptom, not the cause.
  if (!card.weights_checksum.empty() && card.weights_checksum != info.initializers_checksum)
    fail(name,
         "damaged: its weights do not match the checksum its model card holds (the file changed "
         "after tint exported it); export it again or use another copy");

  if (info.inputs.size() != 1 || info.outputs.size() != 1)
    fail(name, "not a colorization model: it has " + std::to_string(info.inputs.size()) +
                   " input(s) and " + std::to_string(info.outputs.size()) +
                   " output(s), a tint model has one of each");
  const OnnxTensorInfo& input = info.inputs.front();
  const OnnxTensorInfo& output = info.outputs.front();
  if (input.elem_type != kOnnxFloat || input.dims.size() != 4)
    fail(name, "not a colorization model: its input '" + input.name + "' is " + shape_text(input) +
                   ", a tint model takes one float gray image [N, 1, H, W]");
  const int input_channels = card.takes_hints ? kHintInputChannels : 1;
  if (!is_fixed(input.dims[1], input_channels))
    fail(name, "the model card says the input has " + std::to_string(input_channels) +
                   (card.takes_hints ? " channels (L and hints)" : " channel (L)") +
                   ", but the graph's input '" + input.name + "' is " + shape_text(input));
  if (output.elem_type != kOnnxFloat || output.dims.size() != 4)
    fail(name, "not a colorization model: its output '" + output.name + "' is " +
                   shape_text(output) + ", a tint model gives float planes [N, C, H, W]");

  const OnnxDim& height = input.dims[2];
  const OnnxDim& width = input.dims[3];
  if (card.input_size > 0 &&
      (!is_fixed(height, card.input_size) || !is_fixed(width, card.input_size)))
    fail(name, "the model card says the input is " + std::to_string(card.input_size) + "x" +
                   std::to_string(card.input_size) + ", but the graph's input is " +
                   shape_text(input));
  if (card.input_size == 0 && (height.value >= 0 || width.value >= 0))
    fail(name,
         "the model card says the model takes any input size, but the graph's input is fixed at " +
             shape_text(input));
  const int channels = output_channels(card);
  if (output.dims[1].value >= 0 && !is_fixed(output.dims[1], channels))
    fail(name, "the model card describes a " + to_string(card.mode) + " model with " +
                   std::to_string(channels) + " output channels, but the graph's output is " +
                   shape_text(output));
  return card;
}

}  // namespace tint
