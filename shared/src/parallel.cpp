#include "parallel.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>
#include <vector>

namespace tint::detail {

int resolve_thread_count(int threads) {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  (void)threads;
  return 1;
#else
  if (threads > 0) return threads;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
#endif
}

void for_each_chunk(std::size_t count, std::size_t chunk_size, int threads,
                    const std::function<void(std::size_t, std::size_t, std::size_t)>& job) {
  const std::size_t chunks = chunk_count(count, chunk_size);
  const auto run_chunk = [&](std::size_t chunk) {
    const std::size_t begin = chunk * chunk_size;
    job(chunk, begin, std::min(count, begin + chunk_size));
  };
  const int workers =
      static_cast<int>(std::min<std::size_t>(chunks, std::size_t(resolve_thread_count(threads))));
  if (workers <= 1) {
    for (std::size_t chunk = 0; chunk < chunks; ++chunk) run_chunk(chunk);
    return;
  }
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) run_chunk(chunk);
#else
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::atomic<bool> failed{false};
  const auto worker = [&] {
    for (std::size_t chunk; !failed && (chunk = next++) < chunks;) {
      try {
        run_chunk(chunk);
      } catch (...) {
        if (!failed.exchange(true)) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 1; i < workers; ++i) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
#endif
}

}  // namespace tint::detail
