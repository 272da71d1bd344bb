#!/usr/bin/env bash
# The tint command line as a user meets it: exit codes and messages for bad input, and colorize
# finishing the good files when one is bad. Usage: cli_test.sh TINT MODELS_DIR DATA_DIR
set -uo pipefail
tint=$1 models=$2 data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# expect CODE TEXT COMMAND...: the command exits with CODE and its output contains TEXT.
expect() {
  local code=$1 text=$2
  shift 2
  local output status
  output=$("$@" 2>&1)
  status=$?
  if [[ $status -ne $code || $output != *"$text"* ]]; then
    echo "FAIL: $* -> exit $status (want $code), output:"
    echo "$output" | head -5
    echo "  (wanted to see: $text)"
    failures=$((failures + 1))
  else
    echo "ok: $*"
  fi
}

expect 0 "Usage" "$tint" --help
expect 106 "A subcommand is required" "$tint"
expect 109 "The following argument was not expected: --bogus" "$tint" train --preset unet-ab --bogus
expect 1 "unknown preset 'nope'" "$tint" train --preset nope
expect 1 "--kernel: must be an odd size" "$tint" train --preset unet-ab --kernel 4 -o "$work/run"
expect 1 '--classes: unknown class "dragon"' "$tint" train --preset birds4 --classes dragon \
  --data-dir "$data/cifar-10-batches-bin" -o "$work/run"
expect 1 "--device: must be auto, cpu or cuda" "$tint" train --preset unet-ab --device tpu \
  -o "$work/run"
expect 1 "CIFAR-10 folder not found" "$tint" data check "$work/missing"
expect 1 "missing.pt" "$tint" eval "$work/missing.pt"
expect 1 "combination k3-f32-d0.3-b0" "$tint" sweep --preset unet-ab --batch-size 0 -o "$work/sweep"

expect 106 "--out is required" "$tint" share "$models/photo/tint-photo.onnx"
expect 1 "not a built tint browser app (index.html is missing)" "$tint" share \
  "$models/photo/tint-photo.onnx" --app "$work" -o "$work/page"

# Export into a folder that does not exist: an error, and nothing written.
expect 1 "cannot open for writing" "$tint" export "$models/photo/best.pt" -o "$work/no/such/x.onnx"
[[ -e "$work/no" ]] && { echo "FAIL: export left files behind"; failures=$((failures + 1)); }

# Colorize one good and one bad file: the good one is done, the bad one named, exit code 1.
cp "$data/kodak/kodim05.png" "$work/good.png"
echo "not an image" > "$work/bad.png"
expect 1 "1 image(s) could not be colorized" "$tint" colorize "$models/photo/best.pt" \
  "$work/bad.png" "$work/good.png" -o "$work/out" --max-side 64 --threads 2
[[ -s "$work/out/good.png" ]] || { echo "FAIL: good.png was not colorized"; failures=$((failures + 1)); }
expect 0 "colorized 1 of 1" "$tint" colorize "$models/photo/best.pt" "$work/good.png" \
  -o "$work/out2" --max-side 64 --threads 2

echo "$failures failure(s)"
exit $((failures > 0))
