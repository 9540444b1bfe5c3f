#!/usr/bin/env bash
# Times FeatureBenchmark (JMH, ours and TarsosDSP) and torchaudio on the same signal in one run and
# prints ratios. Usage: benchmarks/features-peer.sh [seconds=600] [threads=1]
# Short JMH settings because the build box is shared; only ratios from one run mean anything.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
seconds="${1:-600}"
threads="${2:-1}"
. "$root/.mvn/find-jdk.sh"
java_home="$(themachine_find_jdk 25)"
if ! /usr/bin/python3 -c 'import torchaudio' 2>/dev/null; then
  echo "installing Debian's python3-torchaudio (PyPI is not reachable here)" >&2
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq python3-torchaudio python3-numpy >&2
fi
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
mkdir -p "$here/results"
out="$here/results/features-jmh-t${threads}.json"
"$java_home/bin/java" --add-modules jdk.incubator.vector -jar "$here/target/benchmarks.jar" FeatureBenchmark \
  -p seconds="$seconds" -t "$threads" -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc -rf json -rff "$out"
cpu="$here/results/features-cpu.jsonl"
if [ "$threads" = 1 ]; then
  # thread CPU time per op: on a loaded box wall time mostly measures the neighbours
  "$java_home/bin/java" --add-modules jdk.incubator.vector -Xmx8g -cp "$here/target/benchmarks.jar" \
    io.themachine.benchmarks.FeatureCpuTime "$seconds" 5 | tee "$cpu"
fi
echo "CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$here/features_peer.py" --seconds "$seconds" --threads "$threads" --jmh "$out" \
  $([ "$threads" = 1 ] && echo --cpu "$cpu")
