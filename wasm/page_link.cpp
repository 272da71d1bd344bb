#include "page_link.hpp"

#include "app_actions.hpp"
#include "browser.hpp"
#include "examples.hpp"

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
  app.pending_link = {link.model, link.example};
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
}

void drop_from_link(AppState& app, const std::string& name) {
  if (app.pending_link.model == name) app.pending_link.model.clear();
  if (app.pending_link.example == name) app.pending_link.example.clear();
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
  return link;
}

void publish_link(AppState& app) {
  static PageLink published;
  const PageLink link = current_link(app);
  if (!app.republish_link && link.model == published.model && link.example == published.example &&
      link.view == published.view)
    return;
  app.republish_link = false;
  published = link;
  show_link(link.model, link.example, link.view);
}

}  // namespace tint::app
