// The trainer's presets: the five seed projects' recipes and the project's own default, each a
// TrainConfig whose fields stay overridable, and the architectures they name.
#pragma once

#include <string>
#include <vector>

#include "models/layer_spec.hpp"
#include "training/train_config.hpp"

namespace tint::trainer {

struct PresetInfo {
  std::string name;
  std::string summary;
};
const std::vector<PresetInfo>& presets();

// The preset's settings; throws for an unknown name, listing the known ones.
TrainConfig preset_config(const std::string& name);

// The channels a model of `config` outputs per pixel: the palette size, 2 for ab, 3 for rgb, the
// number of ab bins.
int output_channels(const TrainConfig& config);

// The layer spec of config.architecture with `outputs` output channels per pixel (palette size,
// 2 for ab, 3 for rgb, the number of bins). Throws for an unknown architecture or a bad
// hyper-parameter (named with its command-line option).
ModelSpec build_model_spec(const TrainConfig& config, int outputs);

}  // namespace tint::trainer
