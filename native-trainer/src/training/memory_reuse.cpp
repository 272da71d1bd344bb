#include "training/memory_reuse.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tint::trainer {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  constexpr int kReusedBlockBytes = 256 << 20;
  mallopt(M_MMAP_THRESHOLD, kReusedBlockBytes);
  mallopt(M_TRIM_THRESHOLD, 2 * kReusedBlockBytes);
#endif
}

}  // namespace tint::trainer
