#!/usr/bin/env bash
# Trains by IALAM in local mode (default master local[*]) without a Spark installation:
#   scripts/train.sh [--mnist DIR] [--hidden 200,100] [--out DIR] [any option of 'train --help']
# Data: --mnist DIR, else $MNIST_DIR, else data/mnist (scripts/get-mnist.sh fetches it). Options can also come
# from an argument file: scripts/train.sh @conf/mnist-full.args
# Environment: IALAM_DRIVER_MEMORY (default 8g), JAVA_OPTS (extra JVM options).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
source "$root/scripts/jvm-options.sh"
cp="$("$root/scripts/classpath.sh")"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
# one BLAS thread per Spark task: the task slots already use every core
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
exec java -Xmx"${IALAM_DRIVER_MEMORY:-8g}" $SPARK_JAVA17_OPTIONS ${JAVA_OPTS:-} \
  -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
  -cp "$cp" org.ialam.driver.cli.Main train "$@"
