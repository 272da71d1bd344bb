// The two ends of running a colorization model, as its card describes them: the network input
// made from an image's lightness, and the network output turned back into colour on the
// full-resolution L. The trainer's colorize command and the browser app both run exactly this.
#pragma once

#include <vector>

#include "tint/hints.hpp"
#include "tint/image.hpp"
#include "tint/model_card.hpp"

namespace tint {

struct InputSize {
  int width = 0;
  int height = 0;
};

// The longer side callers run an any-size model at by default: the card's working side, or 512
// for a model whose card names none.
int default_working_side(const ModelCard& card);

// The size a model runs at for an image of width x height: the card's square input_size, or, for
// any-size models, the image's own size scaled down so that its longer side is at most max_side,
// each side rounded to a multiple of input_multiple (at least one multiple).
InputSize model_input_size(const ModelCard& card, int width, int height, int max_side = 512);

// The input channels of the card's network: 1 (L), or L and the hint planes.
int input_channels(const ModelCard& card);

// The network input for one image (input_channels x H x W floats): the full-resolution L plane
// resized to `size`, then (L - l_offset) / l_scale; for a model that takes hints, the hint planes
// of `hints` (in the lightness image's pixel coordinates) after it. Throws when hints are given to
// a model that takes none.
std::vector<float> network_input(const ImageF& lightness, const ModelCard& card, InputSize size,
                                 const std::vector<ColourHint>& hints = {});

// One image's network output: `channels` planes of width x height (CHW), as the card's mode says.
struct NetworkOutput {
  const float* data = nullptr;
  int channels = 0;
  int width = 0;
  int height = 0;
};

// The channel count of the network output the card's mode describes: the palette size, 2 for ab,
// 3 for rgb, the number of bin centres.
int output_channels(const ModelCard& card);

// Throws unless the output has the channel count the card's mode needs (2 for ab, 3 for rgb,
// the palette size, the number of bin centres) and finite values.
void check_network_output(const NetworkOutput& output, const ModelCard& card);
// The same without looking at the values: data, size and channel count.
void check_network_output_shape(const NetworkOutput& output, const ModelCard& card);

// Palette models: the class of the highest score per pixel (1 channel, ties to the lower class).
Image8 predicted_classes(const NetworkOutput& output, const ModelCard& card);

// The predicted ab (2 channels at the output's size): palette classes -> the ab of the card's
// colours; ab -> output * ab_scale; rgb -> the ab of the (clipped) colour; bins313 -> the annealed
// mean at `temperature` over the card's bin centres. Throws on an output that does not fit the card
// (as check_network_output does; for bins313, annealed_mean names the first non-finite score).
ImageF predicted_ab(const NetworkOutput& output, const ModelCard& card, float temperature);

// The colorized image: the predicted ab, with the colour hints the network was given held around
// their points (hint_guidance.hpp), upsampled onto the full-resolution L. `hints` are in the
// lightness image's pixel coordinates. colorized_ab is its colour before that last step
// (2 channels at the output's size), for a caller that composes it a band at a time.
ImageF colorized_ab(const ImageF& lightness, const NetworkOutput& output, const ModelCard& card,
                    float temperature, const std::vector<ColourHint>& hints = {});
Image8 colorize_output(const ImageF& lightness, const NetworkOutput& output, const ModelCard& card,
                       float temperature, const std::vector<ColourHint>& hints = {});

}  // namespace tint
