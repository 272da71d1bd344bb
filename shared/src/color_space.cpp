#include "tint/color_space.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <string>

#include "exact_math.hpp"
#include "vector_clones.hpp"

namespace tint {
namespace {

// IEC 61966-2-1 sRGB primaries with D65 white.
constexpr float kRgbToXyz[3][3] = {{0.4124564f, 0.3575761f, 0.1804375f},
                                   {0.2126729f, 0.7151522f, 0.0721750f},
                                   {0.0193339f, 0.1191920f, 0.9503041f}};
constexpr float kXyzToRgb[3][3] = {{3.2404542f, -1.5371385f, -0.4985314f},
                                   {-0.9692660f, 1.8760108f, 0.0415560f},
                                   {0.0556434f, -0.2040259f, 1.0572252f}};

// kRgbToXyz with each row divided by the white point's component: linear RGB -> X/Xn, Y/Yn, Z/Zn
// in one step (no per-pixel division on the sRGB -> Lab path).
constexpr float kRgbToWhiteRelativeXyz[3][3] = {
    {kRgbToXyz[0][0] / kD65White[0], kRgbToXyz[0][1] / kD65White[0],
     kRgbToXyz[0][2] / kD65White[0]},
    {kRgbToXyz[1][0] / kD65White[1], kRgbToXyz[1][1] / kD65White[1],
     kRgbToXyz[1][2] / kD65White[1]},
    {kRgbToXyz[2][0] / kD65White[2], kRgbToXyz[2][1] / kD65White[2],
     kRgbToXyz[2][2] / kD65White[2]}};

// CIE constants: f(t) is linear below (6/29)^3.
constexpr float kDelta = 6.0f / 29.0f;
constexpr float kEpsilon = kDelta * kDelta * kDelta;
constexpr float kLinearSlope = 1.0f / (3.0f * kDelta * kDelta);
constexpr float kLinearOffset = 4.0f / 29.0f;

inline float lab_f(float t) {
  return t > kEpsilon ? detail::cube_root(t) : t * kLinearSlope + kLinearOffset;
}
// The same values as lab_f, computing both sides so that loops over it vectorise.
inline float lab_f_branchless(float t) {
  const float root = detail::cube_root(t);
  const float linear = t * kLinearSlope + kLinearOffset;
  return t > kEpsilon ? root : linear;
}

inline float lab_f_inverse(float f) {
  return f > kDelta ? f * f * f : (f - kLinearOffset) * (3.0f * kDelta * kDelta);
}

constexpr std::size_t kBlock = 256;  // pixels per vectorised block

inline Vec3 multiply(const float (&m)[3][3], const Vec3& v) {
  return {m[0][0] * v[0] + m[0][1] * v[1] + m[0][2] * v[2],
          m[1][0] * v[0] + m[1][1] * v[1] + m[1][2] * v[2],
          m[2][0] * v[0] + m[2][1] * v[1] + m[2][2] * v[2]};
}

double decode_srgb(double encoded) {
  return encoded <= 0.04045 ? encoded / 12.92 : detail::pow_2_4((encoded + 0.055) / 1.055);
}

// Lookup tables for the 8-bit paths: decoding is a table read; encoding finds the code whose
// rounding interval holds the linear value (a coarse table, then at most one step up the exact
// thresholds), so 8-bit results equal rounding of the exact transfer function.
struct Srgb8Tables {
  static constexpr int kBuckets = 4096;
  float to_linear[256];
  float upper_threshold[256];  // linear value where code c+0.5 lies; +inf for 255
  std::uint8_t bucket_code[kBuckets + 1];

  Srgb8Tables() {
    for (int c = 0; c < 256; ++c) {
      to_linear[c] = static_cast<float>(decode_srgb(c / 255.0));
      upper_threshold[c] = c == 255 ? std::numeric_limits<float>::infinity()
                                    : static_cast<float>(decode_srgb((c + 0.5) / 255.0));
    }
    int code = 0;
    for (int i = 0; i <= kBuckets; ++i) {
      const float value = static_cast<float>(i) / kBuckets;
      while (value >= upper_threshold[code]) ++code;
      bucket_code[i] = static_cast<std::uint8_t>(code);
      // encode() takes one step up at most: no bucket may span two rounding thresholds.
      if (i > 0 && bucket_code[i] - bucket_code[i - 1] > 1) std::abort();
    }
  }

  std::uint8_t encode(float linear) const {
    if (!(linear > 0.0f)) return 0;  // also maps NaN to black
    if (linear >= 1.0f) return 255;
    const int code = bucket_code[static_cast<int>(linear * kBuckets)];
    return static_cast<std::uint8_t>(code + (linear >= upper_threshold[code]));
  }
};

const Srgb8Tables& tables() {
  static const Srgb8Tables instance;
  return instance;
}

inline Lab linear_to_lab(const Vec3& linear) {
  const Vec3 relative = multiply(kRgbToWhiteRelativeXyz, linear);
  const float fx = lab_f(relative[0]), fy = lab_f(relative[1]), fz = lab_f(relative[2]);
  return {116.0f * fy - 16.0f, 500.0f * (fx - fy), 200.0f * (fy - fz)};
}

inline Rgb8 lab_to_srgb8_with(const Srgb8Tables& t, const Lab& lab) {
  const Vec3 linear = xyz_to_linear_rgb(lab_to_xyz(lab));
  return {t.encode(linear[0]), t.encode(linear[1]), t.encode(linear[2])};
}

// Reuses `out` when it already has the shape of `in` (3 channels), saving the allocation and
// page faults of a fresh image on repeated conversions.
template <class In, class Out>
void reshape_like(const Image<In>& in, Image<Out>& out) {
  if (out.width() != in.width() || out.height() != in.height() || out.channels() != 3)
    out = Image<Out>(in.width(), in.height(), 3);
}

// Blocks of planes so that the arithmetic vectorises; the operations are those of the per-pixel
// path, in the same order, so both give identical results (no FMA contraction is allowed).
TINT_VECTOR_CLONES
void srgb8_block_to_lab(const Srgb8Tables& t, const std::uint8_t* in, std::size_t count,
                        float* out) {
  const float(&m)[3][3] = kRgbToWhiteRelativeXyz;
  float r[kBlock], g[kBlock], b[kBlock], x[kBlock], y[kBlock], z[kBlock];
  for (std::size_t i = 0; i < count; ++i) {
    r[i] = t.to_linear[in[3 * i]];
    g[i] = t.to_linear[in[3 * i + 1]];
    b[i] = t.to_linear[in[3 * i + 2]];
  }
  for (std::size_t i = 0; i < count; ++i) {
    x[i] = lab_f_branchless(m[0][0] * r[i] + m[0][1] * g[i] + m[0][2] * b[i]);
    y[i] = lab_f_branchless(m[1][0] * r[i] + m[1][1] * g[i] + m[1][2] * b[i]);
    z[i] = lab_f_branchless(m[2][0] * r[i] + m[2][1] * g[i] + m[2][2] * b[i]);
  }
  for (std::size_t i = 0; i < count; ++i) {
    out[3 * i] = 116.0f * y[i] - 16.0f;
    out[3 * i + 1] = 500.0f * (x[i] - y[i]);
    out[3 * i + 2] = 200.0f * (y[i] - z[i]);
  }
}

// L alone: the Y row of srgb8_block_to_lab, the same operations in the same order, so the values
// equal that path's L channel bit for bit, for a third of the work and memory.
TINT_VECTOR_CLONES
void srgb8_block_to_lightness(const Srgb8Tables& t, const std::uint8_t* in, std::size_t count,
                              float* out) {
  const float(&m)[3][3] = kRgbToWhiteRelativeXyz;
  float r[kBlock], g[kBlock], b[kBlock];
  for (std::size_t i = 0; i < count; ++i) {
    r[i] = t.to_linear[in[3 * i]];
    g[i] = t.to_linear[in[3 * i + 1]];
    b[i] = t.to_linear[in[3 * i + 2]];
  }
  for (std::size_t i = 0; i < count; ++i)
    out[i] = 116.0f * lab_f_branchless(m[1][0] * r[i] + m[1][1] * g[i] + m[1][2] * b[i]) - 16.0f;
}

TINT_VECTOR_CLONES
void lab_block_to_srgb8(const Srgb8Tables& t, const float* in, std::size_t count,
                        std::uint8_t* out) {
  const float(&m)[3][3] = kXyzToRgb;
  float x[kBlock], y[kBlock], z[kBlock], r[kBlock], g[kBlock], b[kBlock];
  for (std::size_t i = 0; i < count; ++i) {
    y[i] = (in[3 * i] + 16.0f) / 116.0f;
    x[i] = y[i] + in[3 * i + 1] / 500.0f;
    z[i] = y[i] - in[3 * i + 2] / 200.0f;
  }
  for (std::size_t i = 0; i < count; ++i) {
    const float wx = kD65White[0] * lab_f_inverse(x[i]);
    const float wy = kD65White[1] * lab_f_inverse(y[i]);
    const float wz = kD65White[2] * lab_f_inverse(z[i]);
    r[i] = m[0][0] * wx + m[0][1] * wy + m[0][2] * wz;
    g[i] = m[1][0] * wx + m[1][1] * wy + m[1][2] * wz;
    b[i] = m[2][0] * wx + m[2][1] * wy + m[2][2] * wz;
  }
  for (std::size_t i = 0; i < count; ++i) {
    out[3 * i] = t.encode(r[i]);
    out[3 * i + 1] = t.encode(g[i]);
    out[3 * i + 2] = t.encode(b[i]);
  }
}

}  // namespace

float srgb_to_linear(float encoded) {
  return static_cast<float>(decode_srgb(static_cast<double>(encoded)));
}

float linear_to_srgb(float linear) {
  if (linear <= 0.0031308f) return 12.92f * linear;
  // linear^(1/2.4) = cbrt(linear * linear^(1/4))
  const double root = detail::cube_root(static_cast<double>(linear) *
                                        std::sqrt(std::sqrt(static_cast<double>(linear))));
  return static_cast<float>(1.055 * root - 0.055);
}

Vec3 linear_rgb_to_xyz(const Vec3& rgb) { return multiply(kRgbToXyz, rgb); }
Vec3 xyz_to_linear_rgb(const Vec3& xyz) { return multiply(kXyzToRgb, xyz); }

Lab xyz_to_lab(const Vec3& xyz) {
  const float fx = lab_f(xyz[0] / kD65White[0]);
  const float fy = lab_f(xyz[1] / kD65White[1]);
  const float fz = lab_f(xyz[2] / kD65White[2]);
  return {116.0f * fy - 16.0f, 500.0f * (fx - fy), 200.0f * (fy - fz)};
}

Vec3 lab_to_xyz(const Lab& lab) {
  const float fy = (lab.L + 16.0f) / 116.0f;
  const float fx = fy + lab.a / 500.0f;
  const float fz = fy - lab.b / 200.0f;
  return {kD65White[0] * lab_f_inverse(fx), kD65White[1] * lab_f_inverse(fy),
          kD65White[2] * lab_f_inverse(fz)};
}

Lab srgb_to_lab(const Vec3& srgb) {
  return linear_to_lab({srgb_to_linear(srgb[0]), srgb_to_linear(srgb[1]), srgb_to_linear(srgb[2])});
}

Vec3 lab_to_srgb(const Lab& lab) {
  const Vec3 linear = xyz_to_linear_rgb(lab_to_xyz(lab));
  Vec3 srgb;
  for (int c = 0; c < 3; ++c) {
    const float clipped = linear[c] > 0.0f ? (linear[c] < 1.0f ? linear[c] : 1.0f) : 0.0f;
    srgb[c] = linear_to_srgb(clipped);
  }
  return srgb;
}

Lab srgb8_to_lab(const Rgb8& rgb) {
  const Srgb8Tables& t = tables();
  return linear_to_lab({t.to_linear[rgb[0]], t.to_linear[rgb[1]], t.to_linear[rgb[2]]});
}

Rgb8 lab_to_srgb8(const Lab& lab) { return lab_to_srgb8_with(tables(), lab); }

void rgb8_to_lab(const Image8& rgb, ImageF& lab) {
  require_channels(rgb, 3, "rgb8_to_lab");
  reshape_like(rgb, lab);
  const Srgb8Tables& t = tables();
  const std::size_t n = rgb.pixel_count();
  for (std::size_t start = 0; start < n; start += kBlock)
    srgb8_block_to_lab(t, rgb.data() + 3 * start, std::min(kBlock, n - start),
                       lab.data() + 3 * start);
}

ImageF rgb8_to_lab(const Image8& rgb) {
  ImageF lab;
  rgb8_to_lab(rgb, lab);
  return lab;
}

void lab_to_rgb8(const ImageF& lab, Image8& rgb) {
  require_channels(lab, 3, "lab_to_rgb8");
  reshape_like(lab, rgb);
  const Srgb8Tables& t = tables();
  const std::size_t n = lab.pixel_count();
  for (std::size_t start = 0; start < n; start += kBlock)
    lab_block_to_srgb8(t, lab.data() + 3 * start, std::min(kBlock, n - start),
                       rgb.data() + 3 * start);
}

Image8 lab_to_rgb8(const ImageF& lab) {
  Image8 rgb;
  lab_to_rgb8(lab, rgb);
  return rgb;
}

namespace {

// Checks that `rows` rows from `first_row` lie in both images, of the same size.
template <typename In, typename Out>
void check_rows(const In& in, const Out& out, int first_row, int rows, const char* what) {
  if (out.width() != in.width() || out.height() != in.height())
    fail(what, "the output is " + std::to_string(out.width()) + "x" + std::to_string(out.height()) +
                   ", the input " + std::to_string(in.width()) + "x" + std::to_string(in.height()));
  if (first_row < 0 || rows < 0 || first_row > in.height() - rows)
    fail(what, "rows [" + std::to_string(first_row) + ", " + std::to_string(first_row + rows) +
                   ") outside an image of " + std::to_string(in.height()) + " rows");
}

}  // namespace

void lightness_rows(const Image8& rgb, ImageF& l, int first_row, int rows) {
  require_channels(rgb, 3, "lightness_rows");
  require_channels(l, 1, "lightness_rows");
  check_rows(rgb, l, first_row, rows, "lightness_rows");
  const Srgb8Tables& t = tables();
  const std::size_t begin = static_cast<std::size_t>(first_row) * rgb.width();
  const std::size_t end = begin + static_cast<std::size_t>(rows) * rgb.width();
  for (std::size_t start = begin; start < end; start += kBlock)
    srgb8_block_to_lightness(t, rgb.data() + 3 * start, std::min(kBlock, end - start),
                             l.data() + start);
}

ImageF lightness(const Image8& rgb) {
  require_channels(rgb, 3, "lightness");
  ImageF l(rgb.width(), rgb.height(), 1);
  lightness_rows(rgb, l, 0, rgb.height());
  return l;
}

namespace {

// With a = b = 0 all three linear channels equal Y.
std::uint8_t gray_code(const Srgb8Tables& t, float l) {
  return t.encode(lab_f_inverse((l + 16.0f) / 116.0f));
}

}  // namespace

Image8 gray_from_lightness(const ImageF& l) {
  require_channels(l, 1, "gray_from_lightness");
  Image8 gray(l.width(), l.height(), 3);
  const Srgb8Tables& t = tables();
  for (std::size_t i = 0, n = l.pixel_count(); i < n; ++i)
    gray.data()[3 * i] = gray.data()[3 * i + 1] = gray.data()[3 * i + 2] =
        gray_code(t, l.data()[i]);
  return gray;
}

void gray_plane_rows(const ImageF& l, Image8& gray, int first_row, int rows) {
  require_channels(l, 1, "gray_plane_rows");
  require_channels(gray, 1, "gray_plane_rows");
  check_rows(l, gray, first_row, rows, "gray_plane_rows");
  const Srgb8Tables& t = tables();
  const std::size_t begin = static_cast<std::size_t>(first_row) * l.width();
  const std::size_t end = begin + static_cast<std::size_t>(rows) * l.width();
  for (std::size_t i = begin; i < end; ++i) gray.data()[i] = gray_code(t, l.data()[i]);
}

Image8 gray_plane_from_lightness(const ImageF& l) {
  require_channels(l, 1, "gray_plane_from_lightness");
  Image8 gray(l.width(), l.height(), 1);
  gray_plane_rows(l, gray, 0, l.height());
  return gray;
}

Image8 to_gray(const Image8& rgb) { return gray_from_lightness(lightness(rgb)); }

ImageF take_channels(const ImageF& image, int first, int count) {
  if (image.empty()) fail("take_channels", "empty image");
  if (first < 0 || count < 1 || first + count > image.channels())
    fail("take_channels", "channels [" + std::to_string(first) + ", " +
                              std::to_string(first + count) + ") outside an image of " +
                              std::to_string(image.channels()) + " channel(s)");
  ImageF out(image.width(), image.height(), count);
  const int stride = image.channels();
  for (std::size_t i = 0, n = image.pixel_count(); i < n; ++i)
    for (int c = 0; c < count; ++c)
      out.data()[i * count + c] = image.data()[i * stride + first + c];
  return out;
}

}  // namespace tint
