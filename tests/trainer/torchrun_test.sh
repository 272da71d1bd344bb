#!/usr/bin/env bash
# `tint train` under torchrun (Debian's python3-torch): two processes from one command, and a
# worker killed mid-run, after which torchrun --max_restarts restarts both and they resume from the
# last checkpoint. Usage: torchrun_test.sh TINT CIFAR10_DIR
set -euo pipefail
tint=$1
cifar=$2
work=$(mktemp -d)
agent=
# No worker outlives the test, whatever stops it.
cleanup() {
  if [[ -n $agent ]]; then
    pkill -KILL -P "$agent" 2>/dev/null || true
    kill -KILL "$agent" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
command -v torchrun >/dev/null || fail "torchrun not found (scripts/setup.sh installs python3-torch)"

# Torch 1.13's torchrun spells its options with underscores, and on Python 3.11 it needs its
# output redirection given (its default, "0", trips on a change to Python's enums).
launch=(torchrun --no_python --standalone --nproc_per_node=2 --redirects 1 --tee 1
        --log_dir "$work/logs")
train=(train -p birds4 --data-dir "$cifar" --filters 4 --threads 1 --no-progress --no-export
       --batch-size 8)

"${launch[@]}" "$tint" "${train[@]}" --split 150/32/0 --epochs 1 -o "$work/run" >"$work/log" 2>&1 ||
  { cat "$work/log"; fail "torchrun with 2 processes"; }
grep -q "2 processes (gloo), batch 8 per process, 16 in all" "$work/log" ||
  { cat "$work/log"; fail "the log does not state the processes and the global batch"; }
[[ -f $work/run/checkpoint.pt ]] || fail "no checkpoint"
echo "ok: torchrun --nproc_per_node=2"

"${launch[@]}" --max_restarts=1 "$tint" "${train[@]}" --split 800/32/0 --epochs 3 \
  -o "$work/restarted" >"$work/restart.log" 2>&1 &
agent=$!
for _ in $(seq 1 3000); do
  [[ -f $work/restarted/checkpoint.pt ]] && break
  sleep 0.05
done
[[ -f $work/restarted/checkpoint.pt ]] || { kill "$agent"; fail "no checkpoint after epoch 1"; }
worker=$(pgrep -P "$agent" -x tint | tail -1)
[[ -n $worker ]] || { kill "$agent"; fail "no worker process found"; }
kill -9 "$worker"
wait "$agent" || { cat "$work/restart.log"; fail "torchrun did not finish after a restart"; }
grep -q "restart 1 of this run: resuming from" "$work/restart.log" ||
  { cat "$work/restart.log"; fail "the restarted workers did not resume"; }
grep -q "3 epoch(s)" "$work/restart.log" || { cat "$work/restart.log"; fail "the run did not end"; }
echo "ok: a killed worker, restarted by torchrun --max_restarts, resumed from the checkpoint"
