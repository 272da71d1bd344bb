// sRGB <-> linear RGB <-> XYZ <-> CIELAB (D65 white, 2-degree observer), per pixel and per image.
// L is in 0..100, a and b roughly in -128..127; sRGB floats are in 0..1.
#pragma once

#include <array>
#include <cstdint>

#include "tint/image.hpp"

namespace tint {

struct Lab {
  float L, a, b;
};
using Rgb8 = std::array<std::uint8_t, 3>;
using Vec3 = std::array<float, 3>;

// D65 reference white (X, Y, Z) with Y = 1.
inline constexpr Vec3 kD65White = {0.95047f, 1.0f, 1.08883f};

float srgb_to_linear(float encoded);  // sRGB transfer function, inverse
float linear_to_srgb(float linear);   // sRGB transfer function
Vec3 linear_rgb_to_xyz(const Vec3& rgb);
Vec3 xyz_to_linear_rgb(const Vec3& xyz);
Lab xyz_to_lab(const Vec3& xyz);
Vec3 lab_to_xyz(const Lab& lab);

Lab srgb_to_lab(const Vec3& srgb);  // sRGB in 0..1
Vec3 lab_to_srgb(const Lab& lab);   // clipped to 0..1 per channel
Lab srgb8_to_lab(const Rgb8& rgb);
Rgb8 lab_to_srgb8(const Lab& lab);  // clipped to the sRGB gamut per channel, then rounded

// Whole images. rgb: 3-channel sRGB8; lab: 3-channel float (L, a, b interleaved).
ImageF rgb8_to_lab(const Image8& rgb);
Image8 lab_to_rgb8(const ImageF& lab);
// The same, writing into `out` and reusing its storage when its shape already matches.
void rgb8_to_lab(const Image8& rgb, ImageF& out);
void lab_to_rgb8(const ImageF& lab, Image8& out);
ImageF lightness(const Image8& rgb);                // 1-channel L plane
Image8 gray_from_lightness(const ImageF& l);        // 3-channel sRGB8 with a = b = 0
Image8 gray_plane_from_lightness(const ImageF& l);  // the same code values, 1 channel
Image8 to_gray(const Image8& rgb);                  // the colorizer's input as a viewer shows it
// lightness and gray_plane_from_lightness for rows [first_row, first_row + rows) only, into images
// of the full size: the same values, with the work spread over steps (the browser app's large
// photos, a band per frame).
void lightness_rows(const Image8& rgb, ImageF& l, int first_row, int rows);
void gray_plane_rows(const ImageF& l, Image8& gray, int first_row, int rows);

// Takes channel `channel` of a float image (e.g. 0 for L of a Lab image) as a 1-channel image, or
// channels [first, first+count) as a `count`-channel image.
ImageF take_channels(const ImageF& image, int first, int count);

}  // namespace tint
