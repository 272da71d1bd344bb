// An sRGB8 image of any size as WebGL textures: images larger than the GPU's texture limit are
// split into tiles. Mipmapped so that large images shrink smoothly; magnified pixels stay sharp.
#pragma once

#include <cstddef>
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
  // The same for an sRGB image a band of rows per call, for a large one over several frames:
  // start_upload, then continue_upload (about `budget_ms` each, at least a band) until it returns
  // true, with `rgb` unchanged meanwhile. Until then the texture is incomplete: draw another.
  void start_upload(const Image8& rgb);
  bool continue_upload(const Image8& rgb, double budget_ms);
  void clear();

  bool empty() const { return tiles_.empty(); }
  int width() const { return width_; }
  int height() const { return height_; }
  const std::vector<Tile>& tiles() const { return tiles_; }

 private:
  // Makes the tiles for the image's size and channels, unless they are made; true when it made
  // them.
  bool allocate(const Image8& image);

  std::vector<Tile> tiles_;
  std::size_t next_tile_ = 0;  // of an upload in bands
  int next_row_ = 0;           // in that tile
  int width_ = 0;
  int height_ = 0;
  int channels_ = 0;
};

}  // namespace tint::app
