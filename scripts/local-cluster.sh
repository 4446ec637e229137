#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, run from the project's own dependency set (no Spark distribution):
# a Master and two Workers (1 core, 2g each) as separate JVMs, all bound to 127.0.0.1, with authentication on
# (spark.authenticate and a secret generated at every start). Executors are separate JVMs started by the Workers.
#
#   scripts/local-cluster.sh start    start it and print its status (with the master URL); a running cluster is left
#                                     alone. Submit to it with scripts/submit.sh.
#   scripts/local-cluster.sh stop     stop the processes 'start' recorded (SIGTERM, SIGKILL after a grace period),
#                                     wait for them and for their executors; fails if one is left
#   scripts/local-cluster.sh status   master URL and whether each process is alive;
#                                     exit 0 all alive, 1 some dead, 3 not started
#
# The state directory, $IALAM_CLUSTER_DIR (default target/local-cluster under the repository root, mode 700), holds
#   master-url, master-webui-url, *.pid   what 'start' recorded
#   spark-home/                           the stand-in SPARK_HOME: an empty jars/ (Spark comes from the class path)
#   spark-home/conf/spark-defaults.conf   the cluster's settings and its secret (mode 600), read by the Master, the
#                                         Workers and by applications that scripts/submit.sh sends to this cluster
#   spark-home/conf/log4j2.properties     log levels of drivers and executors (a copy of conf/log4j2.properties)
#   logs/                                 the Master's and the Workers' logs (INFO)
#   worker-N/                             work directories: one per application and executor, with its stdout/stderr
#   local/, checkpoints/                  Spark's scratch space (shuffle, blocks) and the applications' checkpoints
#
# Ports: all chosen by the OS (port 0) unless overridden, so that clusters in different state directories (a test's
# and a developer's) never collide; the master URL is read back from the Master's log.
# Environment:
#   IALAM_CLUSTER_DIR           state directory (above)
#   IALAM_CLUSTER_MASTER_PORT   the Master's RPC port (default 0: a free one)
#   IALAM_CLUSTER_WEBUI_PORT    the Master's web UI port (default 0: a free one; Workers' UIs always take a free one)
#   IALAM_CLUSTER_WORKERS       number of Workers (default 2)
#   IALAM_CLUSTER_WORKER_CORES  cores per Worker (default 1)
#   IALAM_CLUSTER_WORKER_MEMORY memory per Worker for its executors (default 2g)
#   IALAM_CLUSTER_TIMEOUT       seconds 'start' waits for the Master and the Workers' registration, and 'stop' for
#                               the processes to end after SIGTERM (default 60)
#   SPARK_DAEMON_MEMORY         heap of the Master and Worker JVMs (default 512m here)
#   IALAM_SPARK_CLASSPATH       Spark's class path (default: scripts/classpath.sh --spark, which builds if needed)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/spark-launcher.sh"
source "$root/scripts/openblas-core.sh"

usage="usage: scripts/local-cluster.sh start|stop|status"
fail() {
  echo "local-cluster.sh: $*" >&2
  exit 1
}
[[ $# -eq 1 ]] || { echo "$usage" >&2; exit 2; }
command="$1"
case "$command" in
  start|stop|status) ;;
  *) echo "local-cluster.sh: unknown command '$command'; $usage" >&2; exit 2 ;;
esac

umask 077
state="${IALAM_CLUSTER_DIR:-$root/target/local-cluster}"
if [[ ! -d "$state" ]]; then
  case "$command" in
    start) mkdir -p "$state" ;;
    stop) echo "not running (no state directory $state)"; exit 0 ;;
    status) echo "not running (no state directory $state)"; exit 3 ;;
  esac
fi
state="$(cd "$state" && pwd -P)"
[[ "$state" != *[[:space:]]* ]] || fail "the state directory '$state' contains white space; set IALAM_CLUSTER_DIR"
# every daemon carries this on its command line: 'stop' signals a recorded PID only while it still names the state
# directory (a PID can be reused once its process is gone)
marker="-Dialam.cluster.dir=$state"
timeout="${IALAM_CLUSTER_TIMEOUT:-60}"
workers="${IALAM_CLUSTER_WORKERS:-2}"
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || fail "IALAM_CLUSTER_WORKERS: '$workers' is not a positive integer"
[[ "$timeout" =~ ^[1-9][0-9]*$ ]] || fail "IALAM_CLUSTER_TIMEOUT: '$timeout' is not a positive number of seconds"

# one start or stop at a time per state directory
exec 9>"$state/.lock"
if [[ "$command" != status ]] && ! flock -w "$timeout" 9; then
  fail "another start or stop is running on $state"
fi

cmdline() {  # the NUL-separated command line of a process as one line, empty if it is gone
  { tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null || true
}
ours() {  # ours PID: the process is alive and is one of this cluster's daemons
  [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null && [[ "$(cmdline "$1")" == *"$marker "* ]]
}
running_child() {  # running_child PID: a daemon this run has just started is still running
  # Not 'ours': between fork and exec its command line is still this script's, without the marker. A child this
  # shell has not reaped keeps its PID, so the PID cannot have been reused; a dead one is a zombie until reaped.
  local st
  st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$1" && -n "$st" && "$st" != Z ]]
}
pid_files() {  # workers first, master last: the order in which 'stop' signals them
  ls "$state"/worker-*.pid 2>/dev/null | sort -V || true
  [[ -f "$state/master.pid" ]] && echo "$state/master.pid" || true
}
executors() {  # PIDs of executors started by this cluster's Workers (their class path starts with our SPARK_CONF_DIR)
  local p
  for p in /proc/[0-9]*; do
    p="${p#/proc/}"
    local c
    c="$(cmdline "$p")"
    if [[ "$c" == *"$state/spark-home/conf"* && "$c" == *CoarseGrainedExecutorBackend* ]]; then
      echo "$p"
    fi
  done
}

status() {  # prints the status; returns 0 all alive, 1 some dead, 3 not started
  local files alive=0 total=0 f name pid
  files="$(pid_files)"
  if [[ -z "$files" ]]; then
    echo "not running (state directory $state)"
    return 3
  fi
  echo "master   $(cat "$state/master-url" 2>/dev/null || echo '(unknown URL)')   web UI $(cat "$state/master-webui-url" 2>/dev/null || echo '(unknown)')"
  # the master first
  for f in $(grep -F master.pid <<<"$files" || true) $(grep -v -F master.pid <<<"$files" || true); do
    name="$(basename "$f" .pid)"
    pid="$(cat "$f")"
    total=$((total + 1))
    if ours "$pid"; then
      alive=$((alive + 1))
      printf '%-8s pid %-8s alive\n' "$name" "$pid"
    else
      printf '%-8s pid %-8s dead   (log: %s)\n' "$name" "$pid" "$state/logs/$name.log"
    fi
  done
  echo "state    $state"
  [[ "$alive" == "$total" ]] && return 0 || return 1
}

stop() {
  local files f pid pids=() waited
  files="$(pid_files)"
  for f in $files; do
    pid="$(cat "$f")"
    if ours "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  # Workers end their executors on SIGTERM; SIGKILL only for what outlives the grace period
  waited=0
  while :; do
    local left=()
    for pid in "${pids[@]}"; do
      ours "$pid" && left+=("$pid")
    done
    pids=("${left[@]}")
    [[ ${#pids[@]} -eq 0 ]] && break
    if [[ "$waited" -ge $((timeout * 5)) ]]; then
      echo "local-cluster.sh: pids ${pids[*]} did not end within ${timeout}s of SIGTERM: SIGKILL" >&2
      for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
      timeout=2  # KILL is immediate; 10 more polls
      waited=0
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  for f in $files; do rm -f "$f"; done
  rm -f "$state/master-url" "$state/master-webui-url"
  # an executor whose Worker was killed ends by itself once it notices (it watches its Worker)
  waited=0
  while [[ -n "$(executors)" && "$waited" -lt 50 ]]; do
    sleep 0.2
    waited=$((waited + 1))
  done
  local left
  left="$(executors | tr '\n' ' ')"
  [[ -z "$left" ]] || fail "executors still running after stop: pids $left"
}

start_daemon() {  # start_daemon NAME CLASS ARG...: starts a Spark daemon in the background, records its PID
  local name="$1" pid
  shift
  # Spark's launcher puts the class's arguments last: one launcher run per class serves every Worker
  if [[ "${daemon_class:-}" != "$1" ]]; then
    spark_command "$state" "$1" || fail "cannot build the command of $name"
    daemon_class="$1"
    daemon_cmd=("${SPARK_CMD[@]}")
  fi
  shift
  # fd 9 (the lock) closed: a daemon must not hold it
  nohup "${daemon_cmd[@]}" "$@" </dev/null >"$state/logs/$name.log" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$state/$name.pid"
}

wait_for_log() {  # wait_for_log NAME PATTERN: waits until the daemon's log matches; fails if it dies or times out
  local name="$1" pattern="$2" polls=0
  local log="$state/logs/$name.log"
  until grep -q -E "$pattern" "$log" 2>/dev/null; do
    if ! running_child "$(cat "$state/$name.pid")"; then
      echo "local-cluster.sh: $name died; the end of $log:" >&2
      tail -n 20 "$log" >&2 || true
      stop || true
      exit 1
    fi
    if [[ "$polls" -ge $((timeout * 5)) ]]; then
      echo "local-cluster.sh: $name did not log /$pattern/ within ${timeout}s; the end of $log:" >&2
      tail -n 20 "$log" >&2 || true
      stop || true
      exit 1
    fi
    sleep 0.2
    polls=$((polls + 1))
  done
}

start() {
  local s=0
  status >/dev/null || s=$?
  case "$s" in
    0) echo "already running"; status; return 0 ;;
    1) stop ;;  # leftovers of a cluster that partly died: clean up, then start afresh
  esac

  local spark_cp="${IALAM_SPARK_CLASSPATH:-}"
  [[ -n "$spark_cp" ]] || spark_cp="$("$root/scripts/classpath.sh" --spark)"
  chmod 700 "$state"
  mkdir -p "$state/logs" "$state/local" "$state/checkpoints" "$state/spark-home/conf"
  spark_setup "$state/spark-home" "$spark_cp"
  export SPARK_CONF_DIR="$state/spark-home/conf"
  export SPARK_LOCAL_IP=127.0.0.1
  export SPARK_LOCAL_HOSTNAME=127.0.0.1
  export SPARK_PUBLIC_DNS=127.0.0.1  # the host name in the web UIs' URLs (they bind to SPARK_LOCAL_IP only)
  export SPARK_LOCAL_DIRS="$state/local"
  # the executors' kernels, written into spark-defaults.conf below (they all run on this machine)
  openblas_export_core
  export SPARK_DAEMON_MEMORY="${SPARK_DAEMON_MEMORY:-512m}"
  # the daemons log at INFO to their log files: the master URL and the Workers' registration are read from there
  cat >"$state/daemon-log4j2.properties" <<'EOF'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n
logger.jetty.name = org.sparkproject.jetty
logger.jetty.level = warn
EOF
  export SPARK_DAEMON_JAVA_OPTS="$marker -Dlog4j2.configurationFile=$state/daemon-log4j2.properties"
  cp "$root/conf/log4j2.properties" "$SPARK_CONF_DIR/log4j2.properties"
  local secret
  secret="$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n')"
  [[ ${#secret} -eq 64 ]] || fail "cannot read 32 random bytes from /dev/urandom"
  rm -f "$SPARK_CONF_DIR/spark-defaults.conf"
  cat >"$SPARK_CONF_DIR/spark-defaults.conf" <<EOF
# Written by scripts/local-cluster.sh start: settings of the cluster in $state. Read by its Master and Workers and by
# the applications scripts/submit.sh sends to it (SPARK_CONF_DIR). Mode 600: it holds the cluster's secret.
spark.authenticate                      true
spark.authenticate.secret               $secret
# submissions go through the Master's RPC port only
spark.master.rest.enabled               false
# one BLAS thread per task: the task slots already use every core
spark.executorEnv.OPENBLAS_NUM_THREADS  1
${OPENBLAS_CORETYPE:+# the OpenBLAS kernels for this CPU (scripts/openblas-core.sh)
spark.executorEnv.OPENBLAS_CORETYPE    $OPENBLAS_CORETYPE}
# reachable by the driver and every executor: they all run on this machine
spark.checkpoint.dir                    file://$state/checkpoints
EOF
  chmod 600 "$SPARK_CONF_DIR/spark-defaults.conf"

  start_daemon master org.apache.spark.deploy.master.Master --host 127.0.0.1 \
    --port "${IALAM_CLUSTER_MASTER_PORT:-0}" --webui-port "${IALAM_CLUSTER_WEBUI_PORT:-0}"
  wait_for_log master 'Starting Spark master at spark://'
  local url
  url="$(grep -o -E 'Starting Spark master at spark://[^ ]+' "$state/logs/master.log" | head -n 1 | sed 's/.* at //')"
  echo "$url" >"$state/master-url"

  local i
  for i in $(seq 1 "$workers"); do
    mkdir -p "$state/worker-$i"
    start_daemon "worker-$i" org.apache.spark.deploy.worker.Worker "$url" --host 127.0.0.1 --port 0 --webui-port 0 \
      --cores "${IALAM_CLUSTER_WORKER_CORES:-1}" --memory "${IALAM_CLUSTER_WORKER_MEMORY:-2g}" \
      --work-dir "$state/worker-$i"
  done
  wait_for_log master 'started at http://'
  grep -o -E 'started at http://[^ ]+' "$state/logs/master.log" | head -n 1 | sed 's/started at //' >"$state/master-webui-url"
  for i in $(seq 1 "$workers"); do
    wait_for_log "worker-$i" 'Successfully registered with master'
  done
  status
}

case "$command" in
  start) start ;;
  stop) stop; echo "stopped (state directory $state)" ;;
  status) s=0; status || s=$?; exit "$s" ;;
esac
