// Training on the CPU allocates and frees the same large buffers every step. glibc hands blocks
// above its mmap threshold back to the kernel at once, so every step faults its pages in again:
// measured here, the photo preset trained 3x slower and spent half its time in the kernel.
#pragma once

namespace tint::trainer {

// Keeps freed blocks of up to 256 MB in the process for reuse (glibc only; elsewhere a no-op).
void keep_freed_memory_for_reuse();

}  // namespace tint::trainer
