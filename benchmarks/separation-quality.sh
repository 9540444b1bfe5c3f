#!/usr/bin/env bash
# Separation quality: builds synthetic mixtures of known stems (harmonic chords, percussive bursts,
# a repeating loop, speech spoken by espeak-ng, two notes) and prints SI-SDR / SDR per stem for every
# DSP method and the improvement over the trivial estimate (mixture / number of stems).
# Usage: benchmarks/separation-quality.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
. "$root/.mvn/find-jdk.sh"
java_home="$(themachine_find_jdk 25)"
(cd "$root" && ./mvnw -B -q -pl benchmarks -am package -DskipTests)
mkdir -p "$here/results"
speech=()
if command -v espeak-ng >/dev/null; then
  espeak-ng -v en -s 150 -w "$here/results/speech.wav" \
    "The machine listens to every recording once, splits the voice from the music, and files both. \
Nothing leaves this computer. Classical methods need no weights: median filters, repetition and \
matrix factorisation. Twenty seconds of speech are enough to hear whether the vocals come out clean."
  speech=("$here/results/speech.wav")
else
  echo "espeak-ng not found: the voice is a seeded melody" >&2
fi
"$java_home/bin/java" --add-modules jdk.incubator.vector -Xmx6g -cp "$here/target/benchmarks.jar" \
  io.themachine.benchmarks.SeparationQuality "${speech[@]}"
