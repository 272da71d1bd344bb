#include "reference_actions.hpp"

#include <algorithm>
#include <new>
#include <string>

#include "app_actions.hpp"
#include "browser.hpp"
#include "hint_editing.hpp"
#include "tint/error.hpp"
#include "tint/image_io.hpp"
#include "tint/resample.hpp"

namespace tint::app {
namespace {

// The thumbnail the panel shows, on its longer side.
constexpr int kReferenceThumbnailSide = 160;

Image8 shrunk_to(const Image8& image, int side) {
  const int longer = std::max(image.width(), image.height());
  if (longer <= side) return image;
  const double scale = double(side) / longer;
  return resize(image, std::max(1, int(image.width() * scale + 0.5)),
                std::max(1, int(image.height() * scale + 0.5)));
}

std::string hint_count(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " hint" : " hints");
}

}  // namespace

void open_reference(AppState& app, ImageFile file) {
  app.reference_wanted = false;
  const std::string refused =
      "Could not colour like " + file.name + " (the photo stays as it was): ";
  ColourReference reference;
  try {
    DecodeOptions options;
    options.max_pixels = kBrowserMaxPixels;
    const Image8 decoded = decode_image(file.bytes, file.name, options);
    check_reference(decoded, file.name);
    reference.image = shrunk_to(decoded, kReferenceSide);
    reference.thumbnail = shrunk_to(reference.image, kReferenceThumbnailSide);
  } catch (const Error& e) {
    add_message(app, true, refused + e.what());
    return;
  } catch (const std::bad_alloc&) {
    add_message(app, true, refused + "not enough memory");
    return;
  }
  reference.name = file.name;
  if (app.reference) {
    reference.serial = app.reference->serial + 1;
    reference.strength = app.reference->strength;
    // The previous reference's hints give way to this one's.
    reference.given = app.reference->given;
    reference.image_serial = app.reference->image_serial;
  } else {
    reference.serial = 1;
  }
  app.reference = std::move(reference);
  apply_reference(app);
}

void apply_reference(AppState& app) {
  if (!app.reference || app.reference->image.empty() || !app.image) return;
  const ModelEntry* model = selected_model(app);
  if (model == nullptr) return;  // applied once a model is selected
  ColourReference& reference = *app.reference;
  try {
    if (model->card.mode == ModelMode::kPalette) {
      app.decode.palette = reference_palette(reference.image, reference.name, model->card.palette);
      app.decode_requested = app.prediction.has_value();
      reference.outcome = "The swatches are " + reference.name + "'s dominant colours.";
      return;
    }
    if (!model->card.takes_hints) {
      reference.outcome = "The model " + model->card.name +
                          " takes no hints: choose one that does to colour like the reference.";
      return;
    }
    const double started_ms = now_ms();
    const std::vector<ColourHint> given =
        reference_hints(app.image->lightness, reference.image, reference.name, reference.strength);
    reference.match_ms = now_ms() - started_ms;
    std::vector<ColourHint> hints;
    for (const ColourHint& hint : app.hints)
      if (reference.image_serial != app.image_serial ||
          std::find(reference.given.begin(), reference.given.end(), hint) == reference.given.end())
        hints.push_back(hint);
    const std::size_t room = kMaxHints - std::min(kMaxHints, hints.size());
    hints.insert(hints.end(), given.begin(),
                 given.begin() + std::ptrdiff_t(std::min(room, given.size())));
    reference.given.assign(given.begin(),
                           given.begin() + std::ptrdiff_t(std::min(room, given.size())));
    reference.image_serial = app.image_serial;
    replace_hints(app, std::move(hints));
    reference.outcome =
        reference.given.empty()
            ? reference.name +
                  " shares too little with this photo for a sure colour: no hints. A photo of "
                  "the same scene or of the same things works best."
            : hint_count(reference.given.size()) + " from " + reference.name + ".";
    add_message(app, false, reference.outcome);
  } catch (const Error& e) {
    add_message(app, true, "Could not colour like " + reference.name + ": " + e.what());
  } catch (const std::bad_alloc&) {
    add_message(app, true, "Could not colour like " + reference.name + ": not enough memory");
  }
}

void set_reference_strength(AppState& app, float strength) {
  if (!app.reference || !(strength >= 0.0f && strength <= 1.0f)) return;
  app.reference->strength = strength;
  apply_reference(app);
}

void forget_reference(AppState& app) {
  app.reference.reset();
  app.reference_wanted = false;
}

void note_hints_reference(AppState& app, const std::string& name) {
  ColourReference reference;
  reference.name = name;
  reference.serial = app.reference ? app.reference->serial + 1 : 1;
  reference.given = app.hints;
  reference.image_serial = app.image_serial;
  reference.outcome = hint_count(app.hints.size()) + " from " + name + " (a hints file named it).";
  app.reference = std::move(reference);
}

}  // namespace tint::app
