#!/usr/bin/env bash
# Builds what must travel to a GPU machine into .gpu-carry/ (git-ignored), so that machine needs
# nothing installed but the NVIDIA driver (and, for the peer figures, Python with torch/torchaudio):
#   .gpu-carry/jre/   a jlink-ed JDK 25 runtime (java.base, java.logging, java.sql, jdk.unsupported,
#                     jdk.incubator.vector, java.management and java.xml for JMH and the JUnit
#                     console, jdk.management for JMH's GC profiler, jdk.zipfs for JUnit's jar scanning)
#   .gpu-carry/app/   the SDK's own classes as jars: SPI, sdk-audio-native (+ its tests), benchmarks
#   .gpu-carry/lib/   slf4j, AssertJ, JMH (+ jopt-simple, commons-math3), the JUnit console launcher
# No FFmpeg and no PyTorch jars: the CUDA path needs java.lang.foreign and the driver only.
# Prints the size and fails above 64 MiB. Then, on the GPU machine: scripts/gpu-test.sh, scripts/gpu-bench.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
. .mvn/find-jdk.sh
JDK=$(themachine_find_jdk 25)
out="$root/.gpu-carry"
rm -rf "$out"
mkdir -p "$out/app" "$out/lib"

# Compile main and test classes (JMH's annotation processor writes the benchmark list).
./mvnw -B -q -pl sdk-audio-native,benchmarks -am test-compile -Dspotless.check.skip=true

jarit() { "$JDK/bin/jar" --create --file "$1" -C "$2" .; }
jarit "$out/app/sdk-extensions-spi.jar" sdk-extensions-spi/target/classes
jarit "$out/app/sdk-audio-native.jar" sdk-audio-native/target/classes
jarit "$out/app/sdk-audio-native-tests.jar" sdk-audio-native/target/test-classes
jarit "$out/app/benchmarks.jar" benchmarks/target/classes

# Versions from the parent pom; jars through Maven, from the local repository or Central.
prop() { sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" pom.xml | head -1; }
junit_platform=$(prop junit.version | sed 's/^5\./1./')
for a in \
  "org.slf4j:slf4j-api:$(prop slf4j.version)" \
  "org.slf4j:slf4j-simple:$(prop slf4j.version)" \
  "org.assertj:assertj-core:$(prop assertj.version)" \
  "org.openjdk.jmh:jmh-core:$(prop jmh.version)" \
  "net.sf.jopt-simple:jopt-simple:5.0.4" \
  "org.apache.commons:commons-math3:3.6.1" \
  "org.junit.platform:junit-platform-console-standalone:$junit_platform"; do
  ./mvnw -B -q dependency:copy -Dartifact="$a" -DoutputDirectory="$out/lib" -Dmdep.stripVersion=true
done

"$JDK/bin/jlink" --add-modules java.base,java.logging,java.sql,jdk.unsupported,jdk.incubator.vector,java.management,java.xml,jdk.management,jdk.zipfs \
  --strip-debug --no-man-pages --no-header-files --compress=zip-9 --output "$out/jre"
"$out/jre/bin/java" --version | head -1

bytes=$(du -sb "$out" | cut -f1)
printf 'gpu-carry: %s (%.1f MiB): jre %s, app %s, lib %s\n' "$out" "$(echo "$bytes / 1048576" | bc -l)" \
  "$(du -sh "$out/jre" | cut -f1)" "$(du -sh "$out/app" | cut -f1)" "$(du -sh "$out/lib" | cut -f1)"
if [ "$bytes" -gt $((64 * 1024 * 1024)) ]; then
  echo "gpu-carry: over the 64 MiB limit" >&2
  exit 1
fi
