// Training on the CPU allocates and frees the same large buffers every step (hundreds of MB at
// 128 px). By default glibc maps blocks that large afresh and hands freed memory back to the
// kernel, so every step faults all its pages in again: measured here, the photo preset at 128 px
// trained at 1.3 img/s instead of 14.7, mostly in the kernel.
#pragma once

namespace tint::trainer {

// Serves large blocks from the heap and never trims it, so that freed memory is reused (glibc
// only; elsewhere a no-op). The process keeps its peak memory until it exits.
void keep_freed_memory_for_reuse();

}  // namespace tint::trainer
