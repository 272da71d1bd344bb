#!/usr/bin/env bash
# The default photo model's training run, continued one stretch at a time from the state committed
# in its run folder, so that it goes on exactly on whichever machine picks it up next.
#   scripts/photo_run.sh PHOTOS [--minutes 150] [--run models/photo-run] [--preset photo]
#                               [--from CHECKPOINT]
# PHOTOS holds the photo sets as models/photo-run/README.md lists them (tiny-imagenet-200/,
# BSR/BSDS500/, and for stage 2 imagenette/ and intel/). The run folder's photos/ becomes a link to
# PHOTOS: the run's settings name their folders through it, so they are the same on every machine.
# A stretch trains for --minutes, checkpoints every 5 and stops with a checkpoint that the next
# stretch continues; commit the run folder after it. A run folder without a checkpoint starts a
# run: stage 1 of the run's preset (photo: the photo U-Net from scratch; photo-mobilenet: on
# ImageNet's MobileNetV2, frozen, from ../shared/models/), or with --from stage 2 from that
# checkpoint's weights (larger photos; photo-mobilenet's hint path grown to stride 16).
# The trainer is $TINT, or build/native/native-trainer/tint (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '4,15p' "$0" | sed 's/^# \{0,1\}//'; }
photos="" minutes=150 run=models/photo-run preset=photo from=""
while (($#)); do
  case $1 in
    --minutes | --run | --preset | --from)
      [[ $# -ge 2 ]] || { echo "photo_run: $1 needs a value" >&2; exit 2; }
      case $1 in --minutes) minutes=$2 ;; --run) run=$2 ;; --from) from=$2 ;; *) preset=$2 ;; esac
      shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "photo_run: unknown option '$1' (options: --minutes N, --run DIR, --preset NAME, --from CHECKPOINT)" >&2
      exit 2 ;;
    *)
      [[ -z $photos ]] || { echo "photo_run: one photo folder only, got '$photos' and '$1'" >&2; exit 2; }
      photos=$1; shift ;;
  esac
done
[[ -n $photos ]] || { usage >&2; exit 2; }
[[ -d $photos ]] || { echo "photo_run: $photos: photo folder not found" >&2; exit 2; }
[[ $minutes =~ ^[0-9]+([.][0-9]+)?$ ]] ||
  { echo "photo_run: --minutes: expected a number of minutes, got '$minutes'" >&2; exit 2; }

tint=${TINT:-build/native/native-trainer/tint}
if [[ ! -x $tint ]]; then
  echo "== building the trainer ($tint)"
  cmake --preset native >/dev/null
  nice -n 10 cmake --build --preset native -j "$(nproc)" --target tint
fi

if [[ -n $from ]]; then
  [[ -f $from ]] || { echo "photo_run: --from: $from: checkpoint not found" >&2; exit 2; }
  [[ ! -f $run/checkpoint.pt ]] ||
    { echo "photo_run: --from starts a run, but $run already has one (its checkpoint.pt)" >&2; exit 2; }
fi

mkdir -p "$run"
ln -sfn "$(realpath "$photos")" "$run/photos"
log=$run/train.log
stretch=(--checkpoint-minutes 5 --stop-after "$minutes" --no-progress)
if [[ -f $run/checkpoint.pt ]]; then
  command=("$tint" train --preset "$preset" -o "$run" --resume "${stretch[@]}")
elif [[ -n $from ]]; then
  # Stage 2: from a stage's best, 128 px crops of photos at least that large (Imagenette at 224
  # px; the Intel scenes at 100 px, enlarged a little), so that the network sees objects at the
  # scale the app shows them; its own cosine schedule from half stage 1's top learning rate.
  p=$run/photos
  data=$p/imagenette/train:$p/imagenette/val:$p/intel/train:$p/intel/test:$p/BSR/BSDS500/data/images/train
  grown=()
  [[ $preset != photo-mobilenet ]] || grown=(--hint-stride 16)
  command=("$tint" train --preset "$preset" -o "$run" --init-from "$from" "${grown[@]}"
    --data "$data" --validation-data "$p/BSR/BSDS500/data/images/val" --size 128
    --batch-size 32 --learning-rate 5e-4 --epochs 8 --lr-schedule cosine --patience 0 --threads 0
    "${stretch[@]}")
else
  # Stage 1: the network on Tiny ImageNet's 110,000 photos as crops of the preset's side (photo:
  # 64 px; photo-mobilenet: 128), cosine schedule over 12 epochs, validated on BSDS500 val.
  tiny=$run/photos/tiny-imagenet-200
  command=("$tint" train --preset "$preset" -o "$run"
    --data "$tiny/train:$tiny/test" --validation-data "$run/photos/BSR/BSDS500/data/images/val"
    --batch-size 32 --epochs 12 --lr-schedule cosine --patience 0 --threads 0 "${stretch[@]}")
fi
printf '\n== %s on %s: %s\n' "$(date -u +%FT%TZ)" "$(scripts/cpu_report.sh | head -1)" \
  "${command[*]}" | tee -a "$log"
"${command[@]}" 2>&1 | tee -a "$log"
