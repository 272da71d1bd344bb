#include "distributed/data_parallel.hpp"

#include "distributed/settings_difference.hpp"
#include "distributed/synchronised_batch_norm.hpp"
#include "tint/error.hpp"

namespace tint::trainer {

DataParallel::DataParallel(const LaunchEnvironment& environment, const DataParallelOptions& options,
                           const torch::Device& device, const Json& settings)
    : synchronise_batch_norm_(options.synchronise_batch_norm) {
  if (options.timeout_seconds < 1) fail("--dist-timeout", "must be >= 1 second");
  group_ = std::make_unique<ProcessGroup>(
      environment, resolve_backend(options.backend, device),
      std::chrono::seconds(options.timeout_seconds), device,
      [&](ProcessGroup& group) { require_same(group, settings, "settings"); });
}

void DataParallel::require_same(ProcessGroup& group, const Json& ours, const std::string& what) {
  // Through the store alone: rank 0 publishes its own, each process its verdict; then everyone
  // reads every verdict, and rank 0 (whose store this may be) leaves only once all have.
  const std::string key = "check" + std::to_string(checks_++) + "/";
  const bool leader = group.rank() == 0;
  const std::string text = dump_json(ours);
  if (leader) group.publish(key + "rank0", text);
  const std::string difference =
      leader
          ? std::string()
          : settings_difference(ours,
                                parse_json(group.read(key + "rank0", "reading rank 0's settings"),
                                           "rank 0's " + what),
                                "rank " + std::to_string(group.rank()), "rank 0");
  group.publish(key + "verdict/" + std::to_string(group.rank()), difference);
  std::string message;
  for (int rank = 0; rank < group.size() && message.empty(); ++rank) {
    const std::string verdict =
        rank == group.rank()
            ? difference
            : group.read(key + "verdict/" + std::to_string(rank), "comparing the settings");
    if (!verdict.empty())
      message = "rank " + std::to_string(rank) + " of " + std::to_string(group.size()) +
                " was started with other " + what + " than rank 0: " + verdict +
                ". Every process of a run needs the same command, settings and data";
  }
  if (message.empty()) return;
  group.publish(key + "read/" + std::to_string(group.rank()), "1");
  if (leader)
    for (int rank = 1; rank < group.size(); ++rank)
      group.read(key + "read/" + std::to_string(rank), "waiting for the others to stop");
  fail("train", message);
}

std::string DataParallel::from_leader(const std::string& key, const std::string& value) {
  if (leader()) {
    group_->publish("shared/" + key, value);
    return value;
  }
  return group_->read("shared/" + key, "waiting for rank 0");
}

void DataParallel::attach(SpecNetworkImpl& network) {
  if (synchronise_batch_norm_) batch_norm_group_ = group_->split("batch-norm");
  torch::NoGradGuard no_grad;
  std::vector<torch::Tensor> state;
  for (const torch::Tensor& parameter : network.parameters()) state.push_back(parameter);
  for (const torch::Tensor& buffer : network.buffers()) state.push_back(buffer);
  group_->broadcast(state, 0, "copying rank 0's initial weights");
  gradients_ = std::make_unique<GradientAllReduce>(*group_, network.trainable_parameters());
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
