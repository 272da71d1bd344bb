// Where this process sits in a data-parallel run, as a launcher says it: torchrun, or anything that
// sets the same variables (RANK, WORLD_SIZE, LOCAL_RANK, LOCAL_WORLD_SIZE, MASTER_ADDR,
// MASTER_PORT). Without RANK and WORLD_SIZE the process trains alone.
#pragma once

#include <functional>
#include <string>

namespace tint::trainer {

struct LaunchEnvironment {
  bool launched = false;  // RANK and WORLD_SIZE were set: a process group is formed
  int rank = 0, world_size = 1;
  int local_rank = 0, local_world_size = 1;  // this machine's processes (one GPU each)
  std::string master_address = "127.0.0.1";
  int master_port = 29500;
  // torchrun: how often its workers were restarted (a restart resumes from the last checkpoint),
  // and whether its agent serves the rendezvous store (then every rank is the store's client).
  int restart_count = 0;
  bool agent_serves_store = false;
};

// Reads the variables through `variable` (std::getenv in the trainer; a map in tests). Throws
// tint::Error naming the variable for a value that is not a number, out of range, or one of RANK
// and WORLD_SIZE without the other.
LaunchEnvironment read_launch_environment(const std::function<const char*(const char*)>& variable);

}  // namespace tint::trainer
