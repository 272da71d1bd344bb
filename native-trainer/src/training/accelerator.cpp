#include "training/accelerator.hpp"

#include <ATen/autocast_mode.h>
#include <torch/version.h>

#include "tint/error.hpp"

// LibTorch 2.4 replaced the CUDA-only autocast calls with ones that take the device type.
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 4)
#define TINT_AUTOCAST_BY_DEVICE 1
#endif

namespace tint::trainer {
namespace {

bool cuda_autocast_enabled() {
#ifdef TINT_AUTOCAST_BY_DEVICE
  return at::autocast::is_autocast_enabled(at::kCUDA);
#else
  return at::autocast::is_enabled();
#endif
}

void set_cuda_autocast(bool enabled, at::ScalarType type) {
#ifdef TINT_AUTOCAST_BY_DEVICE
  at::autocast::set_autocast_dtype(at::kCUDA, type);
  at::autocast::set_autocast_enabled(at::kCUDA, enabled);
#else
  at::autocast::set_autocast_gpu_dtype(type);
  at::autocast::set_enabled(enabled);
#endif
}

at::ScalarType cuda_autocast_type() {
#ifdef TINT_AUTOCAST_BY_DEVICE
  return at::autocast::get_autocast_dtype(at::kCUDA);
#else
  return at::autocast::get_autocast_gpu_dtype();
#endif
}

}  // namespace

StepSettings resolve_step_settings(const std::string& precision, const std::string& memory_format,
                                   const torch::Device& device) {
  StepSettings settings;
  if (precision == "auto" || precision == "float32" || precision == "bfloat16")
    settings.bfloat16 = precision == "bfloat16" || (precision == "auto" && device.is_cuda());
  else
    fail("--precision", "must be auto, float32 or bfloat16, got '" + precision + "'");
  if (settings.bfloat16 && !device.is_cuda())
    fail("--precision", "bfloat16 mixed precision needs --device cuda");
  if (memory_format == "auto" || memory_format == "contiguous" || memory_format == "channels-last")
    settings.channels_last =
        memory_format == "channels-last" || (memory_format == "auto" && device.is_cuda());
  else
    fail("--memory-format",
         "must be auto, contiguous or channels-last, got '" + memory_format + "'");
  return settings;
}

BFloat16Autocast::BFloat16Autocast(bool enabled) : enabled_(enabled) {
  if (!enabled_) return;
  was_enabled_ = cuda_autocast_enabled();
  previous_type_ = cuda_autocast_type();
  at::autocast::increment_nesting();
  set_cuda_autocast(true, at::kBFloat16);
}

BFloat16Autocast::~BFloat16Autocast() {
  if (!enabled_) return;
  if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
  set_cuda_autocast(was_enabled_, previous_type_);
}

void to_channels_last(torch::nn::Module& module) {
  torch::NoGradGuard no_grad;
  for (torch::Tensor& parameter : module.parameters())
    if (parameter.dim() == 4)
      parameter.set_data(parameter.contiguous(torch::MemoryFormat::ChannelsLast));
  for (torch::Tensor& buffer : module.buffers())
    if (buffer.dim() == 4) buffer.set_data(buffer.contiguous(torch::MemoryFormat::ChannelsLast));
}

}  // namespace tint::trainer
