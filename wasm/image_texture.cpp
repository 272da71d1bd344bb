#include "image_texture.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <unordered_map>
#include <vector>

namespace tint::app {
namespace {

int max_texture_side() {
  GLint side = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &side);
  // Tiles of at most 4096 keep each upload and its mipmaps small even where the limit is larger.
  return std::clamp(static_cast<int>(side), 256, 4096);
}

// Versions count up across all textures: a GL name deleted and given out again gets a new one.
std::uint64_t last_contents_version = 0;
std::unordered_map<unsigned, std::uint64_t> contents_versions;  // GL texture name -> version

}  // namespace

std::uint64_t texture_contents_version(unsigned texture) {
  const auto found = contents_versions.find(texture);
  return found == contents_versions.end() ? 0 : found->second;
}

ImageTexture::~ImageTexture() { clear(); }

void ImageTexture::clear() {
  for (const Tile& tile : tiles_) {
    contents_versions.erase(tile.texture);
    glDeleteTextures(1, &tile.texture);
  }
  tiles_.clear();
  next_tile_ = 0;
  next_row_ = 0;
  width_ = height_ = channels_ = 0;
}

bool ImageTexture::allocate(const Image8& image) {
  if (image.width() == width_ && image.height() == height_ && image.channels() == channels_)
    return false;
  clear();
  width_ = image.width();
  height_ = image.height();
  channels_ = image.channels();
  const int side = max_texture_side();
  for (int y = 0; y < height_; y += side)
    for (int x = 0; x < width_; x += side) {
      Tile tile{0, x, y, std::min(side, width_ - x), std::min(side, height_ - y)};
      glGenTextures(1, &tile.texture);
      glBindTexture(GL_TEXTURE_2D, tile.texture);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR_MIPMAP_LINEAR);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
      glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
      tiles_.push_back(tile);
    }
  return true;
}

void ImageTexture::upload(const Image8& image) {
  if (image.channels() == 3) {
    start_upload(image);
    continue_upload(image, std::numeric_limits<double>::infinity());
    return;
  }
  require_channels(image, 1, "ImageTexture::upload");
  allocate(image);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, width_);
  for (const Tile& tile : tiles_) {
    contents_versions[tile.texture] = ++last_contents_version;
    glBindTexture(GL_TEXTURE_2D, tile.texture);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, tile.x);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, tile.y);
    // (WebGL 2 still has LUMINANCE: it samples as gray, as ImGui's shader expects.)
    glTexImage2D(GL_TEXTURE_2D, 0, GL_LUMINANCE, tile.width, tile.height, 0, GL_LUMINANCE,
                 GL_UNSIGNED_BYTE, image.data());
    glGenerateMipmap(GL_TEXTURE_2D);
  }
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
}

void ImageTexture::start_upload(const Image8& rgb) {
  require_channels(rgb, 3, "ImageTexture::start_upload");
  if (allocate(rgb))
    for (const Tile& tile : tiles_) {
      glBindTexture(GL_TEXTURE_2D, tile.texture);
      glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, tile.width, tile.height, 0, GL_RGBA,
                   GL_UNSIGNED_BYTE, nullptr);
    }
  next_tile_ = 0;
  next_row_ = 0;
}

// RGB goes up as RGBA, in bands of rows: a browser drawing WebGL without a GPU converts RGB
// uploads to RGBA itself, several times slower than the copy here
// (bench/browser-results-startup.md).
bool ImageTexture::continue_upload(const Image8& rgb, double budget_ms) {
  constexpr int kBandRows = 256;
  const auto start = std::chrono::steady_clock::now();
  const auto elapsed_ms = [&] {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
  };
  std::vector<std::uint8_t> band;
  while (next_tile_ < tiles_.size()) {
    const Tile& tile = tiles_[next_tile_];
    const int rows = std::min(kBandRows, tile.height - next_row_);
    band.resize(std::size_t(rows) * std::size_t(tile.width) * 4);
    std::uint8_t* out = band.data();
    for (int y = 0; y < rows; ++y) {
      const std::uint8_t* in = rgb.pixel(tile.x, tile.y + next_row_ + y);
      for (int x = 0; x < tile.width; ++x, in += 3, out += 4) {
        out[0] = in[0];
        out[1] = in[1];
        out[2] = in[2];
        out[3] = 255;
      }
    }
    glBindTexture(GL_TEXTURE_2D, tile.texture);
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, next_row_, tile.width, rows, GL_RGBA, GL_UNSIGNED_BYTE,
                    band.data());
    next_row_ += rows;
    if (next_row_ == tile.height) {
      glGenerateMipmap(GL_TEXTURE_2D);
      contents_versions[tile.texture] = ++last_contents_version;
      ++next_tile_;
      next_row_ = 0;
    }
    if (elapsed_ms() >= budget_ms) break;
  }
  return next_tile_ == tiles_.size();
}

}  // namespace tint::app
