// Colours from a reference photo: a colour photo of the same scene or of similar things (the house
// today, the dress in a museum) gives a gray photo its colours, as ordinary colour hints
// (hints.hpp) that a hint-taking model and the decoding hold (hint_guidance.hpp).
//
// Matching follows Welsh, Ashikhmin and Mueller (2002), "Transferring color to greyscale images":
// the reference's lightness is remapped to the photo's mean and spread, and points are matched by
// the lightness pattern around them (a 3x3 grid of blocks at two sizes, told the same way from the
// left as from the right, so that a mirrored view matches), against the reference at three
// scales. Only confident matches are kept: a close nearest neighbour whose nearest neighbours agree
// on one colour, in a reference whose matches are coherent (neighbouring points matched to
// neighbouring samples: the same scene, where an unrelated photo matches point by point about as
// well). One hint at most per cell of a grid spreads them over the picture.
//
// Everything is computed at a fixed small size with IEEE basic operations only, so the native
// command line and the browser app (two different C libraries) give the same hints.
#pragma once

#include <string>
#include <vector>

#include "tint/hints.hpp"
#include "tint/image.hpp"

namespace tint {

// The default strength; the user's slider moves it in 0..1.
constexpr float kDefaultReferenceStrength = 0.5f;
// A reference smaller than this on either side has too little to match.
constexpr int kMinReferenceSide = 16;
// Below this mean chroma (CIELAB a, b) a reference has no colour to give.
constexpr double kMinReferenceChroma = 2.0;

// Hints for a photo whose lightness (L, 0..100, 1 channel, at the photo's own size: the hints are
// in its pixel coordinates) is `photo_lightness`, taken from the colour photo `reference` (sRGB8,
// 3 channels). strength in [0, 1] scales how many hints there are (a coarser or finer grid)
// and how sure a match must be to give one. Throws an Error naming `reference_name` for a reference
// that is gray or too small; an unrelated reference gives few or no hints.
std::vector<ColourHint> reference_hints(const ImageF& photo_lightness, const Image8& reference,
                                        const std::string& reference_name, float strength);

// The same checks alone: throws the Error reference_hints would for a reference it refuses.
void check_reference(const Image8& reference, const std::string& reference_name);

// A hints file of hints taken from a reference names it beside them (hints.hpp's format, which
// readers that know no reference still read):
//   {"hints": [...], "reference": "house-today.jpg"}
std::string hints_file_text(const std::vector<ColourHint>& hints, const std::string& reference);
// The reference a hints file names ("" for none); errors name `where`.
std::string hints_reference(const std::string& json_text, const std::string& where);

// A palette model's swatches from a reference: the reference's `palette.size()` dominant colours
// (k-means in CIELAB), each given to the swatch whose colour it is nearest (greedily, the closest
// pair first), so that the model's "sky" swatch takes the reference's sky.
std::vector<Rgb8> reference_palette(const Image8& reference, const std::string& reference_name,
                                    const std::vector<Rgb8>& palette);

}  // namespace tint
