#include "training/hint_simulation.hpp"

#include "tint/hints.hpp"

namespace tint::trainer {
namespace {

// The sum over each kHintSide x kHintSide square (zero outside the image).
torch::Tensor square_sum(const torch::Tensor& planes) {
  namespace F = torch::nn::functional;
  constexpr int kArea = kHintSide * kHintSide;
  return F::avg_pool2d(planes, F::AvgPool2dFuncOptions(kHintSide)
                                   .stride(1)
                                   .padding(kHintSide / 2)
                                   .count_include_pad(true)) *
         double(kArea);
}

}  // namespace

torch::Tensor input_with_hints_at(const torch::Tensor& lightness, const torch::Tensor& ab,
                                  const torch::Tensor& points) {
  const torch::Tensor inside = torch::ones_like(points);
  // Each point's colour: the mean ab over its square, counting only pixels inside the image.
  const torch::Tensor patch_mean = square_sum(ab) / square_sum(inside);
  const torch::Tensor count = square_sum(points);
  const torch::Tensor hint_ab = square_sum(points * patch_mean) / count.clamp_min(1.0);
  const torch::Tensor mask = (count > 0).to(lightness.scalar_type());
  return torch::cat({lightness, hint_ab.to(lightness.scalar_type()), mask}, 1);
}

torch::Tensor input_with_simulated_hints(const torch::Tensor& lightness, const torch::Tensor& ab,
                                         const HintSimulation& simulation) {
  const std::int64_t n = lightness.size(0), h = lightness.size(2), w = lightness.size(3);
  const torch::TensorOptions options = lightness.options();
  // Per image: no hint, or 1 + an exponential draw of mean mean_hints - 1, spread as a density.
  const torch::Tensor hinted = torch::rand({n}, options) >= simulation.share_without_hints;
  const torch::Tensor count =
      1.0 - (simulation.mean_hints - 1.0) * torch::log1p(-torch::rand({n}, options));
  const torch::Tensor density =
      torch::where(hinted, count, torch::zeros_like(count)) / double(h * w);
  const torch::Tensor points =
      (torch::rand({n, 1, h, w}, options) < density.view({n, 1, 1, 1})).to(lightness.scalar_type());
  return input_with_hints_at(lightness, ab, points);
}

torch::Tensor input_without_hints(const torch::Tensor& lightness) {
  const std::int64_t n = lightness.size(0), h = lightness.size(2), w = lightness.size(3);
  return torch::cat({lightness, torch::zeros({n, 3, h, w}, lightness.options())}, 1);
}

}  // namespace tint::trainer
