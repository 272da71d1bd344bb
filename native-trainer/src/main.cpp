// `tint`: the trainer's command line. Each command lives in its own file and registers itself here.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "palette_command.hpp"
#include "tint/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"tint: train, evaluate and export image-colorization models"};
  app.require_subcommand(1);
  tint::trainer::add_palette_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tint::Error& e) {
    std::fprintf(stderr, "tint: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
