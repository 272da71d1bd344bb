#include "reports/machine.hpp"

#include <ctime>
#include <filesystem>
#include <fstream>
#include <thread>

namespace tint::trainer {
namespace {

// The value of the first "key: value" line of a /proc text file, or "".
std::string proc_value(const std::string& path, const std::string& key) {
  std::ifstream file(path);
  std::string line;
  while (std::getline(file, line)) {
    if (line.compare(0, key.size(), key) != 0) continue;
    const std::size_t colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::size_t start = line.find_first_not_of(" \t", colon + 1);
    return start == std::string::npos ? std::string() : line.substr(start);
  }
  return "";
}

// The NVIDIA driver's name of the first GPU, or "CUDA GPU" where the driver does not say.
std::string gpu_name() {
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator("/proc/driver/nvidia/gpus", error)) {
    const std::string model = proc_value((entry.path() / "information").string(), "Model");
    if (!model.empty()) return model;
  }
  return "CUDA GPU";
}

}  // namespace

std::string describe_machine(bool cuda) {
  std::string cpu = proc_value("/proc/cpuinfo", "model name");
  const unsigned threads = std::thread::hardware_concurrency();
  if (threads > 0) cpu += (cpu.empty() ? "" : ", ") + std::to_string(threads) + " CPU threads";
  return cuda ? gpu_name() + (cpu.empty() ? "" : "; " + cpu) : cpu;
}

std::string utc_now_iso8601() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

}  // namespace tint::trainer
