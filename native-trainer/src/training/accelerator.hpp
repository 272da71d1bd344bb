// What makes a training step fast on a CUDA GPU: bfloat16 mixed precision (autocast) and the
// channels-last memory layout that cuDNN's tensor-core convolutions prefer. In one place because
// autocast's C++ API differs between LibTorch 1.13 (Debian's CPU build) and 2.x (PyTorch's).
#pragma once

#include <torch/torch.h>

#include <string>

namespace tint::trainer {

// The resolved speed settings of a run on one device.
struct StepSettings {
  bool bfloat16 = false;       // CUDA autocast to bfloat16 in forward and loss
  bool channels_last = false;  // weights and activations in NHWC layout
};

// precision: auto | float32 | bfloat16 (auto: bfloat16 on CUDA, float32 on the CPU);
// memory_format: auto | contiguous | channels-last (auto: channels-last on CUDA).
// Throws naming the option for an unknown value or bfloat16 asked for on the CPU.
StepSettings resolve_step_settings(const std::string& precision, const std::string& memory_format,
                                   const torch::Device& device);

// While alive (and enabled), CUDA ops run in bfloat16 where autocast allows it and in float32
// elsewhere. Leaving the outermost scope drops autocast's cache of cast weights, which would
// otherwise go stale when the optimizer updates them.
class BFloat16Autocast {
 public:
  explicit BFloat16Autocast(bool enabled);
  ~BFloat16Autocast();
  BFloat16Autocast(const BFloat16Autocast&) = delete;
  BFloat16Autocast& operator=(const BFloat16Autocast&) = delete;

 private:
  bool enabled_;
  bool was_enabled_ = false;
  at::ScalarType previous_type_ = at::kHalf;
};

// Moves every 4-D parameter and buffer of `module` to the channels-last layout.
void to_channels_last(torch::nn::Module& module);

}  // namespace tint::trainer
