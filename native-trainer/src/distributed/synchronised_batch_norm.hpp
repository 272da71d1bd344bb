// Batch norm with its statistics over every process's batch, as PyTorch's SyncBatchNorm: the mean
// and variance of the whole global batch normalise each process's part, the running statistics
// follow the global batch, and the backward pass sums the statistics' gradients across processes.
// A run with N processes of batch B then trains as one process with batch N x B does.
#pragma once

#include <torch/torch.h>

#include "distributed/process_group.hpp"

namespace tint::trainer {

// `norm`'s training-mode forward on `input` (N x C x H x W), synchronised over `group` (every
// process must call it for the same layers in the same order; one without examples passes an
// empty batch).
torch::Tensor synchronised_batch_norm(torch::nn::BatchNorm2dImpl& norm, const torch::Tensor& input,
                                      ProcessGroup& group);

}  // namespace tint::trainer
