#include "image_texture.hpp"

#include <GLES3/gl3.h>

#include <algorithm>
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
  width_ = height_ = channels_ = 0;
}

void ImageTexture::upload(const Image8& image) {
  if (image.channels() != 1) require_channels(image, 3, "ImageTexture::upload");
  if (image.width() != width_ || image.height() != height_ || image.channels() != channels_) {
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
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, width_);
  for (const Tile& tile : tiles_) {
    contents_versions[tile.texture] = ++last_contents_version;
    glBindTexture(GL_TEXTURE_2D, tile.texture);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, tile.x);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, tile.y);
    // (WebGL 2 still has LUMINANCE: it samples as gray, as ImGui's shader expects.)
    if (channels_ == 1)
      glTexImage2D(GL_TEXTURE_2D, 0, GL_LUMINANCE, tile.width, tile.height, 0, GL_LUMINANCE,
                   GL_UNSIGNED_BYTE, image.data());
    else
      upload_as_rgba(image, tile);
    glGenerateMipmap(GL_TEXTURE_2D);
  }
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
}

// RGB goes up as RGBA, in bands of rows: a browser drawing WebGL without a GPU converts RGB
// uploads to RGBA itself, several times slower than the copy here
// (bench/browser-results-startup.md).
void ImageTexture::upload_as_rgba(const Image8& rgb, const Tile& tile) {
  constexpr int kBandRows = 256;
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, tile.width, tile.height, 0, GL_RGBA, GL_UNSIGNED_BYTE,
               nullptr);
  std::vector<std::uint8_t> band;
  for (int top = 0; top < tile.height; top += kBandRows) {
    const int rows = std::min(kBandRows, tile.height - top);
    band.resize(std::size_t(rows) * std::size_t(tile.width) * 4);
    std::uint8_t* out = band.data();
    for (int y = 0; y < rows; ++y) {
      const std::uint8_t* in = rgb.pixel(tile.x, tile.y + top + y);
      for (int x = 0; x < tile.width; ++x, in += 3, out += 4) {
        out[0] = in[0];
        out[1] = in[1];
        out[2] = in[2];
        out[3] = 255;
      }
    }
    glTexSubImage2D(GL_TEXTURE_2D, 0, 0, top, tile.width, rows, GL_RGBA, GL_UNSIGNED_BYTE,
                    band.data());
  }
  glPixelStorei(GL_UNPACK_ROW_LENGTH, width_);
}

}  // namespace tint::app
