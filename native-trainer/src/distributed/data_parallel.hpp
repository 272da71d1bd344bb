// One process's side of a data-parallel run: the process group, rank 0's weights broadcast at the
// start, gradients averaged over every process's examples each step, batch norm per process or
// synchronised, and the checks that keep the processes in step (the same settings and data on
// every rank, refused with the difference named).
#pragma once

#include <torch/torch.h>

#include <memory>
#include <string>

#include "distributed/gradient_all_reduce.hpp"
#include "distributed/launch_environment.hpp"
#include "distributed/process_group.hpp"
#include "models/spec_network.hpp"
#include "tint/json.hpp"

namespace tint::trainer {

struct DataParallelOptions {
  std::string backend = "auto";         // auto | gloo | nccl
  bool synchronise_batch_norm = false;  // statistics over the global batch
  int timeout_seconds = 300;            // for a collective or the rendezvous
};

class DataParallel {
 public:
  // Joins the run's other processes. `settings` (what this process was asked to do) must equal
  // rank 0's: compared through the rendezvous store before the backend connects, so that
  // processes started differently stop with the difference named (see require_same).
  DataParallel(const LaunchEnvironment& environment, const DataParallelOptions& options,
               const torch::Device& device, const Json& settings);

  int rank() const { return group_->rank(); }
  int size() const { return group_->size(); }
  bool leader() const { return rank() == 0; }
  const std::string& backend() const { return group_->backend(); }
  bool synchronises_batch_norm() const { return synchronise_batch_norm_; }
  ProcessGroup& group() { return *group_; }

  // Every process passes its own `ours`; all of them throw the same tint::Error, naming the rank
  // and the first difference, when any differs from rank 0's.
  void require_same(const Json& ours, const std::string& what) {
    require_same(*group_, ours, what);
  }
  // Rank 0's `value` (ignored elsewhere), on every process.
  std::string from_leader(const std::string& key, const std::string& value);

  // Before training: rank 0's parameters and buffers copied to everyone, gradient averaging
  // hooked into `network`'s backward pass and, when asked, its batch norm synchronised.
  void attach(SpecNetworkImpl& network);
  // Around each step's backward pass (see GradientAllReduce).
  void begin_step(std::int64_t examples, const torch::Tensor& mean_loss) {
    gradients_->begin_step(examples, mean_loss);
  }
  StepTotals finish_step() { return gradients_->finish(); }
  std::size_t gradient_bytes_per_step() const { return gradients_->bytes_per_step(); }
  std::size_t gradient_buckets() const { return gradients_->bucket_count(); }
  // Rank 0's batch norm statistics to everyone (per-process batch norm lets them drift apart).
  void share_buffers(SpecNetworkImpl& network);
  // `tensor` summed over the processes, in place.
  void sum(torch::Tensor tensor, const char* during);

 private:
  void require_same(ProcessGroup& group, const Json& ours, const std::string& what);

  std::unique_ptr<ProcessGroup> group_, batch_norm_group_;
  std::unique_ptr<GradientAllReduce> gradients_;
  bool synchronise_batch_norm_ = false;
  int checks_ = 0;
};

}  // namespace tint::trainer
