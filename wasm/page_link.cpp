#include "page_link.hpp"

#include "app_actions.hpp"
#include "browser.hpp"
#include "examples.hpp"
#include "hint_editing.hpp"
#include "tint/hint_links.hpp"

namespace tint::app {
namespace {

struct ViewName {
  ViewMode view;
  const char* name;
};
constexpr ViewName kViewNames[] = {
    {ViewMode::kInput, "input"},       {ViewMode::kColorized, "colorized"},
    {ViewMode::kOriginal, "original"}, {ViewMode::kSideBySide, "side-by-side"},
    {ViewMode::kSplit, "split"},
};

}  // namespace

const char* view_name(ViewMode view) {
  for (const ViewName& entry : kViewNames)
    if (entry.view == view) return entry.name;
  return "";
}

std::optional<ViewMode> view_from_name(const std::string& name) {
  for (const ViewName& entry : kViewNames)
    if (name == entry.name) return entry.view;
  return std::nullopt;
}

void follow_link(AppState& app, const PageLink& link) {
  if (!link.view.empty()) {
    if (const std::optional<ViewMode> view = view_from_name(link.view))
      app.view = *view;
    else
      add_message(app, true,
                  "The link names the view '" + link.view +
                      "', which does not exist (views: input, colorized, original, "
                      "side-by-side, split)");
  }
  app.pending_link = {link.model, link.example, std::nullopt, ""};
  if (!link.example.empty()) {
    app.pending_link.hints = link.hints;
    app.pending_link.hints_example = link.example;
  }
  follow_pending_link(app);
  app.republish_link = true;  // the address bar shows what was applied, not what was asked
}

void follow_pending_link(AppState& app) {
  LinkRequest& pending = app.pending_link;
  // What is already on screen stays as it is (no new run, the view's zoom kept).
  const ModelEntry* selected = selected_model(app);
  if (selected != nullptr && selected->bundled && selected->file_name == pending.model)
    pending.model.clear();
  if (app.image && !app.image_to_open && app.image_example == pending.example)
    pending.example.clear();
  for (std::size_t i = 0; !pending.model.empty() && i < app.models.size(); ++i) {
    const ModelEntry& model = app.models[i];
    if (model.bundled && model.file_name == pending.model &&
        model.status == ModelEntry::Status::kReady) {
      pending.model.clear();
      select_model(app, static_cast<int>(i));
    }
  }
  if (!pending.example.empty()) {
    const int index = find_example(app, pending.example);
    if (index >= 0) {
      pending.example.clear();
      open_example(app, index);
    }
  }
  // The hints once their example is open and the model chosen (a model that takes no hints says
  // so).
  if (pending.hints && pending.model.empty() && pending.example.empty() && app.image &&
      !app.image_to_open && selected_model(app) != nullptr) {
    const std::string hints = std::move(*pending.hints);
    pending.hints.reset();
    if (app.image_example == pending.hints_example) set_link_hints(app, hints);
  }
}

void drop_from_link(AppState& app, const std::string& name) {
  if (app.pending_link.model == name) app.pending_link.model.clear();
  if (app.pending_link.example == name) {
    app.pending_link.example.clear();
    app.pending_link.hints.reset();
  }
}

PageLink current_link(const AppState& app) {
  PageLink link;
  link.model = app.pending_link.model;
  if (link.model.empty()) {
    const ModelEntry* model = selected_model(app);
    if (model != nullptr && model->bundled) link.model = model->file_name;
  }
  link.example = app.pending_link.example.empty() ? app.image_example : app.pending_link.example;
  link.view = view_name(app.view);
  if (app.pending_link.hints)
    link.hints = *app.pending_link.hints;
  else if (!app.image_example.empty() && app.image_example == link.example)
    link.hints = hints_to_link_text(app.hints);
  return link;
}

void publish_link(AppState& app) {
  // Browsers ignore (and warn about) more than a few address bar changes a second, which dragging
  // a hint would cause: one change per kMinPublishIntervalMs, the latest link once it has passed.
  constexpr double kMinPublishIntervalMs = 250.0;
  static PageLink published;
  static double published_ms = -kMinPublishIntervalMs;
  const PageLink link = current_link(app);
  if (!app.republish_link && link.model == published.model && link.example == published.example &&
      link.view == published.view && link.hints == published.hints)
    return;
  if (now_ms() - published_ms < kMinPublishIntervalMs) return;
  published_ms = now_ms();
  app.republish_link = false;
  published = link;
  show_link(link);
}

}  // namespace tint::app
