#include "distributed/gradient_all_reduce.hpp"

namespace tint::trainer {

GradientAllReduce::GradientAllReduce(ProcessGroup& group, std::vector<torch::Tensor> parameters,
                                     std::size_t bucket_bytes)
    : group_(group), parameters_(std::move(parameters)) {
  const std::size_t n = parameters_.size();
  bucket_of_.assign(n, 0);
  offset_of_.assign(n, 0);
  for (std::size_t k = n; k-- > 0;) {
    const torch::Tensor& parameter = parameters_[k];
    const std::size_t bytes = std::size_t(parameter.numel()) * parameter.element_size();
    if (buckets_.empty() ||
        (!buckets_.back().parameters.empty() &&
         std::size_t(buckets_.back().gradient_elements) * parameter.element_size() + bytes >
             bucket_bytes))
      buckets_.emplace_back();
    Bucket& bucket = buckets_.back();
    bucket_of_[k] = buckets_.size() - 1;
    offset_of_[k] = bucket.gradient_elements;
    bucket.parameters.push_back(k);
    bucket.gradient_elements += parameter.numel();
  }
  if (buckets_.empty()) buckets_.emplace_back();
  const torch::TensorOptions options =
      n > 0 ? parameters_[0].options().requires_grad(false) : torch::TensorOptions(torch::kFloat);
  for (std::size_t b = 0; b < buckets_.size(); ++b)
    buckets_[b].buffer = torch::zeros({buckets_[b].gradient_elements + (b == 0 ? 2 : 0)}, options);
  for (std::size_t k = 0; k < n; ++k)
    hooks_.push_back(parameters_[k].register_hook(
        [this, k](const torch::Tensor& gradient) { gradient_ready(k, gradient); }));
}

GradientAllReduce::~GradientAllReduce() {
  for (std::size_t k = 0; k < hooks_.size(); ++k) parameters_[k].remove_hook(hooks_[k]);
}

std::size_t GradientAllReduce::bytes_per_step() const {
  std::size_t bytes = 0;
  for (const Bucket& bucket : buckets_)
    bytes += std::size_t(bucket.buffer.numel()) * bucket.buffer.element_size();
  return bytes;
}

void GradientAllReduce::begin_step(std::int64_t examples, const torch::Tensor& mean_loss) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (Bucket& bucket : buckets_) {
    bucket.buffer.zero_();  // a parameter the step leaves without a gradient contributes zero
    bucket.waiting = bucket.parameters.size();
  }
  torch::Tensor totals = buckets_[0].buffer.narrow(0, buckets_[0].gradient_elements, 2);
  totals[0].fill_(double(examples));
  if (examples > 0) totals[1].copy_(mean_loss.detach().to(totals.dtype()) * double(examples));
  next_to_start_ = 0;
  in_step_ = true;
}

void GradientAllReduce::gradient_ready(std::size_t parameter, const torch::Tensor& gradient) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!in_step_) return;  // a backward pass outside training steps is not shared
  Bucket& bucket = buckets_[bucket_of_[parameter]];
  bucket.buffer.narrow(0, offset_of_[parameter], gradient.numel()).copy_(gradient.reshape(-1));
  --bucket.waiting;
  start_ready_buckets();
}

void GradientAllReduce::start_ready_buckets() {
  while (next_to_start_ < buckets_.size() && buckets_[next_to_start_].waiting == 0) {
    Bucket& bucket = buckets_[next_to_start_++];
    bucket.pending = group_.all_reduce_sum(bucket.buffer, "the gradients' all-reduce");
  }
}

StepTotals GradientAllReduce::finish() {
  std::unique_lock<std::mutex> lock(mutex_);
  for (std::size_t b = next_to_start_; b < buckets_.size(); ++b) buckets_[b].waiting = 0;
  start_ready_buckets();
  in_step_ = false;
  lock.unlock();
  for (Bucket& bucket : buckets_) bucket.pending.wait();
  const torch::Tensor totals = buckets_[0].buffer.narrow(0, buckets_[0].gradient_elements, 2);
  const torch::Tensor examples = totals[0].clone();
  const torch::Tensor divisor = examples.clamp_min(1);
  for (Bucket& bucket : buckets_) {
    bucket.buffer.narrow(0, 0, bucket.gradient_elements).div_(divisor);
    for (const std::size_t k : bucket.parameters) {
      torch::Tensor& parameter = parameters_[k];
      const torch::Tensor mean =
          bucket.buffer.narrow(0, offset_of_[k], parameter.numel()).view(parameter.sizes());
      torch::Tensor& gradient = parameter.mutable_grad();
      if (!gradient.defined()) gradient = torch::empty_like(parameter);
      gradient.copy_(mean);
    }
  }
  return {examples, totals[1].clone()};
}

}  // namespace tint::trainer
