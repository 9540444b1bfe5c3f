#!/usr/bin/env bash
# The TorchScript runner against Python torch at equal threads, same model, same input, same run:
# a random-weight HDemucs (benchmarks/torch_peer.py make), 20 s of stereo 44.1 kHz, 2 s chunks,
# overlap 0.25, normalised, batch 1. Python runs make_fixtures.py's separate() (the runner's twin)
# under torch.set_num_threads(T); Java runs ModelSeparation with threads(T). The two alternate,
# ROUNDS times each, and the best wall time of each side gives the ratio (java / python). The graph
# alone (10 forward calls on one chunk) is timed the same way, to separate libtorch from the pipeline.
#   benchmarks/torch-peer.sh [THREADS=1] [ROUNDS=3]
# The machine is shared: only the ratio of one run means anything.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
threads=${1:-1}
rounds=${2:-3}
. "$root/.mvn/find-jdk.sh"
JAVA_HOME=$(themachine_find_jdk 25)
"$root/mvnw" -B -q -f "$root/pom.xml" -pl sdk-audio-native -am test-compile
cp_file="$root/sdk-audio-native/target/torch-bench.classpath"
"$root/mvnw" -B -q -f "$root/sdk-audio-native/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="$root/sdk-audio-native/target/classes:$root/sdk-audio-native/target/test-classes:$(cat "$cp_file")"
work="$root/sdk-audio-native/target/torch-bench"
[ -f "$work/bench.pt" ] || /usr/bin/python3 "$here/torch_peer.py" make "$work" 2>/dev/null
out=$(mktemp)
fwd=$(mktemp)
for _ in $(seq "$rounds"); do
  /usr/bin/python3 "$here/torch_peer.py" forward "$work" "$threads" 10 2>/dev/null | tee -a "$fwd"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" \
    io.themachine.audio.internal.torch.TorchBenchMain forward "$work/bench.pt" "$work/input.f32" "$threads" 10 | tee -a "$fwd"
  /usr/bin/python3 "$here/torch_peer.py" time "$work" "$threads" 1 2>/dev/null | tee -a "$out"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$cp" \
    io.themachine.audio.internal.torch.TorchBenchMain speed "$work/bench.pt" "$work/input.f32" "$threads" 1 | tee -a "$out"
done
python3 - "$out" "$threads" "$fwd" <<'PY'
import sys
f = [l.split() for l in open(sys.argv[3]) if l.startswith(("python ", "java "))]
fb = {k: min(float(r[1]) for r in f if r[0] == k) for k in ("python", "java")}
fc = {k: min(float(r[2]) for r in f if r[0] == k) for k in ("python", "java")}
print(f"graph alone, 10 forward calls on a 2 s chunk: python {fb['python']:.3f} s, java {fb['java']:.3f} s wall, ratio "
      f"{fb['java'] / fb['python']:.3f}; process CPU ratio {fc['java'] / fc['python']:.3f}")
rows = [l.split() for l in open(sys.argv[1]) if l.startswith(("python ", "java "))]
best = {k: min(float(r[1]) for r in rows if r[0] == k) for k in ("python", "java")}
cpu = {k: min(float(r[2]) for r in rows if r[0] == k) for k in ("python", "java")}
print(f"threads {sys.argv[2]}: python best {best['python']:.3f} s, java best {best['java']:.3f} s wall "
      f"(20 s of audio); ratio java/python {best['java'] / best['python']:.3f}")
print(f"process CPU, best: python {cpu['python']:.3f} s, java {cpu['java']:.3f} s; ratio {cpu['java'] / cpu['python']:.3f}")
PY
rm -f "$out" "$fwd"
