#!/usr/bin/env bash
# Training speed of every preset on this machine's CPU (batch 64, 2 threads) and the epoch time of
# the default model on CIFAR-10; writes bench/results-train.md. Run on an otherwise idle machine.
# Usage: bench/train_cpu.sh [data folder, default ../shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data=$(realpath "${1:-../shared/data}")
cmake --preset native >/dev/null && cmake --build --preset native --target tint >/dev/null
tint=build/native/native-trainer/tint
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# images/s of the second epoch (the first warms up allocators and caches) of a short run.
speed() {
  local out=$work/run
  rm -rf "$out"
  "$tint" train "$@" --threads 2 --epochs 2 --patience 0 --no-export --no-progress \
    --data-dir "$data/cifar-10-batches-bin" -o "$out" >/dev/null 2>&1
  tail -1 "$out/metrics.jsonl" | sed 's/.*"images_per_second":\([0-9.]*\).*/\1/'
}

table=$work/table
{
  echo "| preset | model | input | batch | img/s | target |"
  echo "|---|---|---|---:|---:|---|"
  for preset in birds4 palette24 lab-upsample "rgb-dense --variant dense" \
    "rgb-dense --variant conv" "rgb-dense --variant bn-conv" bins313 \
    "lab-l2 --data $data/tiny-imagenet-200/train --size 32" \
    "lab-l2 --data $data/tiny-imagenet-200/train --size 64"; do
    # shellcheck disable=SC2086  # the preset's extra options split on purpose
    ips=$(speed --preset $preset --batch-size 64 --max-images 3200)
    size=32
    [[ $preset == *"--size 64"* ]] && size=64
    printf '| %s | %s | %dx%d | 64 | %.0f | >= 500 |\n' "${preset%% *}" \
      "$(echo "$preset" | sed -n 's/.*--variant \([a-z-]*\).*/\1/p')" $size $size "$ips"
  done
  for format in contiguous channels-last; do
    for preset in unet-bins unet-ab; do
      ips=$(speed --preset $preset --batch-size 64 --max-images 3200 --memory-format $format)
      printf '| %s | %s | 32x32 | 64 | %.0f | (default model) |\n' $preset $format "$ips"
    done
  done
} | tee "$table"

# Epoch time of the default model on the 45,000 CIFAR-10 training images, from its speed at its
# own batch size (256) over 3,200 of them.
ips=$(speed --preset unet-bins --max-images 3200)
epoch=$(awk -v ips="$ips" 'BEGIN { printf "%.0f", 45000 / ips }')

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "# Training speed on the CPU"
  echo
  echo "Command: \`bench/train_cpu.sh\`. Images/s of the second of two epochs over 3,200 images"
  echo "(2,880 train), 2 threads, Debian's LibTorch $(dpkg-query -W -f '${Version}' libtorch-dev | cut -d+ -f1)."
  echo "Machine: $cpu, $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; measured $(date -u +%Y-%m-%d)."
  echo
  cat "$table"
  echo
  echo "Default model (unet-bins, batch 256): $(printf '%.0f' "$ips") img/s, so one epoch over the"
  echo "45,000 CIFAR-10 training images takes about $epoch s ($((epoch / 60)) min) on this CPU."
} > bench/results-train.md
