#include "examples.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <utility>

#include "app_actions.hpp"
#include "opened_image.hpp"
#include "page_link.hpp"
#include "tint/color_space.hpp"
#include "tint/image_io.hpp"
#include "tint/resample.hpp"

namespace tint::app {
namespace {

// What the user will colorize: the example in gray.
Image8 thumbnail_of(const Image8& image) {
  const double scale =
      std::min(1.0, static_cast<double>(kThumbnailSide) / std::max(image.width(), image.height()));
  const int width = std::max(1, static_cast<int>(std::lround(image.width() * scale)));
  const int height = std::max(1, static_cast<int>(std::lround(image.height() * scale)));
  return gray_from_lightness(lightness(resize(image, width, height)));
}

}  // namespace

void add_example(AppState& app, std::vector<std::uint8_t> bytes, const std::string& name) {
  const auto named = [&](const Example& example) { return example.name == name; };
  // The page lists each example once.
  if (std::any_of(app.examples.begin(), app.examples.end(), named) ||
      std::any_of(app.examples_without_thumbnail.begin(), app.examples_without_thumbnail.end(),
                  named))
    return;
  Example example;
  example.name = name;
  example.bytes = std::move(bytes);
  app.examples_without_thumbnail.push_back(std::move(example));
  make_thumbnails(app);  // on the start screen at once, not after the page's next task
}

void make_thumbnails(AppState& app) {
  if (app.examples_without_thumbnail.empty() || (app.image && work_under_way(app))) return;
  for (Example& example : std::exchange(app.examples_without_thumbnail, {})) {
    try {
      DecodeOptions options;
      options.max_pixels = kBrowserMaxPixels;
      example.thumbnail = thumbnail_of(decode_image(example.bytes, example.name, options));
    } catch (const Error& e) {
      add_message(app, true, std::string("Could not open the example: ") + e.what());
      drop_from_link(app, example.name);
      continue;
    } catch (const std::bad_alloc&) {
      add_message(app, true, "Could not open the example " + example.name + ": not enough memory");
      drop_from_link(app, example.name);
      continue;
    }
    app.examples.push_back(std::move(example));
  }
  follow_pending_link(app);
}

void open_example(AppState& app, int index) {
  if (index < 0 || index >= static_cast<int>(app.examples.size())) return;
  const Example& example = app.examples[static_cast<std::size_t>(index)];
  app.image_to_open = ImageToOpen{ImageFile{example.bytes, example.name, true}, nullptr};
  app.pending_link.example.clear();  // what the user (or the link) chose last wins
}

int find_example(const AppState& app, const std::string& name) {
  for (std::size_t i = 0; i < app.examples.size(); ++i)
    if (app.examples[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace tint::app
