#!/usr/bin/env bash
# Trains by IALAM in local mode (default master local[*]) without a Spark installation:
#   scripts/train.sh [--mnist DIR] [--hidden 200,100] [--out DIR] [any option of 'train --help']
# Data: --mnist DIR, else $MNIST_DIR, else the repository's data/mnist, where scripts/get-mnist.sh puts it (from any
# working directory). Options can also come
# from an argument file: scripts/train.sh @conf/mnist-full.args
# Environment: IALAM_DRIVER_MEMORY (default 8g), JAVA_OPTS (extra JVM options).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/java-launch.sh"
# the program's own default, data/mnist, is relative to the working directory; get-mnist.sh's is the repository's
export MNIST_DIR="${MNIST_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/data/mnist}"
ialam_java org.ialam.driver.cli.Main train "$@"
