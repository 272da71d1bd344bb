// Links to a result: the page's URL hash names a bundled model, an example, a view and the
// example's colour hints (tint/hint_links.hpp), as in
// #model=tint-photo.onnx&example=cat.png&view=split&hints=120_64_c81e1e. The page (web/app.js)
// reads and writes the hash and checks the names against site.json; this side applies a link and
// says what the link to the current state is.
#pragma once

#include <optional>
#include <string>

#include "app_state.hpp"

namespace tint::app {

// "input", "colorized", "original", "side-by-side" or "split".
const char* view_name(ViewMode view);
std::optional<ViewMode> view_from_name(const std::string& name);

struct PageLink {
  std::string model;    // a bundled model's file name, or empty
  std::string example;  // an example's file name, or empty
  std::string view;     // a view_name, or empty
  std::string hints;    // the example's hints as link text, or empty
};

// Applies a link: the view at once, the model and the example as soon as they are there, then the
// hints on the example (a link naming an example without hints clears them). An unknown view or
// a bad hint leaves a message; the rest is applied.
void follow_link(AppState& app, const PageLink& link);
// Applies what is still pending of the last link; called when a model is ready or an example
// arrives.
void follow_pending_link(AppState& app);
// A model or example the page could not load: a link waiting for it waits no more.
void drop_from_link(AppState& app, const std::string& name);
// The link to what the page shows, pending parts included (a link being followed stays in the
// address bar until it is done).
PageLink current_link(const AppState& app);
// Tells the page the current link when it changed since the last call, or when a link was just
// followed (once per frame).
void publish_link(AppState& app);

}  // namespace tint::app
