#!/usr/bin/env bash
# Resampling and pitch, ours (JMH) and torchaudio's (Python), in one run on one machine, with
# ratios. Usage: benchmarks/resample-peer.sh [--no-build]
# Installs Debian's python3-torchaudio with apt-get if it is missing (needs root).
# Numbers from a shared or loaded machine are only meaningful as ratios within this one run.
set -euo pipefail
cd "$(dirname "$0")/.."
. .mvn/find-jdk.sh
JAVA_HOME="$(themachine_find_jdk 25)"
JAVA="$JAVA_HOME/bin/java"
OUT=benchmarks/results
mkdir -p "$OUT"

if [[ "${1:-}" != "--no-build" ]]; then
  # build the reactor so the benchmark jar holds this checkout's kernels, not whatever is installed
  ./mvnw -B -q package -DskipTests -pl sdk-extensions-spi,sdk-core,sdk-audio-native,benchmarks
fi

if ! /usr/bin/python3 -c 'import torchaudio' 2>/dev/null; then
  echo "installing python3-torchaudio (Debian) ..." >&2
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torchaudio >&2
fi

JMH_ARGS=(-f 1 -wi 2 -i 3 -w 2s -r 2s -rf json)
"$JAVA" -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar 'ResampleBenchmark|PitchBenchmark' \
  "${JMH_ARGS[@]}" -rff "$OUT/resample-pitch-jmh.json" | grep -E '^(Benchmark|Resample|Pitch)' || true
/usr/bin/python3 benchmarks/resample_peer.py 600 3 > "$OUT/resample-peer-torchaudio.jsonl"

/usr/bin/python3 - "$OUT/resample-pitch-jmh.json" "$OUT/resample-peer-torchaudio.jsonl" <<'PY'
import json, os, platform, sys
jmh = json.load(open(sys.argv[1]))
peer = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
rows = []
for r in jmh:
    name = r["benchmark"].rsplit(".", 2)[-2] + "." + r["benchmark"].rsplit(".", 1)[-1]
    p = ",".join(f"{k}={v}" for k, v in r.get("params", {}).items())
    ms = r["primaryMetric"]["score"]
    rows.append((f"{name} {p}", 600_000.0 / ms, ms))
for p in peer:
    rows.append((f"{p['name']} (torch {p['torch']}, {p['threads']} thread)", p["realtime"], p["seconds"] * 1000))
targets = {"ResampleBenchmark.reused quality=TORCHAUDIO": 10000, "ResampleBenchmark.reused quality=HIGH": 5000,
           "PitchBenchmark.pitch method=YIN": 2000, "PitchBenchmark.pitch method=PYIN": 150}
ta = next((p["realtime"] for p in peer if p["name"] == "torchaudio_default" and p["threads"] == 1), None)
tk = next((p["realtime"] for p in peer if p["name"] == "torchaudio_kaiser_best" and p["threads"] == 1), None)
print(f"\n600 s mono; x real time = audio seconds per second, one thread unless stated")
print(f"JDK {jmh[0]['jdkVersion']} {jmh[0]['vmName']}, {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs (shared machine: compare ratios only)")
print(f"{'benchmark':58} {'ms/600s':>10} {'x real time':>12} {'target':>8} {'vs torchaudio 1T':>17}")
for name, rt, ms in rows:
    t = targets.get(name)
    ref = tk if "HIGH" in name else ta
    ratio = f"{rt / ref:.2f}x" if ref and name.startswith("Resample") else ""
    met = "" if t is None else (f"{t} {'met' if rt >= t else 'MISSED'}")
    print(f"{name:58} {ms:10.1f} {rt:12.0f} {met:>8} {ratio:>17}")
PY
