#!/usr/bin/env bash
# Times the SDK's loudness kernels and libebur128 (Debian's libebur128-dev, through a small C
# harness) on the same samples in one run, and prints real-time factors and ratios.
#
#   benchmarks/loudness-peer.sh [SECONDS=600] [REPEATS=5]
#
# Needs: the shaded jar (./mvnw -B -q -pl benchmarks -am package -DskipTests), gcc, and
# libebur128-dev (installed with apt-get when missing). The box may be shared: only ratios
# measured in the same run mean anything.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_ARG="${1:-600}"
REPEATS="${2:-5}"
WORK="benchmarks/target/peer"
mkdir -p "$WORK"

if ! dpkg -s libebur128-dev >/dev/null 2>&1; then
  echo "# installing libebur128-dev" >&2
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO apt-get install -y -qq libebur128-dev >/dev/null
fi
gcc -O2 -o "$WORK/ebur128_peer" benchmarks/peer/ebur128_peer.c -lebur128 -lm

. .mvn/find-jdk.sh
JAVA_HOME_25="$(themachine_find_jdk 25)"
JAR=benchmarks/target/benchmarks.jar
[ -f "$JAR" ] || ./mvnw -B -q -pl benchmarks -am package -DskipTests

RAW="$WORK/prog${SECONDS_ARG}.f32"
OUT="$WORK/results.txt"
"$JAVA_HOME_25/bin/java" --add-modules jdk.incubator.vector -Xmx6g -cp "$JAR" \
  io.themachine.benchmarks.LoudnessPeer "$SECONDS_ARG" "$RAW" "$REPEATS" 2>/dev/null > "$OUT"
"$WORK/ebur128_peer" "$RAW" 2 48000 "$REPEATS" >> "$OUT"

# Agreement on mono, 5.1 and 7.1 (first min(SECONDS,120) s, built from the stereo programme).
agree() { # layout channels roles
  "$WORK/ebur128_peer" "$WORK/prog_$1.f32" "$2" 48000 1 "$3" | awk -v l="$1" '$2=="full" {print "peer", l, $4, $5, $6, $7}'
}
{ agree mono 1 1; agree 5.1 6 1,2,3,0,4,5; agree 7.1 8 1,2,3,0,13,14,11,12; } > "$WORK/agree.txt"
echo "# agreement with libebur128 (same samples; TP: ours is Annex 2, libebur128 its 49-tap filter)"
awk 'NR==FNR { if ($1=="agree") { I[$2]=$3; L[$2]=$4; T[$2]=$5; S[$2]=$6 } next }
     { printf "%-5s  I %9.4f vs %9.4f (d %+.4f)  LRA %7.4f vs %7.4f (d %+.4f)  TP %8.4f vs %8.4f (d %+.4f)  SP d %+.4f\n",
         $2, I[$2], $3, I[$2]-$3, L[$2], $4, L[$2]-$4, T[$2], $5, T[$2]-$5, S[$2]-$6 }' "$OUT" "$WORK/agree.txt"

echo "# ${SECONDS_ARG} s stereo 48 kHz float32, best of ${REPEATS}; $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
awk -v dur="$SECONDS_ARG" '
  /^#/ { print; next }
  /^agree/ { next }
  { who=$1; be=($1=="java")?$2:"-"; mode=($1=="java")?$3:$2; t=($1=="java")?$4:$3;
    i=($1=="java")?$5:$4; lra=($1=="java")?$6:$5; tp=($1=="java")?$7:$6; sp=($1=="java")?$8:$7;
    key=who "/" be "/" mode; time[key]=t; if (who=="libebur128") lib[mode]=t;
    rows[++n]=key; I[key]=i; L[key]=lra; T[key]=tp; S[key]=sp }
  END {
    printf "%-26s %10s %10s %10s %9s %9s %9s %9s\n", "implementation/mode", "seconds", "x realtime", "vs libebur128", "I", "LRA", "TP", "SP";
    for (k=1; k<=n; k++) { key=rows[k]; split(key, p, "/"); mode=p[3];
      printf "%-26s %10.4f %10.0f %10.2fx %9s %9s %9s %9s\n", key, time[key], dur/time[key], lib[mode]/time[key], I[key], L[key], T[key], S[key] }
  }' "$OUT"
