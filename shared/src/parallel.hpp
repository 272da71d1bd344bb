// Runs a job over fixed chunks of [0, count) on a few threads. Chunk boundaries never depend on
// the thread count, so per-chunk results reduced in chunk order are identical for any count.
#pragma once

#include <cstddef>
#include <functional>

namespace tint::detail {

// threads <= 0 means all hardware threads; WASM builds without pthreads always run on one.
int resolve_thread_count(int threads);

// Calls job(chunk_index, begin, end) once per chunk of `chunk_size` items.
void for_each_chunk(std::size_t count, std::size_t chunk_size, int threads,
                    const std::function<void(std::size_t, std::size_t, std::size_t)>& job);

inline std::size_t chunk_count(std::size_t count, std::size_t chunk_size) {
  return (count + chunk_size - 1) / chunk_size;
}

}  // namespace tint::detail
