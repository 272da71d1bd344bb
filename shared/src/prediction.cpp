#include "tint/prediction.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "tint/ab_bins.hpp"
#include "tint/color_space.hpp"
#include "tint/compose.hpp"
#include "tint/error.hpp"
#include "tint/hint_guidance.hpp"
#include "tint/palette.hpp"
#include "tint/resample.hpp"

namespace tint {
namespace {

int round_to_multiple(double side, int multiple) {
  const int rounded = static_cast<int>(std::lround(side / multiple)) * multiple;
  return std::max(rounded, multiple);
}

// The standard bins when the card holds them (the common case, already cached), else its own.
const AbBins& bins_of(const ModelCard& card, AbBins& storage) {
  if (card.bin_centres == AbBins::standard().centres()) return AbBins::standard();
  storage = AbBins::from_centres(card.bin_centres);
  return storage;
}

}  // namespace

int output_channels(const ModelCard& card) {
  switch (card.mode) {
    case ModelMode::kPalette:
      return static_cast<int>(card.palette.size());
    case ModelMode::kAb:
      return 2;
    case ModelMode::kRgb:
      return 3;
    case ModelMode::kBins313:
      return static_cast<int>(card.bin_centres.size());
  }
  return 0;
}

InputSize model_input_size(const ModelCard& card, int width, int height, int max_side) {
  if (width < 1 || height < 1) fail("model_input_size", "empty image");
  if (max_side < card.input_multiple)
    fail("model_input_size", "max_side " + std::to_string(max_side) +
                                 " is smaller than the model's input multiple " +
                                 std::to_string(card.input_multiple));
  if (card.input_size > 0) return {card.input_size, card.input_size};
  const double scale = std::min(1.0, double(max_side) / std::max(width, height));
  const int multiple = card.input_multiple;
  InputSize size{round_to_multiple(width * scale, multiple),
                 round_to_multiple(height * scale, multiple)};
  // Rounding to the nearest multiple may step over max_side; step back.
  if (size.width > max_side) size.width -= multiple;
  if (size.height > max_side) size.height -= multiple;
  return size;
}

int default_working_side(const ModelCard& card) {
  constexpr int kDefaultWorkingSide = 512;
  return card.working_side > 0 ? card.working_side : kDefaultWorkingSide;
}

int input_channels(const ModelCard& card) { return card.takes_hints ? kHintInputChannels : 1; }

std::vector<float> network_input(const ImageF& lightness, const ModelCard& card, InputSize size,
                                 const std::vector<ColourHint>& hints) {
  require_channels(lightness, 1, "network_input");
  if (!card.takes_hints && !hints.empty())
    fail("hints", "the model '" + card.name + "' takes no hints (its card says so)");
  const ImageF resized = resize(lightness, size.width, size.height);
  std::vector<float> input(resized.samples());
  for (float& value : input) value = (value - card.l_offset) / card.l_scale;
  if (card.takes_hints) {
    const std::vector<float> planes = hint_planes(hints, lightness.width(), lightness.height(),
                                                  size.width, size.height, card.ab_scale);
    input.insert(input.end(), planes.begin(), planes.end());
  }
  return input;
}

void check_network_output_shape(const NetworkOutput& output, const ModelCard& card) {
  const std::string where = "model output";
  if (output.data == nullptr || output.width < 1 || output.height < 1) fail(where, "empty output");
  const int expected = output_channels(card);
  if (output.channels != expected)
    fail(where, std::to_string(output.channels) + " channels, but a " + to_string(card.mode) +
                    " model with this card outputs " + std::to_string(expected));
}

void check_network_output(const NetworkOutput& output, const ModelCard& card) {
  const std::string where = "model output";
  check_network_output_shape(output, card);
  const std::size_t count = std::size_t(output.channels) * output.width * output.height;
  for (std::size_t i = 0; i < count; ++i)
    if (!std::isfinite(output.data[i]))
      fail(where, "value " + std::to_string(i) + " is not finite");
}

Image8 predicted_classes(const NetworkOutput& output, const ModelCard& card) {
  if (card.mode != ModelMode::kPalette)
    fail("predicted_classes", "needs a palette model, got " + to_string(card.mode));
  check_network_output(output, card);
  const std::size_t plane = std::size_t(output.width) * output.height;
  Image8 classes(output.width, output.height, 1);
  for (std::size_t p = 0; p < plane; ++p) {
    int best = 0;
    for (int c = 1; c < output.channels; ++c)
      if (output.data[c * plane + p] > output.data[best * plane + p]) best = c;
    classes.data()[p] = static_cast<std::uint8_t>(best);
  }
  return classes;
}

ImageF predicted_ab(const NetworkOutput& output, const ModelCard& card, float temperature) {
  // The annealed mean finds non-finite scores in its own first pass (naming the pixel): a
  // separate pass over the scores would add a tenth to every re-decode at a new temperature.
  if (card.mode == ModelMode::kBins313)
    check_network_output_shape(output, card);
  else
    check_network_output(output, card);
  const std::size_t plane = std::size_t(output.width) * output.height;
  switch (card.mode) {
    case ModelMode::kPalette: {
      Palette palette;
      palette.colors = card.palette;
      return classes_to_ab(predicted_classes(output, card), palette);
    }
    case ModelMode::kAb: {
      ImageF ab(output.width, output.height, 2);
      for (std::size_t p = 0; p < plane; ++p)
        for (int c = 0; c < 2; ++c)
          ab.data()[2 * p + c] = output.data[c * plane + p] * card.ab_scale;
      return ab;
    }
    case ModelMode::kRgb: {
      ImageF ab(output.width, output.height, 2);
      for (std::size_t p = 0; p < plane; ++p) {
        Vec3 rgb;
        for (int c = 0; c < 3; ++c) rgb[c] = std::clamp(output.data[c * plane + p], 0.0f, 1.0f);
        const Lab lab = srgb_to_lab(rgb);
        ab.data()[2 * p] = lab.a;
        ab.data()[2 * p + 1] = lab.b;
      }
      return ab;
    }
    case ModelMode::kBins313: {
      AbBins storage = AbBins::standard();
      const ScoreKind kind = card.output_is_logits ? ScoreKind::kLogits : ScoreKind::kProbabilities;
      return annealed_mean(output.data, output.width, output.height, temperature, kind,
                           bins_of(card, storage));
    }
  }
  fail("predicted_ab", "unknown mode");
}

ImageF colorized_ab(const ImageF& lightness, const NetworkOutput& output, const ModelCard& card,
                    float temperature, const std::vector<ColourHint>& hints) {
  ImageF ab = predicted_ab(output, card, temperature);
  if (!hints.empty()) {
    if (!card.takes_hints)
      fail("hints", "the model '" + card.name + "' takes no hints (its card says so)");
    follow_hints(ab, resize(lightness, ab.width(), ab.height()), hints, lightness.width(),
                 lightness.height());
  }
  return ab;
}

Image8 colorize_output(const ImageF& lightness, const NetworkOutput& output, const ModelCard& card,
                       float temperature, const std::vector<ColourHint>& hints) {
  return compose_lab(lightness, colorized_ab(lightness, output, card, temperature, hints));
}

}  // namespace tint
