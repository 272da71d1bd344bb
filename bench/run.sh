#!/usr/bin/env bash
# Benchmarks the colour core natively and as WASM under Node and writes bench/results.md.
# Usage: bench/run.sh [data folder, default ../shared/data]. Run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data=${1:-../shared/data}

cmake --preset native >/dev/null && cmake --build --preset native --target bench_core >/dev/null
cmake --preset wasm >/dev/null && cmake --build --preset wasm --target bench_core >/dev/null

table=$(mktemp)
trap 'rm -f "$table"' EXIT
{
  echo "| build | benchmark | result | target |"
  echo "|---|---|---|---|"
  build/native/bench/bench_core "$data"
  node --no-experimental-fetch build/wasm/bench/bench_core.js "$data"
} | tee "$table"

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "# Colour core benchmarks"
  echo
  echo "Command: \`bench/run.sh\` (median of repeated runs; Mpx/s = megapixels per second)."
  echo "Machine: $cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $(node --version) for WASM;"
  echo "measured $(date -u +%Y-%m-%d)."
  echo
  cat "$table"
} > bench/results.md
echo "wrote bench/results.md"
