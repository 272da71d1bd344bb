#include "opened_image.hpp"

#include <algorithm>
#include <chrono>
#include <utility>

#include "tint/color_space.hpp"
#include "tint/error.hpp"

namespace tint::app {
namespace {

// Rows per band: a 7000-pixel-wide photo's band is about 10 ms of JPEG decoding in the browser.
constexpr int kBandRows = 64;

bool has_colour(const Image8& rgb) {
  const std::uint8_t* p = rgb.data();
  for (std::size_t i = 0; i < rgb.pixel_count(); ++i, p += 3)
    if (p[0] != p[1] || p[1] != p[2]) return true;
  return false;
}

}  // namespace

ImageOpening::ImageOpening(const std::uint8_t* bytes, std::size_t size, std::string name)
    : decoder_(bytes, size, name, DecodeOptions{kBrowserMaxPixels}) {
  image_.name = std::move(name);
  image_.file_format = output_format_for(bytes, size);
}

void ImageOpening::work_on_one_band() {
  const int width = image_.original.width(), height = image_.original.height();
  // The next band of the plane being filled; true once it is full.
  const auto fill_band = [&](auto fill_rows) {
    const int rows = std::min(kBandRows, height - next_row_);
    fill_rows(next_row_, rows);
    next_row_ += rows;
    if (next_row_ < height) return false;
    next_row_ = 0;
    return true;
  };
  switch (stage_) {
    case Stage::kDecoding:
      if (decoder_.decode_rows(kBandRows)) {
        image_.original = decoder_.take();
        image_.has_colour = has_colour(image_.original);
        image_.lightness =
            ImageF(image_.original.width(), image_.original.height(), 1, kBrowserMaxPixels);
        stage_ = Stage::kLightness;
      }
      return;
    case Stage::kLightness:
      if (fill_band([&](int first, int rows) {
            lightness_rows(image_.original, image_.lightness, first, rows);
          })) {
        image_.gray = Image8(width, height, 1, kBrowserMaxPixels);
        stage_ = Stage::kGray;
      }
      return;
    case Stage::kGray:
      if (fill_band([&](int first, int rows) {
            gray_plane_rows(image_.lightness, image_.gray, first, rows);
          }))
        stage_ = Stage::kOpen;
      return;
    case Stage::kOpen:
      return;
  }
}

bool ImageOpening::step(double budget_ms) {
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  do work_on_one_band();
  while (stage_ != Stage::kOpen && elapsed_ms() < budget_ms);
  return stage_ == Stage::kOpen;
}

OpenedImage ImageOpening::take() {
  if (stage_ != Stage::kOpen) fail(image_.name, "ImageOpening::take: not open yet");
  return std::move(image_);
}

}  // namespace tint::app
