#!/usr/bin/env bash
# Benchmark (figures, not a test): DGEMM rate, median time per IALAM inner iteration at MNIST scale on Spark
# local[2], floor ratio, Spark overhead against the same kernels without Spark, local[1] -> local[2] speed-up,
# scaling in N and peak live heap against the per-sample state. Prints 'name: value' lines and writes JSON.
#   scripts/bench.sh [--mnist DIR] [--samples 60000] [--inner 6] [--json target/bench.json] [--quick]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
source "$root/scripts/jvm-options.sh"
cp="$("$root/scripts/classpath.sh")"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
exec java -Xmx"${IALAM_DRIVER_MEMORY:-8g}" $SPARK_JAVA17_OPTIONS ${JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$cp" org.ialam.driver.bench.InnerIterationBenchmark "$@"
