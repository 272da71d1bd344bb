#!/usr/bin/env bash
# The project's whole test suite: native build, sanitizer build, the fuzz targets' short runs, WASM
# build under Node, the native-vs-WASM golden test, and the browser app's tests in headless
# Chromium. Installs what it
# needs first.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

jobs=$(nproc)
step() { printf '\n== %s\n' "$*"; }
scripts/cpu_report.sh  # LibTorch's kernels, and so its float32 sums, follow the CPU

step "native build and tests"
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
ctest --preset native -j "$jobs" --output-on-failure

other_kernels=$(scripts/cpu_report.sh --other-kernels)
step "LibTorch's tests whose sums follow the CPU, again under another CPU's kernels ($other_kernels)"
env $other_kernels ctest --preset native -j "$jobs" --output-on-failure \
  -R 'ExportParity|DataParallel\.TwoProcesses|^Trainer\.|PhotoTraining\.'

step "AddressSanitizer + UndefinedBehaviorSanitizer build and tests"
cmake --preset native-asan >/dev/null
cmake --build --preset native-asan -j "$jobs"
ctest --preset native-asan -j "$jobs" --output-on-failure

step "libFuzzer targets (clang, ASan + UBSan): their seeds, every input that ever failed, a few seconds of fuzzing"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"
ctest --preset fuzz -j "$jobs" --output-on-failure

step "WASM build and tests: the core under Node, the native-vs-WASM golden test, the browser app in Chromium"
cmake --preset wasm -DTINT_NATIVE_GOLDEN_DUMP="$PWD/build/native/tests/golden_dump" \
  -DTINT_NATIVE_TRAINER="$PWD/build/native/native-trainer/tint" >/dev/null
cmake --build --preset wasm -j "$jobs"
ctest --preset wasm -j "$jobs" --output-on-failure

step "all test suites passed"
