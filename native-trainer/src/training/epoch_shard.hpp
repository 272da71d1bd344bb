// A process's part of each epoch in a data-parallel run, as PyTorch's DistributedSampler takes
// it: every process shuffles the same order, and process r of N keeps the positions r, r + N,
// r + 2N, ... So batch k of every process together is batch k of one process with N times the
// batch, and a photo's random crop, drawn from its position, is the same whichever process
// reads it.
#pragma once

#include <cstddef>

namespace tint::trainer {

struct EpochShard {
  int index = 0, count = 1;
  // Training cuts the epoch to a multiple of `count` (under `count` examples left out, another
  // share of them every epoch), so that every process takes the same number of steps; validation
  // keeps every example.
  bool even = true;

  // Positions of an n-example epoch this process takes.
  std::size_t size(std::size_t n) const {
    const std::size_t used = even ? n - n % std::size_t(count) : n;
    return used / std::size_t(count) + (used % std::size_t(count) > std::size_t(index) ? 1 : 0);
  }
  // The epoch position of this process's `local`-th example.
  std::size_t position(std::size_t local) const {
    return local * std::size_t(count) + std::size_t(index);
  }
};

}  // namespace tint::trainer
