#!/usr/bin/env bash
# Builds the trainer against the LibTorch inside an installed CUDA PyTorch (the CPU build uses
# Debian's libtorch-dev): build/cuda/native-trainer/tint. Extra arguments go to CMake, e.g.
# -DTINT_FETCH=OFF where libcurl, libarchive or OpenSSL's headers are missing, and
# -DTINT_CODECS_FROM_SOURCE=ON (with build/libjpeg-turbo, build/libpng and build/zlib from
# scripts/setup.sh copied along) where libjpeg-turbo's and libpng's are.
set -euo pipefail
cd "$(dirname "$0")/.."
torch_prefix=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
# NCCL's header, for data-parallel training on several GPUs: pip's PyTorch keeps it in the
# nvidia-nccl package.
nccl_hint=$(python3 -c 'import os, nvidia.nccl; print(os.path.join(list(nvidia.nccl.__path__)[0], "include"))' 2>/dev/null || true)
cmake -S . -B build/cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF \
  -DCMAKE_PREFIX_PATH="$torch_prefix${CMAKE_PREFIX_PATH:+;$CMAKE_PREFIX_PATH}" \
  -DTINT_NCCL_HINT="$nccl_hint" "$@"
cmake --build build/cuda --target tint
