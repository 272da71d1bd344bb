#!/usr/bin/env bash
# scripts/photo_run.sh continues a run from the state a commit carries (its checkpoint and
# metrics, no photos) on another machine, with the photos somewhere else, exactly: a tiny photo
# run stopped after its first batch and continued stretch by stretch ends with the same losses and
# the same weights (the same colorized photo, byte for byte) as the run trained straight through.
# Usage: photo_run_test.sh TINT SOURCE_DIR DATA_DIR
set -euo pipefail
tint=$(realpath "$1") source=$2 data=$3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$work/photos/set" "$work/photos/val"
mapfile -t files < <(find "$data/tiny-imagenet-200/train" -name '*.JPEG' | sort)
cp -t "$work/photos/set" "${files[@]:0:24}"
cp -t "$work/photos/val" "${files[@]:24:8}"
cp -r "$work/photos" "$work/photos-elsewhere"  # the next machine's copy of them
tiny=(train --preset photo -o models/photo-run --data models/photo-run/photos/set --size 32
  --validation-data models/photo-run/photos/val --filters 4 --batch-size 4 --epochs 2 --threads 2
  --no-progress
  --no-export)

# The first machine: a repository with the run folder and its link to the photos.
start_on() {
  mkdir -p "$1/models/photo-run"
  ln -s "$work/photos" "$1/models/photo-run/photos"
}
start_on "$work/straight"
(cd "$work/straight" && "$tint" "${tiny[@]}" >"$work/straight.log" 2>&1) ||
  { cat "$work/straight.log"; exit 1; }
start_on "$work/first"
(cd "$work/first" && "$tint" "${tiny[@]}" --stop-after 0.000001 >"$work/first.log" 2>&1) ||
  { cat "$work/first.log"; exit 1; }
# Stopped inside its first epoch, it says so, with the speed of the part it trained.
grep -Eq '0 epoch\(s\) \(time limit\), no epoch validated yet, [1-9][0-9]* img/s' "$work/first.log" ||
  { echo "FAIL: the first stretch's summary:"; tail -3 "$work/first.log"; exit 1; }

# What a commit carries to a fresh clone: the scripts and the run folder's files, no photos.
clone=$work/clone
mkdir -p "$clone/scripts" "$clone/models/photo-run"
cp "$source/scripts/photo_run.sh" "$source/scripts/cpu_report.sh" "$clone/scripts/"
find "$work/first/models/photo-run" -maxdepth 1 -type f -exec cp -t "$clone/models/photo-run" {} +
stretches=0
until grep -q '2 epoch(s) (epochs)' "$clone/models/photo-run/train.log" 2>/dev/null; do
  TINT=$tint "$clone/scripts/photo_run.sh" "$work/photos-elsewhere" --minutes 0.000001 >/dev/null
  stretches=$((stretches + 1))
  if ((stretches > 40)); then
    echo "FAIL: the run did not end after 40 stretches; its log:"
    tail -20 "$clone/models/photo-run/train.log"
    exit 1
  fi
done
echo "continued in $stretches stretches"

# The same losses, to the last digit, and the same weights.
python3 - "$work/straight/models/photo-run/metrics.jsonl" "$clone/models/photo-run/metrics.jsonl" <<'EOF'
import json, sys
def losses(path):
    return [(r["epoch"], r["train_loss"], r["validation_loss"]) for r in map(json.loads, open(path))]
straight, continued = losses(sys.argv[1]), losses(sys.argv[2])
print("straight:", straight)
print("continued:", continued)
sys.exit(0 if straight == continued and len(straight) == 2 else 1)
EOF
photo=${files[23]}
"$tint" colorize "$work/straight/models/photo-run/checkpoint.pt" "$photo" -o "$work/a" >/dev/null
"$tint" colorize "$clone/models/photo-run/checkpoint.pt" "$photo" -o "$work/b" >/dev/null
cmp "$work/a/"* "$work/b/"*

# Stage 2 (--from): a new run folder starts from a checkpoint's weights on the stage-2 photo sets,
# each found through the run folder's link, and then continues like any run.
stage2=$work/photos-stage2 first=0
for folder in imagenette/train imagenette/val intel/train intel/test BSR/BSDS500/data/images/train \
  BSR/BSDS500/data/images/val; do
  mkdir -p "$stage2/$folder"
  cp -t "$stage2/$folder" "${files[@]:first:4}"
  first=$((first + 4))
done
(cd "$clone" && "$tint" train --preset photo -o models/photo-run-source --data models/photo-run/photos/set \
  --validation-data models/photo-run/photos/val --size 32 --batch-size 4 --max-steps 1 --threads 2 \
  --no-progress --no-export >"$work/source.log" 2>&1) || { cat "$work/source.log"; exit 1; }
run2=(--run models/photo-run-2 --minutes 0.000001)
if TINT=$tint "$clone/scripts/photo_run.sh" "$stage2" "${run2[@]}" --from models/missing.pt 2>"$work/err"; then
  echo "FAIL: --from a missing checkpoint was accepted"; exit 1
fi
grep -qx 'photo_run: --from: models/missing.pt: checkpoint not found' "$work/err" || { cat "$work/err"; exit 1; }
TINT=$tint "$clone/scripts/photo_run.sh" "$stage2" "${run2[@]}" --from models/photo-run-source/checkpoint.pt \
  >"$work/stage2.log" 2>&1 || { cat "$work/stage2.log"; exit 1; }
grep -q 'note: starting from the weights of models/photo-run-source/checkpoint.pt' "$work/stage2.log" &&
  grep -q -- '--size 128' "$clone/models/photo-run-2/train.log" &&
  grep -q 'photos/imagenette/train:.*photos/intel/test:' "$clone/models/photo-run-2/train.log" ||
  { echo "FAIL: stage 2 did not start as it should:"; cat "$work/stage2.log"; exit 1; }
if TINT=$tint "$clone/scripts/photo_run.sh" "$stage2" "${run2[@]}" --from models/photo-run-source/checkpoint.pt 2>"$work/err"; then
  echo "FAIL: --from was accepted for a run that has a checkpoint"; exit 1
fi
grep -q 'already has one' "$work/err" || { cat "$work/err"; exit 1; }
TINT=$tint "$clone/scripts/photo_run.sh" "$stage2" "${run2[@]}" >"$work/stage2b.log" 2>&1 ||
  { cat "$work/stage2b.log"; exit 1; }
grep -q -- '--resume' "$clone/models/photo-run-2/train.log" || { cat "$work/stage2b.log"; exit 1; }
echo "stage 2 started from a checkpoint and continued"
