#!/usr/bin/env bash
# Builds the benchmarks jar with ./mvnw, then runs JMH on JDK 25 with JSON output and prints the
# table of ratios (benchmarks/compare.py). Arguments go to JMH, e.g.
#   benchmarks/run.sh ContentHash            # one benchmark class
#   benchmarks/run.sh Loudness -p backend=VECTOR -f 1 -wi 2 -i 3
# The machine is shared: only ratios from one run mean anything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
. "$root/.mvn/find-jdk.sh"
JAVA_HOME=$(themachine_find_jdk 25)
"$root/mvnw" -B -q -f "$root/pom.xml" -pl benchmarks -am package -DskipTests
mkdir -p "$here/results"
out="$here/results/jmh-$(date +%Y%m%d-%H%M%S).json"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector \
  -jar "$here/target/benchmarks.jar" -rf json -rff "$out" "$@"
python3 "$here/compare.py" "$out"
