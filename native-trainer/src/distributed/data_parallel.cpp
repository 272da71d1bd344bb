#include "distributed/data_parallel.hpp"

#include "distributed/settings_difference.hpp"
#include "distributed/synchronised_batch_norm.hpp"
#include "tint/error.hpp"

namespace tint::trainer {

DataParallel::DataParallel(const LaunchEnvironment& environment, const DataParallelOptions& options,
                           const torch::Device& device)
    : synchronise_batch_norm_(options.synchronise_batch_norm) {
  if (options.timeout_seconds < 1) fail("--dist-timeout", "must be >= 1 second");
  group_ = std::make_unique<ProcessGroup>(environment, resolve_backend(options.backend, device),
                                          std::chrono::seconds(options.timeout_seconds), device);
  if (synchronise_batch_norm_) batch_norm_group_ = group_->split("batch-norm");
}

void DataParallel::require_same(const Json& ours, const std::string& what) {
  const std::string key = "check" + std::to_string(checks_++) + "/";
  const std::string text = dump_json(ours);
  if (leader()) group_->publish(key + "0", text);
  const std::string leaders =
      leader() ? text : group_->read(key + "0", "reading rank 0's settings");
  const std::string difference =
      leader() ? std::string()
               : settings_difference(ours, parse_json(leaders, "rank 0's " + what),
                                     "rank " + std::to_string(rank()), "rank 0");
  // Who differs, gathered by an all-reduce: then every process stops with the same message.
  torch::Tensor differs = torch::zeros({size()}, torch::TensorOptions(group_->device()));
  if (!difference.empty()) {
    differs[rank()] = 1;
    group_->publish(key + "difference/" + std::to_string(rank()), difference);
  }
  sum(differs, "comparing the processes' settings");
  const torch::Tensor first = differs.cpu().nonzero();
  if (first.numel() == 0) return;
  const int other = int(first[0][0].item<std::int64_t>());
  fail("train",
       "rank " + std::to_string(other) + " of " + std::to_string(size()) +
           " was started with other " + what + " than rank 0: " +
           group_->read(key + "difference/" + std::to_string(other), "reading the difference") +
           ". Every process of a run needs the same command, settings and data");
}

std::string DataParallel::from_leader(const std::string& key, const std::string& value) {
  if (leader()) {
    group_->publish("shared/" + key, value);
    return value;
  }
  return group_->read("shared/" + key, "waiting for rank 0");
}

void DataParallel::attach(SpecNetworkImpl& network) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> state;
  for (const torch::Tensor& parameter : network.parameters()) state.push_back(parameter);
  for (const torch::Tensor& buffer : network.buffers()) state.push_back(buffer);
  group_->broadcast(state, 0, "copying rank 0's initial weights");
  gradients_ = std::make_unique<GradientAllReduce>(*group_, network.parameters());
  if (synchronise_batch_norm_) {
    ProcessGroup* group = batch_norm_group_.get();
    network.set_training_batch_norm(
        [group](torch::nn::BatchNorm2dImpl& norm, const torch::Tensor& input) {
          return synchronised_batch_norm(norm, input, *group);
        });
  }
}

void DataParallel::share_buffers(SpecNetworkImpl& network) {
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> buffers;
  for (const torch::Tensor& buffer : network.buffers()) buffers.push_back(buffer);
  if (!buffers.empty()) group_->broadcast(buffers, 0, "copying rank 0's batch norm statistics");
}

void DataParallel::sum(torch::Tensor tensor, const char* during) {
  group_->all_reduce_sum(std::move(tensor), during).wait();
}

}  // namespace tint::trainer
