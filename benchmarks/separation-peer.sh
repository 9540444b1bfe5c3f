#!/usr/bin/env bash
# Times SeparationBenchmark (JMH, SCALAR and VECTOR), the CPU-time table, and the numpy/scipy
# librosa-style HPSS peer on the same 60 s stereo 44.1 kHz signal in one run, and prints real-time
# factors and ratios. Usage: benchmarks/separation-peer.sh [benchmark-regex=SeparationBenchmark.hpss$]
# Short JMH settings because the build box is shared; only ratios from one run mean anything.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
regex="${1:-SeparationBenchmark.hpss$}"
. "$root/.mvn/find-jdk.sh"
java_home="$(themachine_find_jdk 25)"
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
mkdir -p "$here/results"
out="$here/results/separation-jmh.json"
"$java_home/bin/java" --add-modules jdk.incubator.vector -jar "$here/target/benchmarks.jar" "$regex" \
  -f 1 -wi 2 -i 3 -w 2s -r 2s -rf json -rff "$out"
"$java_home/bin/java" --add-modules jdk.incubator.vector -cp "$here/target/benchmarks.jar" \
  io.themachine.benchmarks.SeparationCpuTime 2 "${CASES:-hpss,centre,repetSim,nmf}"
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$here/separation_peer.py" --seconds 60 --repeat 2 --jmh "$out"
