#!/usr/bin/env bash
# The default photo model's training run, continued one stretch at a time from the state committed
# in its run folder, so that it goes on exactly on whichever machine picks it up next.
#   scripts/photo_run.sh PHOTOS [--minutes 150] [--run models/photo-run] [--preset photo]
# PHOTOS holds the photo sets as models/photo-run/README.md lists them (tiny-imagenet-200/ and
# BSR/BSDS500/). The run folder's photos/ becomes a link to PHOTOS: the run's settings name their
# folders through it, so they are the same on every machine. A stretch trains for --minutes,
# checkpoints every 5 and stops with a checkpoint that the next stretch continues; commit the run
# folder after it. A run folder without a checkpoint starts the run with its first command: stage 1
# of the run's preset (photo: the photo U-Net from scratch; photo-mobilenet: on ImageNet's
# MobileNetV2, frozen, from ../shared/models/).
# The trainer is $TINT, or build/native/native-trainer/tint (built when missing).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '4,12p' "$0" | sed 's/^# \{0,1\}//'; }
photos="" minutes=150 run=models/photo-run preset=photo
while (($#)); do
  case $1 in
    --minutes | --run | --preset)
      [[ $# -ge 2 ]] || { echo "photo_run: $1 needs a value" >&2; exit 2; }
      case $1 in --minutes) minutes=$2 ;; --run) run=$2 ;; *) preset=$2 ;; esac
      shift 2 ;;
    -h | --help) usage; exit 0 ;;
    -*) echo "photo_run: unknown option '$1' (options: --minutes N, --run DIR, --preset NAME)" >&2
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

mkdir -p "$run"
ln -sfn "$(realpath "$photos")" "$run/photos"
log=$run/train.log
stretch=(--checkpoint-minutes 5 --stop-after "$minutes" --no-progress)
if [[ -f $run/checkpoint.pt ]]; then
  command=("$tint" train --preset "$preset" -o "$run" --resume "${stretch[@]}")
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
