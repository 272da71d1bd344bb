#!/usr/bin/env bash
# Data-parallel training on one CUDA machine: `unet-bins` for one epoch of CIFAR-10 as 1 process
# on NCCL, and as 2 processes sharing GPU 0 (NCCL, or Gloo where NCCL refuses two processes on one
# GPU). Prints a table of how each went and its images/s. Needs the trainer built with
# scripts/build_cuda.sh. Usage: bench/gpu_data_parallel.sh TINT CIFAR10_DIR [DEVICE [OPTIONS...]]
# (DEVICE cpu rehearses the script on a machine without a GPU, on Gloo, e.g. with OPTIONS
# --max-images 512; OPTIONS go to every `tint train`.)
set -euo pipefail
tint=$(realpath "$1")
cifar=$(realpath "$2")
device=${3:-cuda}
extra=("${@:4}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
port=29700

# One run of `processes` processes on `backend`, all on GPU 0; prints its table row.
run() {
  local processes=$1 backend=$2
  port=$((port + 1))
  local out=$work/run-$processes-$backend pids=() status=ok
  for ((rank = 0; rank < processes; rank++)); do
    CUDA_VISIBLE_DEVICES=0 RANK=$rank WORLD_SIZE=$processes LOCAL_RANK=$rank \
      LOCAL_WORLD_SIZE=$processes MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
      timeout 900 "$tint" train --preset unet-bins --device "$device" --backend "$backend" \
      --data-dir "$cifar" --epochs 1 --batch-size $((1024 / processes)) --no-progress \
      --no-export --dist-timeout 120 "${extra[@]}" -o "$out" >"$out.rank$rank.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid" || status=failed; done
  local speed="-"
  [[ -f $out/metrics.jsonl ]] &&
    speed=$(printf "%.0f" "$(tail -1 "$out/metrics.jsonl" | sed 's/.*"images_per_second":\([0-9.]*\).*/\1/')")
  local note
  note=$(grep -h -m1 -E "error|processes \(" "$out".rank*.log | head -1 | cut -c1-160)
  printf '| %d | %s | %s | %s | %s |\n' "$processes" "$backend" "$status" "$speed" "$note"
}

echo "| processes on GPU 0 | backend | result | img/s (all) | log |"
echo "|---:|---|---|---:|---|"
if [[ $device == cuda ]]; then
  run 1 nccl
  run 2 nccl
fi
run 2 gloo
