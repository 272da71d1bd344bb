#!/usr/bin/env bash
# Prints the CPU a run is on: its model, cores and the vector extensions that decide which kernels
# LibTorch's ATen and oneDNN pick (and so how their float32 sums are blocked), with the variables
# that cap them. A failing log then says which kind of machine it came from.
#   scripts/cpu_report.sh                  the report
#   scripts/cpu_report.sh --other-kernels  the caps that make ATen and oneDNN pick kernels of
#                                          another vector width (AVX2 on an AVX-512 CPU, SSE4.1 on
#                                          an AVX2 one), as VARIABLE=VALUE words for env
set -euo pipefail
flags=" $(grep -m1 '^flags' /proc/cpuinfo | cut -d: -f2-) "
if [[ ${1:-} == --other-kernels ]]; then
  if [[ $flags == *" avx512f "* ]]; then
    echo "ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2"
  else
    echo "ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41"
  fi
  exit 0
fi
[[ $# -eq 0 ]] || { echo "cpu_report: unknown option '$1' (option: --other-kernels)" >&2; exit 2; }
model=$(grep -m1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')
extensions=()
for flag in sse4_2 avx avx2 fma avx512f avx512bw avx512vl avx512_vnni avx512_bf16 amx_bf16; do
  [[ $flags == *" $flag "* ]] && extensions+=("$flag")
done
echo "cpu: ${model:-unknown}, $(nproc) cores, vector extensions: ${extensions[*]:-none}"
echo "cpu: kernel caps: ATEN_CPU_CAPABILITY=${ATEN_CPU_CAPABILITY:-(none)}" \
  "ONEDNN_MAX_CPU_ISA=${ONEDNN_MAX_CPU_ISA:-(none)} DNNL_MAX_CPU_ISA=${DNNL_MAX_CPU_ISA:-(none)}"
