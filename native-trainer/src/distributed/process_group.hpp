// The processes of a data-parallel run, joined through PyTorch's c10d: a TCPStore rendezvous at
// MASTER_ADDR:MASTER_PORT (served by rank 0, or by torchrun's agent) and a process group on it,
// Gloo on the CPU or NCCL on CUDA. Every collective and store read is bounded by the run's
// timeout; a process that dies or hangs makes the others throw a tint::Error that says so, never
// wait forever.
#pragma once

#include <torch/torch.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "distributed/launch_environment.hpp"

namespace tint::trainer {

// "gloo" or "nccl"; "auto": NCCL for CUDA, Gloo for the CPU. Throws naming --backend for an
// unknown name or one this build of tint lacks.
std::string resolve_backend(const std::string& requested, const torch::Device& device);

class ProcessGroup {
 public:
  // An all-reduce under way; wait() throws a tint::Error when the group failed.
  class Pending {
   public:
    Pending() = default;
    explicit Pending(std::function<void()> wait) : wait_(std::move(wait)) {}
    void wait();
    bool started() const { return static_cast<bool>(wait_); }

   private:
    std::function<void()> wait_;
  };

  // Rendezvous and connection; throws a tint::Error naming the address when the others do not
  // arrive within `timeout`. `device` holds the tensors the group reduces (NCCL: this process's
  // GPU). `before_connecting` runs once the store is there and before the backend connects (to
  // check, through the store alone, that the processes agree on how to connect).
  ProcessGroup(const LaunchEnvironment& environment, const std::string& backend,
               std::chrono::milliseconds timeout, const torch::Device& device,
               const std::function<void(ProcessGroup&)>& before_connecting);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  const std::string& backend() const { return backend_; }
  const torch::Device& device() const { return device_; }
  std::chrono::milliseconds timeout() const { return timeout_; }
  // "rank 1 of 2": how messages name this process.
  std::string name() const;

  // Sums `tensor` in place across the processes, in the background.
  Pending all_reduce_sum(torch::Tensor tensor, const char* during);
  // Copies rank `root`'s tensors into everyone's, in place.
  void broadcast(std::vector<torch::Tensor> tensors, int root, const char* during);
  // A group of its own on the same processes (e.g. for batch norm's statistics, so that its
  // collectives never interleave with the gradients').
  std::unique_ptr<ProcessGroup> split(const std::string& name) const;

  // The rendezvous store: keys for messages between the processes (settings, checkpoints; values
  // of any size, sent in parts of at most 4 MB, under what a store server accepts).
  void publish(const std::string& key, const std::string& value);
  std::string read(const std::string& key, const char* during);

  // Rethrows `error` (from a collective or the store) as a tint::Error that names this process,
  // what it was doing and what likely happened.
  [[noreturn]] void lost(const std::exception& error, const char* during) const;

  struct Backend;  // the store and the backend's collectives (process_group.cpp)

 private:
  ProcessGroup(int rank, int size, std::string backend, std::chrono::milliseconds timeout,
               const torch::Device& device);

  int rank_ = 0, size_ = 1;
  std::string backend_;
  torch::Device device_;
  std::chrono::milliseconds timeout_;
  std::shared_ptr<Backend> impl_;
};

}  // namespace tint::trainer
