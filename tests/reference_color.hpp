// The slow, obviously-correct float64 reference that the core's float conversions are held to.
#pragma once

#include <array>
#include <cmath>

namespace tint::reference {

using Vec3d = std::array<double, 3>;

inline double srgb_to_linear(double c) {
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
inline double linear_to_srgb(double v) {
  return v <= 0.0031308 ? 12.92 * v : 1.055 * std::pow(v, 1.0 / 2.4) - 0.055;
}

inline Vec3d srgb_to_lab(const Vec3d& srgb) {
  const double r = srgb_to_linear(srgb[0]), g = srgb_to_linear(srgb[1]),
               b = srgb_to_linear(srgb[2]);
  const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const auto f = [](double t) {
    const double d = 6.0 / 29.0;
    return t > d * d * d ? std::cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
  };
  const double fx = f(x / 0.95047), fy = f(y), fz = f(z / 1.08883);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

inline Vec3d lab_to_linear(const Vec3d& lab) {
  const double d = 6.0 / 29.0;
  const auto finv = [d](double f) { return f > d ? f * f * f : 3 * d * d * (f - 4.0 / 29.0); };
  const double fy = (lab[0] + 16) / 116, fx = fy + lab[1] / 500, fz = fy - lab[2] / 200;
  const double x = 0.95047 * finv(fx), y = finv(fy), z = 1.08883 * finv(fz);
  return {3.2404542 * x - 1.5371385 * y - 0.4985314 * z,
          -0.9692660 * x + 1.8760108 * y + 0.0415560 * z,
          0.0556434 * x - 0.2040259 * y + 1.0572252 * z};
}

}  // namespace tint::reference
