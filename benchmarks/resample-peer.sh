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
# CPU-time companion table (same kernels, same signals): on a loaded machine wall clock measures the neighbours
"$JAVA" --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar io.themachine.benchmarks.CpuTimeTable 5 \
  2>/dev/null > "$OUT/resample-pitch-cputime.jsonl"

/usr/bin/python3 - "$OUT/resample-pitch-jmh.json" "$OUT/resample-peer-torchaudio.jsonl" "$OUT/resample-pitch-cputime.jsonl" <<'PY'
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
cpu = [json.loads(l) for l in open(sys.argv[3]) if l.strip()]
ctargets = {"resample_torchaudio_reused": 10000, "resample_hq_reused": 5000, "yin": 2000, "pyin": 150,
            "stft_2048_512_power_reused": 6000, "frame_features": 3000}
cta = next((p["cpu_realtime"] for p in peer if p["name"] == "torchaudio_default" and p["threads"] == 1), None)
ctk = next((p["cpu_realtime"] for p in peer if p["name"] == "torchaudio_kaiser_best" and p["threads"] == 1), None)
print(f"\nCPU time (thread CPU seconds, best of 5; torchaudio: process CPU seconds, 1 thread)")
print(f"{'kernel':40} {'cpu s/600s':>11} {'x real time':>12} {'target':>13} {'vs torchaudio':>14}")
for c in cpu:
    t = ctargets.get(c["name"])
    ref = ctk if "hq" in c["name"] else cta
    ratio = f"{c['realtime'] / ref:.2f}x" if ref and c["name"].startswith("resample") else ""
    met = "" if t is None else f"{t} {'met' if c['realtime'] >= t else 'MISSED'}"
    print(f"{c['name']:40} {c['cpu_seconds']:11.3f} {c['realtime']:12.0f} {met:>13} {ratio:>14}")
for p in peer:
    if p["threads"] == 1:
        print(f"{p['name'] + ' (torchaudio)':40} {p['cpu_seconds']:11.3f} {p['cpu_realtime']:12.0f}")
PY
