#include "cli/share_command.hpp"

#include <cstdio>
#include <memory>

#include "site/share_site.hpp"

namespace tint::trainer {

void add_share_command(CLI::App& app) {
  auto options = std::make_shared<ShareOptions>();
  options->app_dir = TINT_DEFAULT_APP_DIR;
  CLI::App* share = app.add_subcommand(
      "share",
      "Build a demo page for models: a static folder that any web server can serve, offline "
      "after the first visit");
  share->add_option("models", options->models, ".onnx models exported by tint, the default first")
      ->required()
      ->check(CLI::ExistingFile);
  share
      ->add_option("-o,--out", options->output_dir,
                   "Folder for the page (new, empty, or a page "
                   "built before, which is replaced)")
      ->required();
  share->add_option("--example", options->examples, "A photo offered on the start screen (repeat)")
      ->check(CLI::ExistingFile);
  share->add_option("--title", options->title,
                    "The page's title (default: the first model's name)");
  share->add_option("--description", options->description,
                    "One line under the title (default: the first model's description)");
  share->add_option("--app", options->app_dir, "The built browser app")->capture_default_str();
  share->callback([options] {
    const SharedSite site = build_shared_site(*options);
    std::printf(
        "page in %s: %zu model(s), %zu example(s), %zu files, %.1f MB (version %s)\n"
        "serve it with any static web server, e.g. node scripts/serve.mjs %s\n",
        options->output_dir.c_str(), options->models.size(), options->examples.size(), site.files,
        site.bytes / 1e6, site.version.c_str(), options->output_dir.c_str());
  });
}

}  // namespace tint::trainer
