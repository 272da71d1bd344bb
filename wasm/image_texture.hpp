// An sRGB8 image of any size as WebGL textures: images larger than the GPU's texture limit are
// split into tiles. Mipmapped so that large images shrink smoothly; magnified pixels stay sharp.
#pragma once

#include <cstdint>
#include <vector>

#include "tint/image.hpp"

namespace tint::app {

// The version of a texture's contents (by its GL name): new whenever an image texture's pixels
// change, so a frame that draws it shows other pixels with the same draw data. 0 for a texture
// that is not an image texture (ImGui's font atlas).
std::uint64_t texture_contents_version(unsigned texture);

class ImageTexture {
 public:
  struct Tile {
    unsigned texture = 0;
    int x = 0, y = 0, width = 0, height = 0;  // in image pixels
  };

  ImageTexture() = default;
  ImageTexture(const ImageTexture&) = delete;
  ImageTexture& operator=(const ImageTexture&) = delete;
  ~ImageTexture();

  // Replaces the contents with an sRGB (3-channel) or gray (1-channel, a third of the bytes to
  // upload) image, reusing the textures when the size and channels are unchanged.
  void upload(const Image8& image);
  void clear();

  bool empty() const { return tiles_.empty(); }
  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<Tile>& tiles() const { return tiles_; }

 private:
  void upload_as_rgba(const Image8& rgb, const Tile& tile);

  std::vector<Tile> tiles_;
  int width_ = 0;
  int height_ = 0;
  int channels_ = 0;
};

}  // namespace tint::app
