#!/usr/bin/env bash
# Peak memory of the TorchScript runner against input length: separates a generated stereo input
# (streamed from a formula, nothing on disk) of 10 minutes and of 2 hours in two JVMs with the same
# flags, with the committed tiny HDemucs fixture (8 kHz, 3000-sample segments, normalised: two passes
# over the source), batch 8, a residual stem, and prints peak RSS (VmHWM: Java heap, libtorch's
# native allocations and the runner's native buffers together) of each, and the difference.
# Target: the 2-hour run at most 32 MiB above the 10-minute one.
#   benchmarks/torch-memory.sh [THREADS=1] [LONG_MINUTES=120]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
threads=${1:-1}
long=${2:-120}
. "$root/.mvn/find-jdk.sh"
JAVA_HOME=$(themachine_find_jdk 25)
"$root/mvnw" -B -q -f "$root/pom.xml" -pl sdk-audio-native -am test-compile
cp_file="$root/sdk-audio-native/target/torch-bench.classpath"
"$root/mvnw" -B -q -f "$root/sdk-audio-native/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$cp_file" >/dev/null
cp="$root/sdk-audio-native/target/classes:$root/sdk-audio-native/target/test-classes:$(cat "$cp_file")"
model="$root/sdk-audio-native/target/test-classes/io/themachine/audio/internal/torch/hdemucs_tiny.pt"
out=$(mktemp)
for minutes in 10 "$long"; do
  /usr/bin/time -f "time %e s wall, %M KiB max RSS" "$JAVA_HOME/bin/java" -Xms64m -Xmx256m --enable-native-access=ALL-UNNAMED \
    -cp "$cp" io.themachine.audio.internal.torch.TorchBenchMain memory "$model" "$minutes" "$threads" 8 2>&1 | tee -a "$out"
done
python3 - "$out" <<'PY'
import re, sys
peaks = [float(m.group(1)) for m in re.finditer(r"peak RSS ([0-9.]+) MiB", open(sys.argv[1]).read())]
print(f"peak RSS: short {peaks[0]:.1f} MiB, long {peaks[1]:.1f} MiB, difference {peaks[1] - peaks[0]:+.1f} MiB (target <= 32)")
PY
rm -f "$out"
