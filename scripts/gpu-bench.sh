#!/usr/bin/env bash
# Runs the GPU benchmarks on a machine with an NVIDIA GPU, with what scripts/gpu-carry.sh put in
# .gpu-carry/: JMH CudaBenchmark (device-resident batch, default 64 files x 60 s at 48 kHz; the
# loudness ops a second time with -p signal=programme), then
# the Python peers (torchaudio MelSpectrogram on CUDA, torch.stft = cuFFT alone, device-to-device
# and pinned host-to-device copies) in the same session, then the table of ratios.
#   scripts/gpu-bench.sh                         # defaults
#   scripts/gpu-bench.sh -p files=128            # JMH options pass through
#   JMH_OPTS="-f 1 -wi 1 -i 2" scripts/gpu-bench.sh   # replaces the default run lengths (both benchmarks)
#   HPSS_OPTS="-p seconds=120" scripts/gpu-bench.sh     # options for CudaHpssBenchmark only
#   ONLY=hpss scripts/gpu-bench.sh                      # only the HPSS part (ONLY=mel: only the first)
# Results (JSON) go to $OUT/gpu-bench when $OUT is set, else .gpu-carry/results.
set -euo pipefail
cd "$(dirname "$0")/.."
c=.gpu-carry
[ -x "$c/jre/bin/java" ] || { echo "no $c/jre: run scripts/gpu-carry.sh on the build machine first" >&2; exit 2; }
. scripts/cuda-env.sh
res=${OUT:+$OUT/gpu-bench}
res=${res:-$c/results}
mkdir -p "$res"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv,noheader | tee "$res/device.txt" || true
if [ "${ONLY:-}" != hpss ]; then
"$c/jre/bin/java" --enable-native-access=ALL-UNNAMED -cp "$c/app/*:$c/lib/*" org.openjdk.jmh.Main CudaBenchmark \
  ${JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 2s} -rf json -rff "$res/jmh-cuda.json" "$@" | tee "$res/jmh-cuda.txt"
# The loudness ops again on programme-like levels (the maxima kernel prunes most runs there; the
# default noise input is its worst case). Skipped with LOUDNESS_PROGRAMME=0.
if [ "${LOUDNESS_PROGRAMME:-1}" != 0 ]; then
  "$c/jre/bin/java" --enable-native-access=ALL-UNNAMED -cp "$c/app/*:$c/lib/*" org.openjdk.jmh.Main 'CudaBenchmark\.loudness(NoMaxima|FusedPass)?$' \
    -p signal=programme ${JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 2s} -rf json -rff "$res/jmh-cuda-programme.json" "$@" | tee "$res/jmh-cuda-programme.txt"
fi
files=$(sed -n 's/.*"files" *: *"\([0-9]*\)".*/\1/p' "$res/jmh-cuda.json" | head -1)
seconds=$(sed -n 's/.*"seconds" *: *"\([0-9]*\)".*/\1/p' "$res/jmh-cuda.json" | head -1)
rate=$(sed -n 's/.*"rate" *: *"\([0-9]*\)".*/\1/p' "$res/jmh-cuda.json" | head -1)
if command -v python3 >/dev/null; then
  python3 benchmarks/cuda-peer.py --files "${files:-64}" --seconds "${seconds:-60}" --rate "${rate:-48000}" > "$res/peer.json" || echo '{"error":"peer script failed"}' > "$res/peer.json"
  python3 benchmarks/cuda-compare.py "$res/jmh-cuda.json" "$res/peer.json" | tee "$res/summary.txt"
  if [ -s "$res/jmh-cuda-programme.json" ]; then
    python3 benchmarks/cuda-compare.py "$res/jmh-cuda-programme.json" | tee -a "$res/summary.txt"
  fi
else
  echo "python3 not found: peers not run" | tee "$res/summary.txt"
fi
fi

if [ "${ONLY:-}" != mel ]; then
"$c/jre/bin/java" --enable-native-access=ALL-UNNAMED -cp "$c/app/*:$c/lib/*" org.openjdk.jmh.Main CudaHpssBenchmark \
  ${JMH_OPTS:--f 1 -wi 3 -i 5 -w 2s -r 2s} ${HPSS_OPTS:-} -rf json -rff "$res/jmh-hpss.json" | tee "$res/jmh-hpss.txt"
seconds=$(sed -n 's/.*"seconds" *: *"\([0-9]*\)".*/\1/p' "$res/jmh-hpss.json" | head -1)
rate=$(sed -n 's/.*"rate" *: *"\([0-9]*\)".*/\1/p' "$res/jmh-hpss.json" | head -1)
kernel=$(sed -n 's/.*"kernel" *: *"\([0-9]*\)".*/\1/p' "$res/jmh-hpss.json" | head -1)
if command -v python3 >/dev/null; then
  python3 benchmarks/cuda-peer.py --hpss --seconds "${seconds:-60}" --rate "${rate:-44100}" --kernel "${kernel:-31}" > "$res/peer-hpss.json" || echo '{"error":"peer script failed"}' > "$res/peer-hpss.json"
  python3 benchmarks/cuda-compare.py "$res/jmh-hpss.json" "$res/peer-hpss.json" | tee "$res/summary-hpss.txt"
else
  echo "python3 not found: peers not run" | tee "$res/summary-hpss.txt"
fi
fi
