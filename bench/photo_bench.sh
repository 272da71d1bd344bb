#!/usr/bin/env bash
# The streamed photo pipeline on this machine: the loader alone next to the photo preset's training
# step at 64 and 128 px (the loader must keep ahead), and the peak memory of streaming folders of
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

# Training images/s of the second epoch of a short streamed run at SIDE over IMAGES photos.
train_speed() {
  local side=$1 images=$2 out=$work/run-$1
  "$tint" train --preset photo --data "$photos/train" --validation-data "$validation" --size "$side" \
    --max-images "$images" --batch-size 32 --epochs 2 --threads 2 --no-export --no-progress \
    -o "$out" >/dev/null 2>&1
  printf '%.1f' "$(tail -1 "$out/metrics.jsonl" | sed 's/.*"images_per_second":\([0-9.]*\).*/\1/')"
}

{
  echo "# The streamed photo pipeline"
  echo
  echo "Command: \`bench/photo_bench.sh\`. Machine: $(nproc) cores, $(free -g | awk '/Mem/ {print $2}') GiB;"
  echo "$(date -u +%Y-%m-%d). Photos: Tiny ImageNet (64x64 JPEG); bins targets with the true ab, as"
  echo "the photo preset trains."
  echo
  echo "## Loader alone (decode, random-resized crop, Lab, soft-encoded bins)"
  echo
  "$loader" "$photos/train" 2048 64,128 1,2
  echo
  echo "## Photo preset training step (2 LibTorch threads, one loader thread, batch 32)"
  echo
  echo "| side | training img/s |"
  echo "|---:|---:|"
  echo "| 64 | $(train_speed 64 512) |"
  echo "| 128 | $(train_speed 128 256) |"
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
