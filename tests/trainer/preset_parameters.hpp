// Every preset's name as a GoogleTest parameter, taken from the trainer's own list so a new preset
// is tested without editing the suites.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/presets.hpp"

namespace tint::trainer {

inline std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const PresetInfo& preset : presets()) names.push_back(preset.name);
  return names;
}

// GoogleTest names allow letters, digits and underscores only.
inline std::string preset_test_name(const testing::TestParamInfo<std::string>& param) {
  std::string name = param.param;
  for (char& c : name)
    if (c == '-') c = '_';
  return name;
}

}  // namespace tint::trainer
