// `tint`: the trainer's command line. Each command lives in its own file and registers itself here.
#include <c10/util/Exception.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>

#include "cli/data_command.hpp"
#include "cli/model_commands.hpp"
#include "cli/palette_command.hpp"
#include "cli/share_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/train_command.hpp"
#include "tint/error.hpp"

int main(int argc, char** argv) {
  std::string command_line;
  for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
  CLI::App app{"tint: train, evaluate, export and share image-colorization models"};
  app.require_subcommand(1);
  tint::trainer::add_data_command(app);
  tint::trainer::add_palette_command(app);
  tint::trainer::add_train_commands(app, command_line);
  tint::trainer::add_sweep_command(app);
  tint::trainer::add_model_commands(app);
  tint::trainer::add_share_command(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tint::Error& e) {
    std::fprintf(stderr, "tint: error: %s\n", e.what());
    return 1;
  } catch (const c10::Error& e) {
    std::fprintf(stderr, "tint: LibTorch error: %s\n", e.what_without_backtrace());
    return 1;
  } catch (const std::filesystem::filesystem_error& e) {
    std::fprintf(stderr, "tint: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
