// Colour hints held in the output: after the network has read the hints, each hint's colour is
// also blended into the predicted ab around it, falling off with distance and with a change of
// lightness (an edge), so the spot a user gave a colour has that colour and its surroundings follow
// it up to the next edge. The network carries the hint's colour further (into the whole object);
// the blend makes sure of it where the user clicked, whatever the model learned. The colorize
// command, the evaluation and the browser app all decode through it (prediction.hpp).
#pragma once

#include <vector>

#include "tint/hints.hpp"
#include "tint/image.hpp"

namespace tint {

// Falloff of a hint's weight, in cells of the predicted ab (Gaussian sigma): a few hint squares
// wide, cut off at three sigmas.
constexpr float kHintReachCells = 4.0f;
// Falloff with the difference in L (0..100) from the hint's own pixel: an edge stops the blend.
constexpr float kHintLightnessSigma = 8.0f;

// Blends `hints` (in image pixels of an image_width x image_height image) into `ab` (2 channels),
// whose grid is that of `lightness` (the image's L resized to ab's size). At the cell of a hint
// with no other near it the result is the hint's colour; near each other, hints blend.
void follow_hints(ImageF& ab, const ImageF& lightness, const std::vector<ColourHint>& hints,
                  int image_width, int image_height);

}  // namespace tint
