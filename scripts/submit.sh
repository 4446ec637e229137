#!/usr/bin/env bash
# Submits a training run to a Spark cluster with Spark's own spark-submit (org.apache.spark.deploy.SparkSubmit, started
# the way bin/spark-submit starts it), from the project's dependency set: no Spark distribution needed.
#
#   scripts/submit.sh [spark-submit options] -- [train options]
#
# e.g.
#   scripts/local-cluster.sh start
#   scripts/submit.sh -- --synthetic --max-outer 5 --out out/cluster-run
#   scripts/submit.sh --driver-memory 6g --executor-memory 1500m -- --mnist data/mnist --out out/mnist-cluster
#
# The application is the thin jar driver/target/ialam-driver-<version>-app.jar (built if the sources are newer), run
# as 'org.ialam.driver.cli.Main train [train options]'. Everything before '--' goes to spark-submit as it is
# (spark-submit --help lists it); --class and the jar are set here.
#
# Master: without --master, the running local cluster of scripts/local-cluster.sh (same IALAM_CLUSTER_DIR), whose
# spark-defaults.conf (authentication secret, checkpoint directory) becomes SPARK_CONF_DIR, and everything binds to
# 127.0.0.1; client deploy mode only (the driver is this script's JVM; Spark does not give the secret to a driver
# that a Worker starts). With --master naming another cluster, SPARK_CONF_DIR stays as set, else conf/ of the
# repository (copy conf/spark-defaults.conf.template to conf/spark-defaults.conf there).
# Bad usage: one line on stderr, exit 2.
# Environment: IALAM_CLUSTER_DIR (see local-cluster.sh), IALAM_APP_JAR and IALAM_SPARK_CLASSPATH (the jar and
# Spark's class path, default: from scripts/classpath.sh).
# Exit code: spark-submit's, which in client mode (the default) is the training run's.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/spark-launcher.sh"
source "$root/scripts/openblas-core.sh"

fail() {
  echo "submit.sh: $*" >&2
  exit 2
}

spark_opts=()
train_opts=()
seen_separator=0
master=""
deploy_mode=client
for arg in "$@"; do
  if [[ "$seen_separator" == 1 ]]; then
    train_opts+=("$arg")
  elif [[ "$arg" == "--" ]]; then
    seen_separator=1
  else
    spark_opts+=("$arg")
  fi
done
[[ "$seen_separator" == 1 ]] || fail "no '--' in the arguments; usage: scripts/submit.sh [spark-submit options] -- [train options]"
for i in "${!spark_opts[@]}"; do
  case "${spark_opts[$i]}" in
    --master) master="${spark_opts[$((i + 1))]:-}"; [[ -n "$master" ]] || fail "--master needs a value" ;;
    --master=*) master="${spark_opts[$i]#--master=}" ;;
    --class|--class=*) fail "--class is set by this script (org.ialam.driver.cli.Main)" ;;
    --deploy-mode) deploy_mode="${spark_opts[$((i + 1))]:-}" ;;
    --deploy-mode=*) deploy_mode="${spark_opts[$i]#--deploy-mode=}" ;;
  esac
done

state="${IALAM_CLUSTER_DIR:-$root/target/local-cluster}"
local_url=""
if [[ -d "$state" ]] && "$root/scripts/local-cluster.sh" status >/dev/null 2>&1; then
  state="$(cd "$state" && pwd -P)"
  local_url="$(cat "$state/master-url")"
fi
if [[ -z "$master" ]]; then
  [[ -n "$local_url" ]] || fail "no local cluster is running in $state (start it with scripts/local-cluster.sh start) and no --master given"
  master="$local_url"
  spark_opts=(--master "$master" "${spark_opts[@]}")
fi

if [[ -n "$local_url" && "$master" == "$local_url" ]]; then
  # Spark keeps the secret off the command line of a driver that a Worker starts, which then cannot authenticate
  [[ "$deploy_mode" == client ]] || fail "--deploy-mode $deploy_mode: the local cluster authenticates, and Spark does not pass the secret to a driver started by a Worker; use client mode (the default)"
  # the local cluster: its secret and settings, everything on the loopback interface
  export SPARK_CONF_DIR="$state/spark-home/conf"
  export SPARK_LOCAL_IP=127.0.0.1
  export SPARK_LOCAL_HOSTNAME=127.0.0.1
  spark_home="$state/spark-home"
  tmp_dir="$state"
else
  export SPARK_CONF_DIR="${SPARK_CONF_DIR:-$root/conf}"
  spark_home="$root/target/spark-home"
  tmp_dir="$root/target"
fi

spark_cp="${IALAM_SPARK_CLASSPATH:-}"
[[ -n "$spark_cp" ]] || spark_cp="$("$root/scripts/classpath.sh" --spark)"
app_jar="${IALAM_APP_JAR:-}"
[[ -n "$app_jar" ]] || app_jar="$("$root/scripts/classpath.sh" --app-jar)"
[[ -f "$app_jar" ]] || fail "the application jar $app_jar does not exist (mvn package builds it)"

mkdir -p "$tmp_dir"
spark_setup "$spark_home" "$spark_cp"
export OPENBLAS_NUM_THREADS="${OPENBLAS_NUM_THREADS:-1}"
# the driver's (W,b) solve: OpenBLAS's kernels for this CPU (openblas-core.sh); executors on other machines take
# theirs from spark.executorEnv.OPENBLAS_CORETYPE (docs/operations.md, "Bit reproducibility and the BLAS")
openblas_export_core
spark_command "$tmp_dir" org.apache.spark.deploy.SparkSubmit "${spark_opts[@]}" \
  --class org.ialam.driver.cli.Main "$app_jar" train "${train_opts[@]}" || exit 1
exec "${SPARK_CMD[@]}"
