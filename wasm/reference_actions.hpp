// "Colour like...": a colour photo (the reference) gives the opened image its colours. With a
// model that takes hints they become ordinary hints (tint/reference_hints.hpp) that the user can
// move, recolour or delete, exactly the hints `tint colorize --reference` gives; with a palette
// model the reference's dominant colours become the swatches.
#pragma once

#include "app_state.hpp"

namespace tint::app {

// A reference file the user opened (picker, drop, paste): decoded, checked and applied to the
// opened image. A file that is not a colour photo of a usable size is refused with a message, and
// the image and its hints stay as they were.
void open_reference(AppState& app, ImageFile file);
// The reference's hints (or swatches) for the opened image, at its strength: its earlier hints
// that the user left unchanged give way to the new ones, the user's own stay. After an image is
// opened, a model selected, the strength changed.
void apply_reference(AppState& app);
void set_reference_strength(AppState& app, float strength);
// Forgets the reference; its hints stay on the image as ordinary hints.
void forget_reference(AppState& app);
// A hints file named its reference (without the photo itself): shown as where the hints came from.
void note_hints_reference(AppState& app, const std::string& name);

}  // namespace tint::app
