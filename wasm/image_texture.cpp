#include "image_texture.hpp"

#include <GLES3/gl3.h>

#include <algorithm>

namespace tint::app {
namespace {

int max_texture_side() {
  GLint side = 0;
  glGetIntegerv(GL_MAX_TEXTURE_SIZE, &side);
  // Tiles of at most 4096 keep each upload and its mipmaps small even where the limit is larger.
  return std::clamp(static_cast<int>(side), 256, 4096);
}

std::uint64_t contents_version = 0;

}  // namespace

std::uint64_t texture_contents_version() { return contents_version; }

ImageTexture::~ImageTexture() { clear(); }

void ImageTexture::clear() {
  ++contents_version;
  for (const Tile& tile : tiles_) glDeleteTextures(1, &tile.texture);
  tiles_.clear();
  width_ = height_ = 0;
}

void ImageTexture::upload(const Image8& rgb) {
  require_channels(rgb, 3, "ImageTexture::upload");
  if (rgb.width() != width_ || rgb.height() != height_) {
    clear();
    width_ = rgb.width();
    height_ = rgb.height();
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
  ++contents_version;
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glPixelStorei(GL_UNPACK_ROW_LENGTH, width_);
  for (const Tile& tile : tiles_) {
    glBindTexture(GL_TEXTURE_2D, tile.texture);
    glPixelStorei(GL_UNPACK_SKIP_PIXELS, tile.x);
    glPixelStorei(GL_UNPACK_SKIP_ROWS, tile.y);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGB8, tile.width, tile.height, 0, GL_RGB, GL_UNSIGNED_BYTE,
                 rgb.data());
    glGenerateMipmap(GL_TEXTURE_2D);
  }
  glPixelStorei(GL_UNPACK_ROW_LENGTH, 0);
  glPixelStorei(GL_UNPACK_SKIP_PIXELS, 0);
  glPixelStorei(GL_UNPACK_SKIP_ROWS, 0);
}

}  // namespace tint::app
