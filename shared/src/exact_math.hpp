// Roots built from IEEE basic operations only. libm's cbrt and pow differ between glibc (native)
// and musl (Emscripten); these give bit-identical results in both builds.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>

namespace tint::detail {

// Cube root of a positive, finite float: an exponent-halving first guess and two Halley steps.
inline float cube_root(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits = bits / 3 + 709921077u;
  float y;
  std::memcpy(&y, &bits, sizeof y);
  for (int step = 0; step < 2; ++step) {
    const float y3 = y * y * y;
    y = y * (y3 + 2.0f * x) / (2.0f * y3 + x);
  }
  return y;
}

// Cube root of a positive, finite double, to double precision.
inline double cube_root(double x) {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits = bits / 3 + 0x2A9F7893782DA1CEull;
  double y;
  std::memcpy(&y, &bits, sizeof y);
  for (int step = 0; step < 4; ++step) {
    const double y3 = y * y * y;
    y = y * (y3 + 2.0 * x) / (2.0 * y3 + x);
  }
  return y;
}

// x^2.4 for x in [0, 1], as x^2 * (x^2)^(1/5) with a Newton fifth root (monotone from above).
inline double pow_2_4(double x) {
  if (x <= 0.0) return 0.0;
  const double a = x * x;              // x^2.4 = a * a^(1/5)
  double r = std::sqrt(std::sqrt(a));  // a^(1/4): a starting point above a^(1/5) for a <= 1
  for (int step = 0; step < 40; ++step) {
    const double r4 = (r * r) * (r * r);
    const double next = r - (r4 * r - a) / (5.0 * r4);
    if (next == r) break;
    r = next;
  }
  return a * r;
}

}  // namespace tint::detail
