#include "distributed/launch_environment.hpp"

#include <cerrno>
#include <cstdlib>

#include "tint/error.hpp"

namespace tint::trainer {
namespace {

// An integer in [low, high], or `fallback` when the variable is not set.
int integer_variable(const std::function<const char*(const char*)>& variable, const char* name,
                     int fallback, long low, long high) {
  const char* text = variable(name);
  if (text == nullptr) return fallback;
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text, &end, 10);
  if (*text == '\0' || *end != '\0' || errno == ERANGE || value < low || value > high)
    fail(name, "must be an integer in " + std::to_string(low) + ".." + std::to_string(high) +
                   ", got '" + text + "'");
  return int(value);
}

}  // namespace

LaunchEnvironment read_launch_environment(const std::function<const char*(const char*)>& variable) {
  LaunchEnvironment environment;
  const bool has_rank = variable("RANK") != nullptr;
  const bool has_world = variable("WORLD_SIZE") != nullptr;
  if (!has_rank && !has_world) return environment;
  if (has_rank != has_world)
    fail(has_rank ? "WORLD_SIZE" : "RANK",
         std::string("is not set, but ") + (has_rank ? "RANK" : "WORLD_SIZE") +
             " is: a data-parallel run needs both (and MASTER_ADDR, MASTER_PORT)");
  constexpr long kMaxProcesses = 1 << 20;
  environment.launched = true;
  environment.world_size = integer_variable(variable, "WORLD_SIZE", 1, 1, kMaxProcesses);
  environment.rank = integer_variable(variable, "RANK", 0, 0, environment.world_size - 1);
  environment.local_world_size =
      integer_variable(variable, "LOCAL_WORLD_SIZE", 1, 1, environment.world_size);
  environment.local_rank =
      integer_variable(variable, "LOCAL_RANK", 0, 0, environment.world_size - 1);
  if (environment.local_rank >= environment.local_world_size && variable("LOCAL_WORLD_SIZE"))
    fail("LOCAL_RANK", std::to_string(environment.local_rank) + " is not below LOCAL_WORLD_SIZE " +
                           std::to_string(environment.local_world_size));
  if (const char* address = variable("MASTER_ADDR")) {
    if (*address == '\0') fail("MASTER_ADDR", "is empty");
    environment.master_address = address;
  }
  environment.master_port = integer_variable(variable, "MASTER_PORT", 29500, 1, 65535);
  environment.restart_count =
      integer_variable(variable, "TORCHELASTIC_RESTART_COUNT", 0, 0, 1L << 30);
  const char* agent_store = variable("TORCHELASTIC_USE_AGENT_STORE");
  environment.agent_serves_store = agent_store != nullptr && std::string(agent_store) == "True";
  return environment;
}

}  // namespace tint::trainer
