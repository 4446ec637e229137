#!/usr/bin/env bash
# Gives this machine what the trainer needs beyond Java 17 and Maven: native OpenBLAS, which Spark's BLAS layer
# (dev.ludovic.netlib) picks up through libblas.so.3 with no configuration (measured on the 2-core Intel development
# machine, one thread, 785x785 DGEMM: 49-70 GFLOP/s against 15-22 for the Java fallback, VectorBLAS, and 5 for it
# without the incubator module). Idempotent; quiet when nothing is to be done.
set -euo pipefail

have_native_blas() {
  ldconfig -p 2>/dev/null | grep -q 'libblas\.so\.3 '
}

if ! command -v java >/dev/null || ! command -v mvn >/dev/null; then
  echo "setup: Java 17 and Maven are required (java: $(command -v java || echo missing), mvn: $(command -v mvn || echo missing))" >&2
  exit 1
fi

if have_native_blas; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "setup: installing Debian's OpenBLAS (libopenblas0-pthread) for native BLAS" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >/dev/null
elif command -v sudo >/dev/null && command -v apt-get >/dev/null && sudo -n true 2>/dev/null; then
  echo "setup: installing Debian's OpenBLAS (libopenblas0-pthread) for native BLAS" >&2
  sudo apt-get update -qq >/dev/null
  sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas0-pthread >/dev/null
else
  echo "setup: no native BLAS (libblas.so.3) and no way to install one here: training will use the slower Java BLAS." >&2
  echo "setup: install OpenBLAS (e.g. 'apt-get install libopenblas0-pthread') for the fast path." >&2
fi
