#!/usr/bin/env bash
# The browser tests' fixture: three small models trained by the native trainer (a U-Net with ab bins
# and a 24-colour palette model, seconds each on CIFAR-10, and a photo model that takes colour
# hints, a few steps on Tiny ImageNet), the bad files, and a copy of the app that bundles the three
# models and two Kodak photos as examples. Models are kept while the trainer binary is unchanged.
# Environment: TINT_NATIVE_TRAINER, TINT_DATA_DIR, TINT_BROWSER_WORK, TINT_ASSEMBLE_APP (the
# arguments of wasm/assemble_app.cmake but MODELS and OUT, as -D options).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=$TINT_BROWSER_WORK
cifar=$TINT_DATA_DIR/cifar-10-batches-bin
imagenet=$TINT_DATA_DIR/tiny-imagenet-200/train
mkdir -p "$work/models"

train() {  # train NAME PRESET OPTIONS...
  local name=$1 preset=$2
  shift 2
  local run=$work/models/$name
  if [[ -f $run/model.onnx && $run/model.onnx -nt $TINT_NATIVE_TRAINER ]]; then
    echo "fixture: $name model is up to date"
    return
  fi
  rm -rf "$run"
  "$TINT_NATIVE_TRAINER" train --preset "$preset" --no-progress --threads 2 --out "$run" "$@"
}
train photo unet-bins --data-dir "$cifar" --max-images 600 --epochs 1
train palette palette24 --data-dir "$cifar" --max-images 300 --epochs 1 --hidden 64
# Four steps of the photo preset: an untrained but real hint model (L + hint planes in, working
# side 160 and ImageNet's terms on its card), about 20 s.
train hint photo --data "$imagenet" --validation-data "$imagenet/n01443537" --size 32 \
  --batch-size 8 --max-steps 4 --epochs 1 --loader-threads 2

/usr/bin/python3 "$here/make_bad_files.py" "$work/models/palette/model.onnx" \
  "$here/../data" "$work/files"

cp "$work/models/photo/model.onnx" "$work/models/photo.onnx"
cp "$work/models/palette/model.onnx" "$work/models/palette24.onnx"
cp "$work/models/hint/model.onnx" "$work/models/hint.onnx"
# shellcheck disable=SC2086 # TINT_ASSEMBLE_APP holds several -D options
cmake $TINT_ASSEMBLE_APP \
  "-DMODELS=$work/models/photo.onnx|$work/models/palette24.onnx|$work/models/hint.onnx" \
  "-DEXAMPLES=$TINT_DATA_DIR/kodak/kodim05.png|$TINT_DATA_DIR/kodak/kodim03.png" \
  -DOUT="$work/app" -P "$here/../../wasm/assemble_app.cmake"
