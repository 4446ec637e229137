#!/usr/bin/env bash
# Sourced by the launchers (java-launch.sh, submit.sh, local-cluster.sh); run directly it prints its answer here.
# openblas_core [CPUINFO]: the OPENBLAS_CORETYPE to ask for on this CPU, or nothing for OpenBLAS's own choice.
# openblas_export_core [CPUINFO]: exports OPENBLAS_CORETYPE as openblas_core answers, unless it is set (the user's wins).
#
# Why not always OpenBLAS's own choice: Debian 12's OpenBLAS 0.3.21 knows Intel CPUs by family and model, and on one it
# does not know it falls back to its Prescott (SSE3) kernels. On session 12's Intel Xeon (family 6, model 207) that was
# DGEMM at 10-14 GFLOP/s on one thread against 44-62 with the SkylakeX (AVX-512) kernels and 32-39 with the Haswell
# (AVX2) ones, and the Prescott kernels did not repeat their last bits from run to run (docs/operations.md, "Bit
# reproducibility and the BLAS"). So on Intel the choice follows the instruction sets /proc/cpuinfo lists:
#   avx512f, avx512dq, avx512bw and avx512vl -> SkylakeX (OpenBLAS's AVX-512 kernels)
#   avx2 and fma                             -> Haswell
# On AMD OpenBLAS's own choice stays: on the AMD EPYC hosts of sessions 7-10 it chose kernels that were fast and
# repeatable (DGEMM 145 GFLOP/s against 87 with the ZEN ones forced, session 10). Elsewhere (no /proc/cpuinfo) nothing.
openblas_core() {
  local cpuinfo="${1:-/proc/cpuinfo}" vendor flags
  [ -r "$cpuinfo" ] || return 0
  vendor="$(grep -m1 '^vendor_id' "$cpuinfo" | sed 's/.*:[[:space:]]*//' || true)"
  [ "$vendor" = "GenuineIntel" ] || return 0
  flags=" $(grep -m1 '^flags' "$cpuinfo" | sed 's/.*:[[:space:]]*//' || true) "
  if [[ "$flags" == *" avx512f "* && "$flags" == *" avx512dq "* && "$flags" == *" avx512bw "* \
        && "$flags" == *" avx512vl "* ]]; then
    echo SkylakeX
  elif [[ "$flags" == *" avx2 "* && "$flags" == *" fma "* ]]; then
    echo Haswell
  fi
}

openblas_export_core() {
  if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
    local core
    core="$(openblas_core "$@")"
    [ -z "$core" ] || export OPENBLAS_CORETYPE="$core"
  fi
}

if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  openblas_core "$@"
fi
