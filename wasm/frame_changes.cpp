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
// kilobytes costs far less than a frame. Only the textures the frame draws count: one filled
// while hidden (an example's thumbnail behind an opened photo) changes nothing on screen.
bool FrameChanges::changed(const ImDrawData& draw_data, CanvasSize buffer) {
  next_.clear();
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
    for (const ImDrawCmd& command : list.CmdBuffer) {
      const std::uint64_t version = texture_contents_version(
          static_cast<unsigned>(reinterpret_cast<std::uintptr_t>(command.GetTexID())));
      append(next_, &version, 1);
    }
  }
  if (next_ == last_) return false;
  last_.swap(next_);
  return true;
}

}  // namespace tint::app
