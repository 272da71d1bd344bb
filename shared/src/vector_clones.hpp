// Marks a hot loop to be compiled twice on x86-64, for AVX2 and for the baseline, picking one at
// load time. Safe for exactness: with -ffp-contract=off both clones do the same IEEE operations.
#pragma once

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(__EMSCRIPTEN__)
#define TINT_VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define TINT_VECTOR_CLONES
#endif
