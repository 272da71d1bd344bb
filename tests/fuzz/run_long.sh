#!/usr/bin/env bash
# The long fuzz runs: each target of the fuzz preset for SECONDS (default: the image decoder and
# the ONNX reader 600, the JSON, CIFAR-10 and trainer-file readers 120), two at a time, then a
# table of what they did. Crashing, leaking, slow (> 1 s) and oversized (> 2 GB) inputs are kept
# in build/fuzz/found/.
# Usage: tests/fuzz/run_long.sh [OUT.md]   (after cmake --preset fuzz && cmake --build --preset fuzz)
# FUZZ_TARGETS="fuzz_image_decode ..." reruns only those; the table takes the others' last runs.
set -uo pipefail
cd "$(dirname "$0")/../.."
out=${1:-}
bin=build/fuzz/tests/fuzz
found=build/fuzz/found
logs=build/fuzz/logs
mkdir -p "$found" "$logs"
declare -A seconds=([fuzz_image_decode]=600 [fuzz_onnx_model]=600 [fuzz_json_readers]=120
  [fuzz_cifar10]=120 [fuzz_trainer_files]=120)
declare -A seeds=([fuzz_image_decode]="tests/fuzz/regressions/image tests/data"
  [fuzz_onnx_model]=tests/fuzz/seeds/onnx [fuzz_json_readers]=tests/fuzz/seeds/json
  [fuzz_cifar10]=build/fuzz/tests/fuzz/seeds/cifar10 [fuzz_trainer_files]=tests/fuzz/seeds/trainer)

run() {  # run TARGET
  local name=$1 start=$SECONDS
  # shellcheck disable=SC2086 # seeds holds several folders
  "$bin/$name" -max_total_time="${seconds[$name]}" -timeout=1 -rss_limit_mb=2048 \
    -malloc_limit_mb=2048 -max_len=65536 -print_final_stats=1 -artifact_prefix="$found/$name-" \
    "$bin/corpus/$name" ${seeds[$name]} >"$logs/$name.log" 2>&1
  echo $? >"$logs/$name.status"
  echo $((SECONDS - start)) >"$logs/$name.seconds"
}

targets=(${FUZZ_TARGETS:-fuzz_image_decode fuzz_onnx_model fuzz_json_readers fuzz_cifar10
  fuzz_trainer_files})
for ((i = 0; i < ${#targets[@]}; i += 2)); do
  run "${targets[i]}" &
  if ((i + 1 < ${#targets[@]})); then run "${targets[i + 1]}" & fi
  wait
done

table="| target | seconds run (of) | inputs run | corpus | coverage (edges) | result |
|---|---|---|---|---|---|"
for name in fuzz_image_decode fuzz_onnx_model fuzz_json_readers fuzz_cifar10 fuzz_trainer_files; do
  log=$logs/$name.log
  runs=$(grep -o 'stat::number_of_executed_units: [0-9]*' "$log" | grep -o '[0-9]*$')
  corpus=$(ls "$bin/corpus/$name" | wc -l)
  coverage=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | grep -o '[0-9]*$')
  if [[ $(cat "$logs/$name.status") == 0 ]]; then
    result="clean: 0 crashes, 0 leaks, 0 timeouts, 0 allocations over 2 GB"
  else
    result="stopped: $(grep -m1 -o 'ERROR: [A-Za-z]*: [a-z-]*\|runtime error: .*' "$log" | head -1) ($(ls "$found" | grep "^$name-" | tr '\n' ' '))"
  fi
  table+="
| $name | $(cat "$logs/$name.seconds") (${seconds[$name]}) | ${runs:-?} | $corpus | ${coverage:-?} | $result |"
done
echo "$table"
if [[ -n $out ]]; then
  {
    echo "# Fuzzing: the long runs"
    echo
    echo "Command: \`cmake --preset fuzz && cmake --build --preset fuzz && tests/fuzz/run_long.sh $out\`"
    echo "(libFuzzer of clang 14 with ASan and UBSan; -timeout=1 -rss_limit_mb=2048 -malloc_limit_mb=2048"
    echo "-max_len=65536; two targets at a time). Machine: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"
    echo "$(nproc) cores. Measured $(date -u +%Y-%m-%d)."
    echo
    echo "$table"
  } >"$out"
fi
