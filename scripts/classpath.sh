#!/usr/bin/env bash
# Builds the project when its sources are newer than the jars and prints the driver's run-time class path
# (the application jars plus Spark, Hadoop and the other provided dependencies), cached in driver/target.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=$(ls driver/target/ialam-driver-*.jar 2>/dev/null | head -n 1 || true)
cp_file=driver/target/runtime-classpath.txt
stale=1
if [ -n "$jar" ] && [ -f "$cp_file" ]; then
  newer=$(find pom.xml driver/pom.xml executor-ops/pom.xml driver/src/main executor-ops/src/main -newer "$jar" -print -quit)
  [ -z "$newer" ] && stale=0
fi
if [ "$stale" = 1 ]; then
  echo "building (mvn package, tests skipped) ..." >&2
  # one reactor run, so that the driver's class path names the executor-ops jar just built; compile scope
  # includes provided: Spark, Hadoop and netlib are on the class path of a local run
  mvn -q -B -DskipTests package dependency:build-classpath -Dmdep.includeScope=compile \
    -Dmdep.outputFile=target/runtime-classpath.txt >&2
  jar=$(ls driver/target/ialam-driver-*.jar | head -n 1)
fi
echo "$root/$jar:$(cat "$cp_file")"
