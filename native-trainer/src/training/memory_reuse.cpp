#include "training/memory_reuse.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace tint::trainer {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  mallopt(M_MMAP_MAX, 0);         // no block of its own mapping (threads' arenas still map)
  mallopt(M_TRIM_THRESHOLD, -1);  // -1: never hand the heap's top back
#endif
}

}  // namespace tint::trainer
