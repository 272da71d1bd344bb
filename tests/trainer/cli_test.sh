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
# The card's decoding temperature, chosen on validation photos after training (bins models only).
expect 0 "exported" "$tint" export "$models/photo/best.pt" -o "$work/warm.onnx" --temperature 0.5
grep -aq '"temperature": *0.5[,}]' "$work/warm.onnx" ||
  { echo "FAIL: export --temperature 0.5 is not in the card"; failures=$((failures + 1)); }
expect 1 "only a bins model decodes at a temperature" "$tint" export "$models/palette/best.pt" \
  -o "$work/none.onnx" --temperature 0.5

# Colorize one good and one bad file: the good one is done, the bad one named, exit code 1.
cp "$data/kodak/kodim05.png" "$work/good.png"
echo "not an image" > "$work/bad.png"
expect 1 "1 image(s) could not be colorized" "$tint" colorize "$models/photo/best.pt" \
  "$work/bad.png" "$work/good.png" -o "$work/out" --max-side 64 --threads 2
[[ -s "$work/out/good.png" ]] || { echo "FAIL: good.png was not colorized"; failures=$((failures + 1)); }
expect 0 "colorized 1 of 1" "$tint" colorize "$models/photo/best.pt" "$work/good.png" \
  -o "$work/out2" --max-side 64 --threads 2

# Photo folders, hints and full-size evaluation with a hint model trained in seconds.
photo=$work/photo
expect 1 "$work/missing: photo folder not found" "$tint" train --preset photo --data "$work/missing" \
  -o "$photo"
mkdir -p "$work/empty"
expect 1 "$work/empty: holds no image file" "$tint" train --preset photo --data "$work/empty" \
  -o "$photo"
expect 1 "--size: crop side 16 is outside 32..256" "$tint" train --preset photo --size 16 \
  --data "$data/tiny-imagenet-200/train" -o "$photo"
expect 0 "photo: 1 epoch(s)" "$tint" train --preset photo --data "$data/tiny-imagenet-200/train" \
  --validation-data "$data/tiny-imagenet-200/train/n01443537" --size 32 --batch-size 8 \
  --max-steps 2 --epochs 1 --threads 2 --loader-threads 2 --no-progress -o "$photo"
echo '{"hints": [{"x": 100, "y": 200, "rgb": [220, 20, 20]}, {"x": 700, "y": 40, "rgb": [20, 60, 230]}]}' \
  >"$work/hints.json"
expect 0 "colorized 1 of 1" "$tint" colorize "$photo/best.pt" "$work/good.png" \
  --hints "$work/hints.json" -o "$work/hinted" --threads 2
echo '{"hints": [{"x": 900, "y": 20, "rgb": [220, 20, 20]}]}' >"$work/outside.json"
expect 1 "hints[0].x: 900 is outside the 768x512 image" "$tint" colorize "$photo/best.pt" \
  "$work/good.png" --hints "$work/outside.json" -o "$work/hinted" --threads 2
echo '{"hints": [{"x": 9, "y": 20, "rgb": [220, 20, 256]}]}' >"$work/gamut.json"
expect 1 "hints[0].rgb[2]: 256 is not an sRGB channel value" "$tint" colorize "$photo/best.pt" \
  "$work/good.png" --hints "$work/gamut.json" -o "$work/hinted" --threads 2
expect 1 "takes no hints" "$tint" colorize "$models/palette/best.pt" "$work/good.png" \
  --hints "$work/hints.json" -o "$work/hinted" --threads 2
expect 1 "--hints: hints belong to one image, but 2 images were given" "$tint" colorize \
  "$photo/best.pt" "$work/good.png" "$data/kodak/kodim03.png" --hints "$work/hints.json" \
  -o "$work/hinted" --threads 2
expect 0 "contact sheet (gray / truth / automatic / 1 hint / 10 hints)" "$tint" eval \
  "$photo/best.pt" --photos "$data/kodak" --simulated-hints 0,1,10 \
  --json "$work/eval.json" --contact-sheet "$work/sheet.png" --threads 2
[[ -s $work/sheet.png && -s $work/eval.json ]] ||
  { echo "FAIL: eval --photos wrote no contact sheet or JSON"; failures=$((failures + 1)); }
expect 1 "takes no hints; use 0" "$tint" eval "$models/palette/best.pt" --photos "$data/kodak" \
  --simulated-hints 1
expect 1 "has no test split" "$tint" eval "$photo/best.pt"

# Colours from a reference photo: hints for each image (a palette model's swatches); bad
# references are refused before any image is written.
expect 0 "colorized 1 of 1" "$tint" colorize "$photo/best.pt" "$work/good.png" \
  --reference "$data/kodak/kodim05.png" --reference-strength 0.8 -o "$work/referenced" --threads 2
[[ -s "$work/referenced/good.png" ]] ||
  { echo "FAIL: --reference wrote no image"; failures=$((failures + 1)); }
expect 0 "colorized 1 of 1" "$tint" colorize "$models/palette/best.pt" "$work/good.png" \
  --reference "$data/kodak/kodim05.png" -o "$work/referenced-palette" --threads 2
fixtures=$(dirname "$0")/../data
/usr/bin/python3 -c 'import struct, sys, zlib
rows = b"".join(b"\0" + bytes(range(0, 128, 4)) for _ in range(32))
chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
sys.stdout.buffer.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 32, 32, 8, 0, 0, 0, 0))
  + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))' >"$work/gray32.png"
expect 1 "gray32.png: the reference has no colour to give (it is gray)" "$tint" colorize \
  "$photo/best.pt" "$work/good.png" --reference "$work/gray32.png" -o "$work/refused" --threads 2
expect 1 "rgb.png: the reference is 16x12, too small to match" "$tint" colorize "$photo/best.pt" \
  "$work/good.png" --reference "$fixtures/rgb.png" -o "$work/refused" --threads 2
expect 1 "truncated.png" "$tint" colorize "$photo/best.pt" "$work/good.png" \
  --reference "$fixtures/truncated.png" -o "$work/refused" --threads 2
expect 1 "--reference: give --reference or --hints, not both" "$tint" colorize "$photo/best.pt" \
  "$work/good.png" --reference "$data/kodak/kodim05.png" --hints "$work/hints.json" \
  -o "$work/refused" --threads 2
[[ -e $work/refused ]] && { echo "FAIL: a refused reference left output"; failures=$((failures + 1)); }
expect 0 "own reference: " "$tint" eval "$photo/best.pt" --photos "$data/kodak" \
  --reference-mode own,unrelated --json "$work/reference.json" \
  --contact-sheet "$work/reference-sheet.png" --threads 2
grep -q '"model_with_reference"' "$work/reference.json" ||
  { echo "FAIL: eval --reference-mode wrote no reference metrics"; failures=$((failures + 1)); }
expect 1 "--reference-mode: unknown mode 'mine' (own, unrelated)" "$tint" eval "$photo/best.pt" \
  --photos "$data/kodak" --reference-mode mine

# Damaged files: four flipped bytes in a checkpoint's weights, or in an exported model's, are
# named as damaged before anything runs; a checkpoint from before checksums loads with a note.
damage=$(dirname "$0")/../damage_file.py
/usr/bin/python3 "$damage" checkpoint "$photo/best.pt" "$work/damaged.pt"
damaged="$work/damaged.pt: damaged: its weights do not match the checksum"
expect 1 "$damaged" "$tint" eval "$work/damaged.pt" --photos "$data/kodak" --threads 2
expect 1 "$damaged" "$tint" colorize "$work/damaged.pt" "$work/good.png" -o "$work/none" --threads 2
expect 1 "$damaged" "$tint" export "$work/damaged.pt" -o "$work/none.onnx"
[[ -e $work/none || -e $work/none.onnx ]] &&
  { echo "FAIL: a damaged checkpoint left output behind"; failures=$((failures + 1)); }
expect 0 "was written before tint checksummed its weights" "$tint" colorize \
  "$models/palette/best.pt" "$work/good.png" -o "$work/old" --max-side 64 --threads 2

echo "$failures failure(s)"
exit $((failures > 0))
