#!/usr/bin/env bash
# Sourced by the launchers: runs a main class of the project in one local JVM with Spark's Java 17 module options,
# native BLAS when the machine has it (scripts/setup.sh), one BLAS thread per Spark task, and the console log
# settings of conf/. Usage (after sourcing): ialam_java MAIN_CLASS [ARGS...]
# Environment: IALAM_DRIVER_MEMORY (default 8g), JAVA_OPTS (extra JVM options; one naming a collector, e.g.
# -XX:+UseG1GC, replaces the default ParallelGC; -XX:+UseTransparentHugePages asks for huge pages, not the default:
# docs/results.md §4.0 found their gain within this machine's spread and their cost 1.1-1.7 GB of resident memory).
source "$(dirname "${BASH_SOURCE[0]}")/openblas-core.sh"

ialam_java() {
  local root main cp
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  main="$1"; shift
  "$root/scripts/setup.sh"
  cp="$("$root/scripts/classpath.sh")"
  # Spark's Java 17 module options: the pom's list (the tests use it too), written by the build
  local jvm_options
  jvm_options="$(cat "$root/driver/target/jvm-options.txt")"
  # Run from private copies of the project's own jars: a rebuild (mvn package) during a long run would otherwise
  # rewrite the jars under the running JVM, which loads classes lazily and fails when it next needs one.
  local private entry jar copied=""
  # (exec leaves no shell to remove them at exit: copies older than a day are removed here instead)
  find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'ialam-jars.*' -mtime +0 -exec rm -rf {} + 2>/dev/null || true
  private="$(mktemp -d "${TMPDIR:-/tmp}/ialam-jars.XXXXXX")"
  IFS=: read -r -a entries <<< "$cp"
  for entry in "${entries[@]}"; do
    case "$entry" in
      "$root"/*/target/*.jar) jar="$private/$(basename "$entry")"; cp "$entry" "$jar"; copied="$copied:$jar" ;;
      *) copied="$copied:$entry" ;;
    esac
  done
  cp="${copied#:}"
  export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
  # the task slots already use every core: one BLAS thread per task
  export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
  # OpenBLAS's kernels for this CPU unless OPENBLAS_CORETYPE names them (openblas-core.sh says why and which)
  openblas_export_core
  # The throughput collector unless JAVA_OPTS names one: a batch job on two cores, where G1's concurrent work cost
  # (docs/results.md §4.0.4: full MNIST 411 s against 428-443 s with G1, bit-identical model). The JVM refuses two.
  local gc="-XX:+UseParallelGC" opt
  for opt in ${JAVA_OPTS:-}; do
    case "$opt" in -XX:+Use*GC) gc="" ;; esac   # -XX:+UseG1GC, UseZGC, ...; not e.g. -XX:+UseGCOverheadLimit
  done
  exec java -Xmx"${IALAM_DRIVER_MEMORY:-8g}" $gc $jvm_options ${JAVA_OPTS:-} \
    -Dlog4j2.configurationFile="$root/conf/log4j2.properties" \
    -cp "$cp" "$main" "$@"
}
