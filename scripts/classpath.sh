#!/usr/bin/env bash
# Builds the project when its sources are newer than the last build (mvn package, tests skipped), then prints
#   scripts/classpath.sh            the driver's run-time class path for a local run: the plain driver jar,
#                                   executor-ops and picocli, plus Spark, Hadoop and the other provided dependencies
#   scripts/classpath.sh --spark    the provided dependencies only (Spark, Hadoop, netlib, breeze, slf4j, ...): what a
#                                   Spark distribution's jars/ holds; the local cluster runs from it
#   scripts/classpath.sh --app-jar  the thin application jar for spark-submit (driver/target/ialam-driver-*-app.jar:
#                                   the project's classes and picocli)
# The class path lists are written by every 'mvn package' (driver/pom.xml) to driver/target/*-classpath.txt.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

what="${1:-}"
case "$what" in
  ''|--spark|--app-jar) ;;
  *) echo "classpath.sh: unknown option '$what', expected nothing, --spark or --app-jar" >&2; exit 2 ;;
esac
[[ $# -le 1 ]] || { echo "classpath.sh: at most one option, got $#" >&2; exit 2; }

cp_file=driver/target/runtime-classpath.txt
spark_cp_file=driver/target/spark-classpath.txt

# the newest plain (main artifact) and -app jars; the -app jar is never on the local class path, whose
# executor-ops jar and picocli it contains
plain_jar() { ls -t driver/target/ialam-driver-*.jar 2>/dev/null | grep -v -e '-app\.jar$' -e '-sources\.jar$' | head -n 1 || true; }
app_jar() { ls -t driver/target/ialam-driver-*-app.jar 2>/dev/null | head -n 1 || true; }

# one build at a time: two launchers started together on stale sources would otherwise run two Maven builds into the
# same target/ and break each other; the second waits here and then finds the build fresh
lock="${TMPDIR:-/tmp}/ialam-build.$(printf '%s' "$root" | md5sum | cut -c1-12).lock"
exec 9>"$lock"
flock 9

stale=1
if [ -n "$(plain_jar)" ] && [ -n "$(app_jar)" ] && [ -f "$cp_file" ] && [ -f "$spark_cp_file" ] \
    && [ -f driver/target/jvm-options.txt ]; then
  newer=$(find pom.xml driver/pom.xml executor-ops/pom.xml driver/src/main executor-ops/src/main -newer "$cp_file" -print -quit)
  [ -z "$newer" ] && stale=0
fi
if [ "$stale" = 1 ]; then
  echo "building (mvn package, tests skipped) ..." >&2
  # one reactor run, so that the driver's class path names the executor-ops jar just built
  mvn -q -B -DskipTests package >&2
  touch "$cp_file"  # the build's time stamp (jars that did not change keep their old time)
fi
flock -u 9

case "$what" in
  '') echo "$root/$(plain_jar):$(cat "$cp_file")" ;;
  --spark) cat "$spark_cp_file"; echo ;;
  --app-jar) echo "$root/$(app_jar)" ;;
esac
