// Data-parallel gradients: every process's parameter gradients summed across the processes in
// buckets of about 4 MB, each bucket's all-reduce started as soon as the backward pass has produced
// its gradients (so communication overlaps the rest of the backward pass), then averaged over all
// processes' examples. Buckets hold the parameters in reverse order, roughly the order in which
// backward produces them, and always start in the same order on every process, as c10d requires.
//
// Written here rather than taken from c10d::Reducer (the engine of PyTorch's DDP): the Reducer is
// internal API whose constructor and process-group type differ between LibTorch 1.13 and 2.x, the
// two this trainer builds against; a bucket is a plain c10d all-reduce either way.
#pragma once

#include <torch/torch.h>

#include <mutex>
#include <vector>

#include "distributed/process_group.hpp"

namespace tint::trainer {

// A step's totals over every process: examples, and the sum over them of the per-example loss.
struct StepTotals {
  torch::Tensor examples, loss_sum;  // 0-dim, on the parameters' device
};

class GradientAllReduce {
 public:
  GradientAllReduce(ProcessGroup& group, std::vector<torch::Tensor> parameters,
                    std::size_t bucket_bytes = std::size_t(4) << 20);
  ~GradientAllReduce();
  GradientAllReduce(const GradientAllReduce&) = delete;
  GradientAllReduce& operator=(const GradientAllReduce&) = delete;

  // Before a step's backward pass: this process's examples and their mean loss (undefined when
  // it has none). The backward pass must be that of the loss summed over this process's examples
  // (the mean times their number), so that processes with fewer (a streamed batch that lost
  // unreadable photos) count for what they saw, through synchronised batch norm too.
  void begin_step(std::int64_t examples, const torch::Tensor& mean_loss);
  // After the backward pass (or none, for a process without examples and without synchronised
  // batch norm): waits for every bucket and sets each parameter's gradient to the gradient of the
  // mean loss over all processes' examples (zero when nobody had one).
  StepTotals finish();

  // Bytes each process sends into the all-reduce per step (gradients and the step's totals).
  std::size_t bytes_per_step() const;
  std::size_t bucket_count() const { return buckets_.size(); }

 private:
  struct Bucket {
    torch::Tensor buffer;                 // flat; the first bucket ends with the two totals
    std::int64_t gradient_elements = 0;   // the gradients' part of the buffer
    std::vector<std::size_t> parameters;  // indices into parameters_
    std::size_t waiting = 0;              // gradients of this step not yet copied in
    ProcessGroup::Pending pending;
  };
  void gradient_ready(std::size_t parameter, const torch::Tensor& gradient);
  void start_ready_buckets();

  ProcessGroup& group_;
  std::vector<torch::Tensor> parameters_;
  std::vector<std::size_t> bucket_of_;
  std::vector<std::int64_t> offset_of_;
  std::vector<unsigned> hooks_;
  std::vector<Bucket> buckets_;
  std::mutex mutex_;  // hooks may run on autograd's device threads
  bool in_step_ = false;
  std::size_t next_to_start_ = 0;
};

}  // namespace tint::trainer
