#!/usr/bin/env bash
# Data-parallel training on this machine's CPU (Gloo over 127.0.0.1): images/s of 1 process with
# every core against 2 processes with half of them each, at the same global batch; the bytes each
# preset all-reduces per step; and, from those, the efficiency to expect on 8 GPUs in one NVLink
# node and on 64 GPUs over 400 Gb/s links. Writes bench/results-data-parallel.md. Run on an
# otherwise idle machine. Usage: bench/data_parallel.sh [data folder, default ../shared/data]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
data=$(realpath "${1:-../shared/data}")
cmake --preset native >/dev/null && cmake --build --preset native --target tint >/dev/null
tint=$(realpath build/native/native-trainer/tint)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cores=$(nproc)
port=29650

# `processes` processes of one run (a plain shell loop setting torchrun's variables); prints the
# run folder's last epoch's images/s, of all processes together.
run() {
  local processes=$1
  shift
  local out=$work/run
  rm -rf "$out"
  port=$((port + 1))
  local pids=()
  for ((rank = 0; rank < processes; rank++)); do
    RANK=$rank WORLD_SIZE=$processes LOCAL_RANK=$rank LOCAL_WORLD_SIZE=$processes \
      MASTER_ADDR=127.0.0.1 MASTER_PORT=$port \
      "$tint" train "$@" --no-export --no-progress --patience 0 \
      --data-dir "$data/cifar-10-batches-bin" -o "$out" >"$work/rank$rank.log" 2>&1 &
    pids+=($!)
  done
  for pid in "${pids[@]}"; do wait "$pid"; done
  tail -1 "$out/metrics.jsonl" | sed 's/.*"images_per_second":\([0-9.]*\).*/\1/'
}

# Images/s of the second of two epochs at global batch 128.
speed_table=$work/speed
{
  echo "| preset | processes x threads | batch per process | img/s | vs 1 process |"
  echo "|---|---|---:|---:|---:|"
  for preset in "unet-bins --max-images 1600" "birds4 --split 1600/100/0"; do
    # shellcheck disable=SC2086  # the preset's options split on purpose
    one=$(run 1 --preset $preset --epochs 2 --threads "$cores" --batch-size 128 --dropout 0)
    # shellcheck disable=SC2086
    two=$(run 2 --preset $preset --epochs 2 --threads $((cores / 2)) --batch-size 64 --dropout 0)
    printf '| %s | 1 x %d | 128 | %.0f | 1.00 |\n' "${preset%% *}" "$cores" "$one"
    printf '| %s | 2 x %d | 64 | %.0f | %.2f |\n' "${preset%% *}" $((cores / 2)) "$two" \
      "$(awk -v a="$two" -v b="$one" 'BEGIN { print a / b }')"
  done
} | tee "$speed_table"

# Bytes per step: what the trainer reports for one step of 2 processes.
bytes_table=$work/bytes
photos="$data/tiny-imagenet-200/train"
{
  echo "| preset | parameters | bytes all-reduced per step | buckets |"
  echo "|---|---:|---:|---:|"
  for preset in $("$tint" presets | awk '{print $1}'); do
    extra=(--max-images 64)
    [[ $preset == photo ]] && extra=(--max-images 64 --data "$photos" --validation-data "" --size 64)
    [[ $preset == lab-l2 ]] && extra=(--max-images 64 --data "$photos" --size 32)
    run 2 --preset "$preset" "${extra[@]}" --max-steps 1 --threads 1 --batch-size 8 >/dev/null
    line=$(grep -m1 "bytes all-reduced" "$work/rank0.log")
    parameters=$(echo "$line" | sed 's/.*, \([0-9]*\) parameters,.*/\1/')
    bytes=$(echo "$line" | sed 's/.* \([0-9]*\) bytes all-reduced.*/\1/')
    buckets=$(echo "$line" | sed 's/.* in \([0-9]*\) bucket.*/\1/')
    echo "| $preset | $parameters | $bytes | $buckets |"
  done
} | tee "$bytes_table"

# The expected efficiency: step / (step + all-reduce), the all-reduce not overlapped with the
# backward pass (a lower bound). A ring all-reduce moves 2 (N - 1) / N of the bytes through each
# GPU's link; each bucket costs a fixed latency besides.
allreduce_ms() {  # bytes buckets gpus bandwidth(B/s) latency(s)
  awk -v bytes="$1" -v buckets="$2" -v n="$3" -v bandwidth="$4" -v latency="$5" \
    'BEGIN { printf "%.2f", 1e3 * (2 * (n - 1) / n * bytes / bandwidth + buckets * latency) }'
}
projection_table=$work/projection
{
  echo "| preset | all-reduce, 8 GPUs NVLink | all-reduce, 64 GPUs 400 Gb/s | step needed for >= 90 % at 64 GPUs |"
  echo "|---|---:|---:|---:|"
  tail -n +3 "$bytes_table" | tr -d ' ' | while IFS='|' read -r _ preset _ bytes buckets _; do
    nvlink=$(allreduce_ms "$bytes" "$buckets" 8 360e9 25e-6)
    network=$(allreduce_ms "$bytes" "$buckets" 64 45e9 80e-6)
    printf '| %s | %s ms | %s ms | %.1f ms |\n' "$preset" "$nvlink" "$network" \
      "$(awk -v t="$network" 'BEGIN { print 9 * t }')"
    if [[ $preset == unet-bins ]]; then
      echo "$nvlink $network" >"$work/unet-bins"
    fi
  done
} | tee "$projection_table"
read -r unet_nvlink unet_network <"$work/unet-bins"
unet_step=21.6  # ms, batch 1024 on an H100 (bench/results-gpu.md)
efficiency() { awk -v step="$unet_step" -v t="$1" 'BEGIN { printf "%.1f", 100 * step / (step + t) }'; }

cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')
{
  echo "# Data-parallel training"
  echo
  echo "Command: \`bench/data_parallel.sh\`. Machine: $cpu, $cores cores, $(free -g | awk '/Mem:/ {print $2}') GiB;"
  echo "Debian's LibTorch $(dpkg-query -W -f '${Version}' libtorch-dev | cut -d+ -f1) with Gloo over 127.0.0.1; measured $(date -u +%Y-%m-%d)."
  echo
  echo "## Processes on this CPU"
  echo
  echo "Images/s (all processes together) of the second of two epochs, global batch 128, dropout off."
  echo "The processes share the machine's cores, so this measures what splitting costs, not a speed-up:"
  echo "the gradient all-reduce, the shards' bookkeeping and each process's own copy of the model."
  echo
  cat "$speed_table"
  echo
  echo "unet-bins (1.9 MB of gradients per step) loses nothing. birds4 all-reduces 29.5 MB per step"
  echo "(its dense layer) through Gloo, on the same two cores that train: half its speed goes to that."
  echo
  echo "## Bytes all-reduced per step"
  echo
  echo "Every parameter's gradient in float32, in buckets of at most 4 MB, plus the step's two"
  echo "totals (examples and loss); the same for any number of processes and any batch."
  echo
  cat "$bytes_table"
  echo
  echo "## Expected efficiency on GPUs"
  echo
  echo "Assumptions, written out: NCCL ring all-reduce, which moves 2 (N - 1) / N of the bytes through"
  echo "each GPU's link; 8 GPUs of one node over NVLink at 360 GB/s bus bandwidth and 25 us per call;"
  echo "64 GPUs (8 nodes of 8) over one 400 Gb/s link per GPU at 45 GB/s and 80 us per call; the"
  echo "all-reduce not overlapped with the backward pass (the trainer starts each bucket as soon as its"
  echo "gradients exist, so real runs do better); the per-GPU step time unchanged by the split, with"
  echo "the per-process batch kept."
  echo
  cat "$projection_table"
  echo
  echo "So the default model, unet-bins, whose step takes $unet_step ms at batch 1024 on an H100"
  echo "(bench/results-gpu.md, 47,484 img/s), should keep $(efficiency "$unet_nvlink") % of linear scaling on"
  echo "8 GPUs of one node and $(efficiency "$unet_network") % on 64 GPUs over 400 Gb/s: its 1.9 MB of"
  echo "gradients are small next to its step. The presets with a dense layer (birds4, palette24,"
  echo "rgb-dense: 25 to 30 MB) need steps of at least 12 to 15 ms per GPU to stay above 90 % at 64"
  echo "GPUs. At 64 GPUs the global batch is 64 times the per-GPU batch: with batch 1024 that is 65,536"
  echo "images, more than CIFAR-10's whole training set, so scaling that far is for ImageNet-sized"
  echo "photo folders (streamed), where the photo preset's 2.7 MB per step is as cheap."
} >bench/results-data-parallel.md
echo "wrote bench/results-data-parallel.md"
