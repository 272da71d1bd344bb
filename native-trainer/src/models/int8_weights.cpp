#include "models/int8_weights.hpp"

#include <algorithm>
#include <cmath>

namespace tint::trainer {

std::optional<Int8Weights> exact_int8_weights(const torch::Tensor& weight) {
  if (weight.dim() < 2 || weight.numel() == 0) return std::nullopt;
  const torch::Tensor w = weight.detach().to(torch::kCPU, torch::kFloat).contiguous();
  const std::int64_t outputs = w.size(0), per_output = w.numel() / outputs;
  const float* data = w.data_ptr<float>();
  Int8Weights out;
  out.values.assign(std::size_t(w.numel()), 0);
  out.scales.assign(std::size_t(outputs), 1.0f);
  const auto fits = [&](std::int64_t o, float scale) {
    for (std::int64_t k = o * per_output; k < (o + 1) * per_output; ++k) {
      const float q = std::nearbyint(data[k] / scale);
      if (std::fabs(q) > 127.0f || q * scale != data[k]) return false;
      out.values[std::size_t(k)] = std::int8_t(q);
    }
    out.scales[std::size_t(o)] = scale;
    return true;
  };
  for (std::int64_t o = 0; o < outputs; ++o) {
    float largest = 0.0f;
    for (std::int64_t k = o * per_output; k < (o + 1) * per_output; ++k)
      largest = std::max(largest, std::fabs(data[k]));
    if (largest == 0.0f) continue;  // all zero: scale 1
    // Symmetric quantization maps a channel's largest weight to 127; the scale that did is this
    // quotient or its float neighbours.
    const float scale = largest / 127.0f;
    if (!fits(o, scale) && !fits(o, std::nextafter(scale, HUGE_VALF)) &&
        !fits(o, std::nextafter(scale, 0.0f)))
      return std::nullopt;
  }
  return out;
}

torch::Tensor dequantized(const torch::Tensor& values, const torch::Tensor& scales) {
  std::vector<std::int64_t> channel_shape(std::size_t(values.dim()), 1);
  channel_shape[0] = scales.numel();
  return values.to(torch::kFloat) * scales.to(torch::kFloat).reshape(channel_shape);
}

}  // namespace tint::trainer
