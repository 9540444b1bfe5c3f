#!/usr/bin/env bash
# Decode throughput of the FFmpeg reader (JMH, DecodeBenchmark) against the ffmpeg CLI on the same
# 10-minute FLAC, in one run. Prints audio seconds per wall-clock second for each.
#
#   benchmarks/decode-peer.sh            # builds, makes benchmarks/results/decode-10min.flac, measures
#
# Needs the Debian ffmpeg CLI (apt-get install -y ffmpeg) for the fixture and the peer. The box may
# be shared: only the ratio between rows of one run means anything.
set -euo pipefail
cd "$(dirname "$0")/.."
source .mvn/find-jdk.sh
JAVA="$(themachine_find_jdk 25)/bin/java"
command -v ffmpeg >/dev/null || { echo "decode-peer.sh: needs the ffmpeg CLI (apt-get install -y ffmpeg)" >&2; exit 2; }

out=benchmarks/results
mkdir -p "$out"
flac="$out/decode-10min.flac"
seconds=600
if [[ ! -f "$flac" ]]; then
  # Two independent pink-noise channels plus tones: compresses like music, not like silence.
  ffmpeg -nostdin -v error -y -filter_complex \
    "anoisesrc=d=$seconds:c=pink:r=48000:a=0.25:s=1[a];anoisesrc=d=$seconds:c=pink:r=48000:a=0.25:s=2[b];[a][b]amerge=inputs=2,volume=0.9" \
    -c:a flac -sample_fmt s16 "$flac"
fi

if [[ "${SKIP_BUILD:-0}" != 1 ]]; then ./mvnw -B -q -pl benchmarks -am package -DskipTests; fi

echo "== JMH: DecodeBenchmark (whole file per op, single shot)"
"$JAVA" --enable-native-access=ALL-UNNAMED -jar benchmarks/target/benchmarks.jar DecodeBenchmark \
  -p file="$PWD/$flac" -f 1 -wi 1 -i 5 -rf json -rff "$out/decode.json" | tail -n 6

peer() { # label, ffmpeg args...: 5 runs, mean and best, process start included
  local label=$1; shift
  local all=()
  for i in 1 2 3 4 5; do
    local t0 t1
    t0=$(date +%s%N); ffmpeg -nostdin -v error "$@"; t1=$(date +%s%N)
    all+=($(( (t1 - t0) / 1000000 )))
  done
  python3 - "$label" "$seconds" "${all[@]}" <<'PY'
import sys
label, secs, ms = sys.argv[1], float(sys.argv[2]), [int(x) for x in sys.argv[3:]]
mean = sum(ms) / len(ms)
print(f"{label:<46} {mean:8.0f} ms  {secs*1000/mean:8.0f} audio s/s   (best {min(ms)} ms: {secs*1000/min(ms):.0f} audio s/s)")
PY
}

echo "== results ($seconds s stereo 48 kHz 16-bit FLAC; JVM: $("$JAVA" -version 2>&1 | head -1); $(nproc) cores; $(ffmpeg -version | head -1 | cut -d' ' -f1-3))"
python3 - "$out/decode.json" "$seconds" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))[0]["primaryMetric"]; secs = float(sys.argv[2])
raw = [x for fork in r["rawData"] for x in fork]
print(f"{'themachine FfmpegReader (JMH, 5 shots)':<46} {r['score']:8.0f} ms  {secs*1000/r['score']:8.0f} audio s/s   (best {min(raw):.0f} ms: {secs*1000/min(raw):.0f} audio s/s)")
PY
peer "ffmpeg -threads 1 -f null -" -threads 1 -i "$flac" -f null -
peer "ffmpeg -threads 1 -f f32le (to float32)" -threads 1 -i "$flac" -f f32le -c:a pcm_f32le -y /dev/null
