#!/usr/bin/env bash
# The streamed photo pipeline on this machine: the loader alone next to the photo presets' training
# steps at 64 and 128 px (the loader must keep ahead), each beside PyTorch eager on the same network
# (bench/eager_photo_step.py), and the peak memory of streaming folders of
# 4,000 and 16,000 photos (it must not grow with the folder). Writes bench/results-photo.md. Run on
# an otherwise idle machine.
# Usage: bench/photo_bench.sh [Tiny ImageNet folder, default ../shared/data/tiny-imagenet-200]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
photos=$(realpath "${1:-../shared/data/tiny-imagenet-200}")
cmake --preset native >/dev/null && cmake --build --preset native --target tint loader_bench >/dev/null
tint=$PWD/build/native/native-trainer/tint
loader=$PWD/build/native/bench/loader_bench
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
validation=$photos/train/n01443537  # a small fixed folder, so that runs differ in the folder only

# peak_mb COMMAND...: the command's peak resident memory in MB (its output is dropped).
peak_mb() {
  /usr/bin/python3 -c '
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024))' "$@"
}

# A folder of N photos: copies of the set's files under new names, cycling through them.
generate() {
  local count=$1 folder=$work/photos-$1 files i
  mkdir -p "$folder"
  mapfile -t files < <(find "$photos" -name '*.JPEG' | sort)
  for ((i = 0; i < count; ++i)); do cp "${files[i % ${#files[@]}]}" "$folder/photo$i.jpg"; done
  echo "$folder"
}

# Training images/s of the second epoch of a short streamed run of PRESET at SIDE over IMAGES photos.
train_speed() {
  local preset=$1 side=$2 images=$3 out=$work/run-$1-$2
  "$tint" train --preset "$preset" --data "$photos/train" --validation-data "$validation" \
    --size "$side" --max-images "$images" --batch-size 32 --epochs 2 --threads 2 --no-export \
    --no-progress -o "$out" >/dev/null 2>&1
  printf '%.1f' "$(tail -1 "$out/metrics.jsonl" | sed 's/.*"images_per_second":\([0-9.]*\).*/\1/')"
}

# field NAME JSON_LINE: a number from one of eager_photo_step.py's lines.
field() { sed "s/.*\"$1\": \([0-9.]*\).*/\1/" <<<"$2"; }

{
  echo "# The streamed photo pipeline"
  echo
  echo "Command: \`bench/photo_bench.sh\`. Machine: $(scripts/cpu_report.sh | head -1 | sed 's/^cpu: //'), $(free -g | awk '/Mem/ {print $2}') GiB;"
  echo "$(date -u +%Y-%m-%d). Photos: Tiny ImageNet (64x64 JPEG); bins targets with the true ab, as"
  echo "the photo preset trains."
  echo
  echo "## Loader alone (decode, random-resized crop, Lab, soft-encoded bins)"
  echo
  "$loader" "$photos/train" 2048 64,128 1,2
  echo
  echo "## Training step: tint against PyTorch eager on the same network (2 threads, batch 32)"
  echo
  echo "tint: the second epoch of a streamed run (one loader thread). Eager: \`bench/eager_photo_step.py\`"
  echo "on the spec tint prints (Debian's python3-torch, random inputs of the same shapes, median"
  echo "step). GFLOP/s: the multiply-adds counted from the spec x 2, backward counted for the trained"
  echo "layers (a frozen encoder has none)."
  echo
  echo "| preset | side | GFLOP a photo | tint img/s | tint GFLOP/s | eager img/s | eager GFLOP/s | tint / eager |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for preset in photo photo-mobilenet; do
    "$tint" train --preset "$preset" --print-spec >"$work/spec-$preset.json"
    for side in 64 128; do
      tint_speed=$(train_speed "$preset" "$side" $((side == 64 ? 512 : 256)))
      eager=$(/usr/bin/python3 bench/eager_photo_step.py --spec "$work/spec-$preset.json" \
        --sides "$side" | tail -1)
      gflop=$(field training_gflop_per_image "$eager")
      eager_speed=$(field images_per_second "$eager")
      awk -v p="$preset" -v s="$side" -v g="$gflop" -v t="$tint_speed" -v e="$eager_speed" \
        -v eg="$(field gflops "$eager")" 'BEGIN {
          printf "| %s | %d | %.3f | %.1f | %.0f | %.1f | %.0f | %.2fx |\n", p, s, g, t, t * g, e, eg, t / e }'
    done
  done
  echo
  echo "One 3x3 convolution (64 to 64 channels, 64x64, batch 32, forward, PyTorch's oneDNN):"
  convolution=$(/usr/bin/python3 bench/eager_photo_step.py --spec "$work/spec-photo.json" \
    --sides 64 --steps 1)
  echo "$(field convolution_gflops "$(head -1 <<<"$convolution")") GFLOP/s."
  echo
  echo "## Peak memory, streaming generated folders"
  echo
  echo "A whole epoch of the loader (2 threads, 128 px), and 20 training steps of the photo preset"
  echo "(64 px, batch 64) with its targets' sample and the path index of the whole folder."
  echo
  echo "| photos | loader epoch, peak MB | tint train --stream, peak MB |"
  echo "|---:|---:|---:|"
  for count in 4000 16000; do
    folder=$(generate $count)
    loader_mb=$(peak_mb "$loader" "$folder" $count 128 2)
    train_mb=$(peak_mb "$tint" train --preset photo --data "$folder" --validation-data "$validation" \
      --stream --size 64 --max-steps 20 --epochs 1 --threads 2 --no-export --no-progress \
      -o "$work/memory-$count")
    echo "| $count | $loader_mb | $train_mb |"
  done
} | tee "$work/results.md"
cp "$work/results.md" bench/results-photo.md
