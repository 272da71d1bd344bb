// The command-line options that override a preset's settings one by one (`--epochs 5`,
// `--classes bird`, ...), shared by `tint train` and `tint sweep`.
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "training/train_config.hpp"

namespace tint::trainer {

class ConfigOptions {
 public:
  // Registers an option per overridable setting on `command`, except those named in `excluded`
  // (e.g. "--kernel", which `tint sweep` takes as a list instead).
  static std::shared_ptr<ConfigOptions> add_to(CLI::App* command,
                                               const std::set<std::string>& excluded = {});

  // The given options applied to `config` (a preset's settings); the others stay as they were.
  void apply(TrainConfig& config) const;

 private:
  template <class T>
  void add(CLI::App* command, const std::set<std::string>& excluded, const std::string& name,
           T TrainConfig::*field, const std::string& help);

  TrainConfig given_;  // the values parsed from the command line
  std::string split_;  // "4500/500/1000"
  bool no_rebalance_ = false;
  bool stream_ = false;
  std::vector<std::function<void(TrainConfig&)>> appliers_;
};

// Parses "TRAIN/VALIDATION/TEST" counts such as 4500/500/1000 into config; throws for bad text.
void parse_split(const std::string& text, TrainConfig& config);

}  // namespace tint::trainer
