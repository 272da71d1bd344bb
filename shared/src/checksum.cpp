#include "tint/checksum.hpp"

#include <cstdio>

namespace tint {

void Checksum::add(const void* bytes, std::size_t size) {
  constexpr std::uint64_t kPrime = 1099511628211ull;
  const auto* byte = static_cast<const std::uint8_t*>(bytes);
  std::uint64_t state = state_;
  for (std::size_t i = 0; i < size; ++i) state = (state ^ byte[i]) * kPrime;
  state_ = state;
}

std::string Checksum::text() const {
  char text[32];
  std::snprintf(text, sizeof text, "fnv1a64:%016llx", static_cast<unsigned long long>(state_));
  return text;
}

}  // namespace tint
