#!/usr/bin/env bash
# Runs the GPU suite (@Tag("gpu") classes *GpuTest, plus NvrtcCompileTest and LoudnessCasesTest, whose CUDA
# rows hold the device to the published loudness cases) on a machine with an NVIDIA GPU, with the
# runtime and jars that scripts/gpu-carry.sh put in .gpu-carry/ (nothing else needed but the
# driver). Prints the tree of results and the device; exit status is JUnit's. Extra arguments go
# to the JUnit console launcher (e.g. --select-class io.themachine.audio.internal.cuda.CudaOwnersGpuTest).
#   scripts/gpu-carry.sh          # on the build machine
#   scripts/gpu-test.sh           # on the GPU machine, from the repository root
# Reports (XML) go to $OUT/gpu-test when $OUT is set, else .gpu-carry/reports.
set -euo pipefail
cd "$(dirname "$0")/.."
c=.gpu-carry
[ -x "$c/jre/bin/java" ] || { echo "no $c/jre: run scripts/gpu-carry.sh on the build machine first" >&2; exit 2; }
. scripts/cuda-env.sh
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || echo "nvidia-smi not found"
cp=$(ls $c/app/*.jar $c/lib/*.jar | grep -v console-standalone | tr '\n' ':')
reports=${OUT:+$OUT/gpu-test}
reports=${reports:-$c/reports}
mkdir -p "$reports"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(--scan-class-path "$c/app/sdk-audio-native-tests.jar" --include-classname '.*(GpuTest|NvrtcCompileTest|LoudnessCasesTest)')
exec "$c/jre/bin/java" --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector -Xmx24g \
  -jar $c/lib/junit-platform-console-standalone.jar execute \
  --class-path "$cp" --details=tree --details-theme=ascii --disable-ansi-colors --disable-banner --reports-dir "$reports" "${args[@]}"
