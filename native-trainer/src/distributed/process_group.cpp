#include "distributed/process_group.hpp"

#include <torch/csrc/distributed/c10d/PrefixStore.hpp>
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#ifdef TINT_WITH_GLOO
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#ifdef TINT_WITH_NCCL
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif

#include <algorithm>
#include <cstdlib>

#include "tint/error.hpp"

namespace tint::trainer {

// The store and the backend's collectives. The backend's class is only named here: LibTorch 1.13
// derives Gloo's and NCCL's groups from c10d::ProcessGroup, 2.x from c10d::Backend, and both have
// the same allreduce and broadcast.
struct ProcessGroup::Backend {
  c10::intrusive_ptr<c10d::Store> store;
  std::function<c10::intrusive_ptr<c10d::Work>(std::vector<at::Tensor>&)> all_reduce_sum;
  std::function<c10::intrusive_ptr<c10d::Work>(std::vector<at::Tensor>&, int)> broadcast;
  // A group of the same kind on another store (for split()).
  std::function<std::shared_ptr<Backend>(c10::intrusive_ptr<c10d::Store>)> make_on;
};

namespace {

template <class Group, class MakeGroup>
void fill_backend(ProcessGroup::Backend& backend, c10::intrusive_ptr<c10d::Store> store,
                  MakeGroup make_group) {
  c10::intrusive_ptr<Group> group = make_group(store);
  backend.store = store;
  backend.all_reduce_sum = [group](std::vector<at::Tensor>& tensors) {
    c10d::AllreduceOptions options;
    options.reduceOp = c10d::ReduceOp::SUM;
    return group->allreduce(tensors, options);
  };
  backend.broadcast = [group](std::vector<at::Tensor>& tensors, int root) {
    c10d::BroadcastOptions options;
    options.rootRank = root;
    return group->broadcast(tensors, options);
  };
  backend.make_on = [make_group](c10::intrusive_ptr<c10d::Store> other) {
    auto made = std::make_shared<ProcessGroup::Backend>();
    fill_backend<Group>(*made, std::move(other), make_group);
    return made;
  };
}

std::string message_of(const std::exception& error) {
  if (const auto* torch_error = dynamic_cast<const c10::Error*>(&error))
    return torch_error->what_without_backtrace();
  return error.what();
}

}  // namespace

std::string resolve_backend(const std::string& requested, const torch::Device& device) {
  const std::string backend =
      requested == "auto" ? (device.is_cuda() ? "nccl" : "gloo") : requested;
  if (backend != "gloo" && backend != "nccl")
    fail("--backend", "must be auto, gloo or nccl, got '" + requested + "'");
#ifndef TINT_WITH_GLOO
  if (backend == "gloo")
    fail("--backend", "gloo: this tint was built against a LibTorch without Gloo's headers");
#endif
#ifndef TINT_WITH_NCCL
  if (backend == "nccl")
    fail("--backend", "nccl: this tint was built against a LibTorch without NCCL (CPU only)");
#endif
  if (backend == "nccl" && !device.is_cuda())
    fail("--backend", "nccl needs --device cuda; the CPU's backend is gloo");
  return backend;
}

void ProcessGroup::Pending::wait() {
  if (!wait_) return;
  const std::function<void()> wait = std::move(wait_);
  wait_ = nullptr;
  wait();
}

ProcessGroup::ProcessGroup(int rank, int size, std::string backend,
                           std::chrono::milliseconds timeout, const torch::Device& device)
    : rank_(rank), size_(size), backend_(std::move(backend)), device_(device), timeout_(timeout) {}

ProcessGroup::ProcessGroup(const LaunchEnvironment& environment, const std::string& backend,
                           std::chrono::milliseconds timeout, const torch::Device& device,
                           const std::function<void(ProcessGroup&)>& before_connecting)
    : ProcessGroup(environment.rank, environment.world_size, backend, timeout, device) {
  const char* during = "the rendezvous";
  try {
    c10d::TCPStoreOptions options;
    options.port = std::uint16_t(environment.master_port);
    options.isServer = environment.rank == 0 && !environment.agent_serves_store;
    options.numWorkers = std::size_t(environment.world_size);
    options.waitWorkers = false;
    options.timeout = timeout;
    c10::intrusive_ptr<c10d::Store> store =
        c10::make_intrusive<c10d::TCPStore>(environment.master_address, options);
    // As torch.distributed does under torchrun: the agent's store, one key space per attempt.
    if (environment.agent_serves_store)
      store = c10::make_intrusive<c10d::PrefixStore>(
          "/worker/attempt_" + std::to_string(environment.restart_count), store);
    store = c10::make_intrusive<c10d::PrefixStore>("tint/", store);
    impl_ = std::make_shared<Backend>();
    impl_->store = store;
    before_connecting(*this);
    if (backend == "gloo") {
#ifdef TINT_WITH_GLOO
      // As in PyTorch: GLOO_SOCKET_IFNAME names the network interface, else the address this
      // machine's hostname resolves to (the loopback when it resolves to none).
      const char* interface = std::getenv("GLOO_SOCKET_IFNAME");
      const auto gloo_device = interface != nullptr && *interface != '\0'
                                   ? c10d::ProcessGroupGloo::createDeviceForInterface(interface)
                                   : c10d::ProcessGroupGloo::createDefaultDevice();
      fill_backend<c10d::ProcessGroupGloo>(
          *impl_, store, [rank = rank_, size = size_, timeout, gloo_device](auto on) {
            auto gloo_options = c10d::ProcessGroupGloo::Options::create(timeout);
            gloo_options->devices.push_back(gloo_device);
            return c10::make_intrusive<c10d::ProcessGroupGloo>(on, rank, size, gloo_options);
          });
#endif
    } else {
#ifdef TINT_WITH_NCCL
      // Waits that end in an error after the timeout, as Gloo's, rather than NCCL's default of
      // waiting on (LibTorch 1.13) or aborting the process (2.x).
      ::setenv("NCCL_BLOCKING_WAIT", "1", 0);
      ::setenv("TORCH_NCCL_BLOCKING_WAIT", "1", 0);
      fill_backend<c10d::ProcessGroupNCCL>(
          *impl_, store, [rank = rank_, size = size_, timeout](auto on) {
            auto nccl_options = c10d::ProcessGroupNCCL::Options::create();
            nccl_options->timeout = timeout;
            return c10::make_intrusive<c10d::ProcessGroupNCCL>(on, rank, size, nccl_options);
          });
#endif
    }
    if (!impl_->all_reduce_sum) fail("--backend", backend + " is not in this build of tint");
    // Everyone has joined once a first collective completes.
    all_reduce_sum(torch::zeros({1}, torch::TensorOptions(device_)), during).wait();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    fail("train", name() + ": could not join the others at " + environment.master_address + ":" +
                      std::to_string(environment.master_port) + " within " +
                      std::to_string(timeout.count() / 1000) + " s (" + message_of(error) +
                      "); are all " + std::to_string(size_) +
                      " processes started, with the same MASTER_ADDR and MASTER_PORT?");
  }
}

ProcessGroup::~ProcessGroup() = default;

std::string ProcessGroup::name() const {
  return "rank " + std::to_string(rank_) + " of " + std::to_string(size_);
}

void ProcessGroup::lost(const std::exception& error, const char* during) const {
  fail("train", name() + ": " + during + " failed: " + message_of(error) +
                    ". Another process of the run stopped, or did not answer within " +
                    std::to_string(timeout_.count() / 1000) +
                    " s (--dist-timeout); this one stops too");
}

ProcessGroup::Pending ProcessGroup::all_reduce_sum(torch::Tensor tensor, const char* during) {
  try {
    std::vector<at::Tensor> tensors{std::move(tensor)};
    c10::intrusive_ptr<c10d::Work> work = impl_->all_reduce_sum(tensors);
    return Pending([this, work, during] {
      try {
        work->wait(timeout_);
      } catch (const std::exception& error) {
        lost(error, during);
      }
    });
  } catch (const Error&) {
    throw;
  } catch (const std::exception& error) {
    lost(error, during);
  }
}

void ProcessGroup::broadcast(std::vector<torch::Tensor> tensors, int root, const char* during) {
  try {
    // One call per tensor: Gloo broadcasts a list only when its tensors have the same shape.
    for (torch::Tensor& tensor : tensors) {
      std::vector<at::Tensor> one{tensor};
      impl_->broadcast(one, root)->wait(timeout_);
    }
  } catch (const std::exception& error) {
    lost(error, during);
  }
}

std::unique_ptr<ProcessGroup> ProcessGroup::split(const std::string& name) const {
  std::unique_ptr<ProcessGroup> group(new ProcessGroup(rank_, size_, backend_, timeout_, device_));
  try {
    group->impl_ = impl_->make_on(c10::make_intrusive<c10d::PrefixStore>(name + "/", impl_->store));
  } catch (const std::exception& error) {
    lost(error, "forming a group of its own");
  }
  return group;
}

namespace {
constexpr std::size_t kStorePart = std::size_t(4) << 20;  // LibTorch 2.x's server takes 8 MB
}  // namespace

void ProcessGroup::publish(const std::string& key, const std::string& value) {
  try {
    const std::size_t parts = value.empty() ? 1 : (value.size() + kStorePart - 1) / kStorePart;
    for (std::size_t part = 0; part < parts; ++part) {
      const std::size_t begin = part * kStorePart;
      const std::size_t end = std::min(value.size(), begin + kStorePart);
      impl_->store->set(key + "#" + std::to_string(part),
                        std::vector<std::uint8_t>(value.begin() + std::ptrdiff_t(begin),
                                                  value.begin() + std::ptrdiff_t(end)));
    }
    // Written last: a reader that sees the count finds every part.
    const std::string count = std::to_string(parts);
    impl_->store->set(key, std::vector<std::uint8_t>(count.begin(), count.end()));
  } catch (const std::exception& error) {
    lost(error, "writing to the rendezvous store");
  }
}

std::string ProcessGroup::read(const std::string& key, const char* during) {
  try {
    impl_->store->wait({key}, timeout_);
    const std::vector<std::uint8_t> count = impl_->store->get(key);
    const std::size_t parts = std::stoul(std::string(count.begin(), count.end()));
    std::string value;
    for (std::size_t part = 0; part < parts; ++part) {
      const std::vector<std::uint8_t> bytes = impl_->store->get(key + "#" + std::to_string(part));
      value.append(bytes.begin(), bytes.end());
    }
    return value;
  } catch (const std::exception& error) {
    lost(error, during);
  }
}

}  // namespace tint::trainer
