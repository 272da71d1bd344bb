// The CIFAR-10 record reader (binary batch files): any input must give images or a tint::Error.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "data/cifar10.hpp"
#include "tint/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    tint::trainer::read_cifar10_records(std::vector<std::uint8_t>(data, data + size), "fuzz.bin");
  } catch (const tint::Error&) {
  }
  return 0;
}
