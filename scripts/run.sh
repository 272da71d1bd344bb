#!/usr/bin/env bash
# The main job: installs what it needs, builds the trainer and the browser app, and serves the app
# with the default models on 127.0.0.1 until Ctrl-C.
#   scripts/run.sh [--port 8080] [--no-isolation]
# Needs no data set and no GPU: the default models are part of the repository.
set -euo pipefail
cd "$(dirname "$0")/.."

serve_options=()
while (($#)); do
  case $1 in
    --port)
      [[ $# -ge 2 ]] || { echo "run: --port needs a number" >&2; exit 2; }
      serve_options+=(--port "$2")
      shift 2 ;;
    --no-isolation) serve_options+=("$1"); shift ;;
    -h | --help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "run: unknown option '$1' (options: --port N, --no-isolation)" >&2; exit 2 ;;
  esac
done

source scripts/env.sh
scripts/setup.sh
jobs=$(nproc)

echo "== building the trainer (build/native/native-trainer/tint)"
cmake --preset native >/dev/null
cmake --build --preset native -j "$jobs" --target tint
echo "== building the browser app (build/wasm/app)"
cmake --preset wasm >/dev/null
cmake --build --preset wasm -j "$jobs" --target tint_web_app

# exec: Ctrl-C goes straight to the server, which closes its connections and exits.
exec node scripts/serve.mjs "${serve_options[@]}" build/wasm/app
