// `tint share`: a demo page for one or more models, as a self-contained static folder: the
// browser app, ONNX Runtime Web, the models, optional example photos, a title and a description.
// Any static web server can serve it; after the first visit it works offline. The page states the
// terms of each model's training data (its card's training.terms) under its title.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tint::trainer {

struct ShareOptions {
  std::vector<std::string> models;    // .onnx files exported by tint, the default first
  std::vector<std::string> examples;  // photos offered on the start screen
  std::string title;                  // empty: the first model's name
  std::string description;            // empty: the first model's description
  std::string app_dir;                // the built browser app (build/wasm/app)
  std::string output_dir;             // created or replaced; never another folder's files
};

struct SharedSite {
  std::size_t files = 0;
  std::uintmax_t bytes = 0;
  std::string version;  // the service worker's cache version
};

// Checks everything before writing anything: the app folder, each model (card and graph), each
// example (decodes within the browser's size limit), file names (letters, digits, '.', '_', '-':
// they become part of links) and the output folder (new, empty or a page built before). Builds
// the page beside the output folder and moves it into place, so that a failure leaves the
// previous page as it was. Throws tint::Error naming the file and what is wrong.
SharedSite build_shared_site(const ShareOptions& options);

}  // namespace tint::trainer
