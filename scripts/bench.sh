#!/usr/bin/env bash
# Benchmark (figures, not a test): DGEMM rate, median time per IALAM inner iteration at MNIST scale on Spark
# local[2], floor ratio, Spark overhead against the same kernels without Spark, local[1] -> local[2] speed-up,
# scaling in N and peak live heap against the per-sample state. Prints 'name: value' lines and writes JSON.
#   scripts/bench.sh [--mnist DIR] [--samples 60000] [--inner 10] [--skip 3] [--warmup 3] [--rounds 2] [--json target/bench.json] [--quick]
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-launch.sh"
ialam_java org.ialam.driver.bench.InnerIterationBenchmark "$@"
