#!/usr/bin/env bash
# Sourced by local-cluster.sh and submit.sh: Spark without a Spark distribution. Spark's jars come from the project's
# own dependency set (target/spark-classpath.txt, see classpath.sh --spark); a stand-in SPARK_HOME has an empty jars/.
#
#   spark_setup SPARK_HOME_DIR CLASSPATH   exports SPARK_HOME (creating its empty jars/), SPARK_SCALA_VERSION and
#                                          SPARK_DIST_CLASSPATH, as a Spark distribution's spark-env.sh would
#   spark_command TMPDIR CLASS ARG...      sets the array SPARK_CMD to the java command that starts CLASS, built by
#                                          Spark's own launcher (org.apache.spark.launcher.Main, what bin/spark-class
#                                          and bin/spark-submit run): Spark's class path (SPARK_CONF_DIR first), heap
#                                          (--driver-memory, SPARK_DAEMON_MEMORY), SPARK_DAEMON_JAVA_OPTS,
#                                          spark-defaults.conf's driver options and Spark's Java 17 module options
#                                          (the pom's spark.jvm.options and a few more of Spark 4.1's)

spark_setup() {
  mkdir -p "$1/jars"
  export SPARK_HOME="$1"
  export SPARK_SCALA_VERSION=2.13
  export SPARK_DIST_CLASSPATH="$2"
}

spark_command() {
  local tmp_dir="$1" out status=0
  shift
  out="$(mktemp "$tmp_dir/launch-command.XXXXXX")"
  java -Xmx128m -cp "$SPARK_DIST_CLASSPATH" org.apache.spark.launcher.Main "$@" >"$out" || status=$?
  local parts=()
  mapfile -d '' -t parts <"$out"
  rm -f "$out"
  # the launcher prints NUL and newline, then every argument of the command followed by NUL
  if [[ "$status" != 0 || "${#parts[@]}" -lt 3 || -n "${parts[0]}" || "${parts[1]:0:1}" != $'\n' ]]; then
    echo "spark-launcher: Spark's launcher failed for $1 (exit $status)" >&2
    return 1
  fi
  parts[1]="${parts[1]:1}"
  SPARK_CMD=("${parts[@]:1}")
}
