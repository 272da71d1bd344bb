#include "frame_changes.hpp"

#include <cstdint>

#include "image_texture.hpp"

namespace tint::app {
namespace {

template <typename T>
void append(std::vector<char>& bytes, const T* values, std::size_t count) {
  const char* first = reinterpret_cast<const char*>(values);
  bytes.insert(bytes.end(), first, first + count * sizeof(T));
}

}  // namespace

// The frame's bytes compared with the last drawn frame's: exact, and a memcmp of a few hundred
// kilobytes costs far less than a frame.
bool FrameChanges::changed(const ImDrawData& draw_data, CanvasSize buffer) {
  next_.clear();
  const std::uint64_t textures = texture_contents_version();
  append(next_, &textures, 1);
  append(next_, &buffer, 1);
  append(next_, &draw_data.DisplayPos, 1);
  append(next_, &draw_data.DisplaySize, 1);
  append(next_, &draw_data.FramebufferScale, 1);
  for (int i = 0; i < draw_data.CmdListsCount; ++i) {
    const ImDrawList& list = *draw_data.CmdLists[i];
    const int sizes[] = {list.CmdBuffer.Size, list.VtxBuffer.Size, list.IdxBuffer.Size};
    append(next_, sizes, 3);
    // (ImDrawCmd zeroes its padding, so its bytes compare.)
    append(next_, list.CmdBuffer.Data, static_cast<std::size_t>(list.CmdBuffer.Size));
    append(next_, list.VtxBuffer.Data, static_cast<std::size_t>(list.VtxBuffer.Size));
    append(next_, list.IdxBuffer.Data, static_cast<std::size_t>(list.IdxBuffer.Size));
  }
  if (next_ == last_) return false;
  last_.swap(next_);
  return true;
}

}  // namespace tint::app
