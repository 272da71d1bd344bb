#include "distributed/synchronised_batch_norm.hpp"

#include <cstdint>

namespace tint::trainer {
namespace {

// A sum across the processes that autograd differentiates: each process's input gets the sum of
// every process's output gradient. The group travels as an integer, the only non-tensor state a
// LibTorch autograd context keeps.
class AllReduceSum : public torch::autograd::Function<AllReduceSum> {
 public:
  static torch::Tensor forward(torch::autograd::AutogradContext* context, torch::Tensor input,
                               ProcessGroup* group) {
    context->saved_data["group"] =
        static_cast<std::int64_t>(reinterpret_cast<std::intptr_t>(group));
    torch::Tensor sum = input.clone();
    group->all_reduce_sum(sum, "batch norm's statistics").wait();
    return sum;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* context,
                                                 torch::autograd::variable_list gradients) {
    auto* group = reinterpret_cast<ProcessGroup*>(
        static_cast<std::intptr_t>(context->saved_data["group"].toInt()));
    torch::Tensor sum = gradients[0].contiguous().clone();
    group->all_reduce_sum(sum, "batch norm's gradients").wait();
    return {sum, torch::Tensor()};
  }
};

torch::Tensor summed_across(const torch::Tensor& tensor, ProcessGroup& group) {
  return AllReduceSum::apply(tensor, &group);
}

}  // namespace

torch::Tensor synchronised_batch_norm(torch::nn::BatchNorm2dImpl& norm, const torch::Tensor& input,
                                      ProcessGroup& group) {
  const torch::Tensor x = input.to(torch::kFloat);
  const std::int64_t channels = x.size(1);
  const auto per_channel = [channels](const torch::Tensor& t) {
    return t.view({1, channels, 1, 1});
  };
  // Sum and count first, then the centred squares: two passes, as exact as LibTorch's own.
  const torch::Tensor local =
      torch::cat({x.sum({0, 2, 3}), torch::full({1}, double(x.numel() / channels), x.options())});
  const torch::Tensor global = summed_across(local, group);
  // At least 1: a step where no process has an example gives zeros, not NaN.
  const torch::Tensor count = global.narrow(0, channels, 1).detach().clamp_min(1);
  const torch::Tensor mean = global.narrow(0, 0, channels) / count;
  const torch::Tensor centred = x - per_channel(mean);
  const torch::Tensor variance = summed_across(centred.square().sum({0, 2, 3}), group) / count;
  torch::Tensor y = centred * per_channel(torch::rsqrt(variance + norm.options.eps()));
  if (norm.options.affine()) y = y * per_channel(norm.weight) + per_channel(norm.bias);
  if (norm.options.track_running_stats()) {
    torch::NoGradGuard no_grad;
    norm.num_batches_tracked += 1;
    const double momentum = norm.options.momentum().has_value()
                                ? *norm.options.momentum()
                                : 1.0 / double(norm.num_batches_tracked.item<std::int64_t>());
    const torch::Tensor unbiased = variance.detach() * count / (count - 1).clamp_min(1);
    norm.running_mean.mul_(1 - momentum).add_(mean.detach() * momentum);
    norm.running_var.mul_(1 - momentum).add_(unbiased * momentum);
  }
  return y.to(input.scalar_type());
}

}  // namespace tint::trainer
