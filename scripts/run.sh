#!/usr/bin/env bash
# The main job: installs what it needs, builds the trainer and the WASM core, and runs the colour
# core on a real photo: a 24-colour palette fitted to a Kodak photo, and the photo's gray and
# palette-mapped versions written to out/ as PNGs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
scripts/setup.sh

photo=${1:-../shared/data/kodak/kodim05.png}
[[ -f $photo ]] || { echo "run: no photo at $photo (pass one as the first argument)" >&2; exit 1; }
jobs=$(nproc)

echo "== building (native and WASM)"
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs"
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j "$jobs"

echo "== colour core on $photo"
mkdir -p out
name=$(basename "${photo%.*}")
build/native/native-trainer/tint palette fit "$photo" --colours 24 --sample 0.4 --out "out/${name}_palette24.json"
build/native/native-trainer/tint palette apply "$photo" --palette "out/${name}_palette24.json" \
  --out "out/${name}_palette24.png" --gray-out "out/${name}_gray.png"
echo "== done: out/${name}_gray.png and out/${name}_palette24.png"
