#!/usr/bin/env bash
# Makes the demo's small sample recordings in this folder: speech from espeak-ng mixed with
# music-like tones and noise. Every name, tag and e-mail below is FAKE personal data, there so
# that the demo can show that none of it reaches the library, its logs or its manifests.
#
#   examples/samples/make-samples.sh        # needs espeak-ng, sox and ffmpeg (installs them with apt-get)
#
# What it makes (under 3 MB together):
#   calls/recv_out-<phone>-<name>.wav   left side of a phone call, 8 kHz mono PCM
#   calls/trans_out-<phone>-<name>.wav  right side, 8 kHz mono PCM
#   calls/out-<phone>-<name>.wav        both sides mixed, 8 kHz mono PCM
#   music/<artist> - <title>.mp3        stereo music-like piece, 22.05 kHz, ID3v2 tags
#   interviews/<name>.m4a               interview-like mono AAC with iTunes-style tags
#
# Deterministic enough: espeak-ng and sox (run with -R, repeatable noise) give the same samples
# on the same versions; ffmpeg runs with bitexact flags so it writes no encoder version. What may
# vary between machines: espeak-ng's voice data version and the mp3/aac encoders' versions change
# the audio bytes (never the names or tags).
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v espeak-ng >/dev/null || need+=(espeak-ng)
command -v sox >/dev/null || need+=(sox)
command -v ffmpeg >/dev/null || need+=(ffmpeg)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]}" >&2
  SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

# The fake people. tests (DemoPrivacyTest) grep the library for these strings: keep them in sync.
CALLER_PHONE="15550142"            # fake (555-01xx is reserved for fiction)
CALLER_NAME="zelda_quixmore"
ARTIST="Bartholomew Fakely"
ARTIST_MAIL="bart.fakely@example.org"
ARTIST_PHONE="+1-555-0199"
GUEST="Ximena Fakeson"
GUEST_MAIL="ximena.fakeson@example.net"

work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
FF=(ffmpeg -nostdin -hide_banner -loglevel error -y -fflags +bitexact)

say() { # say OUT.wav RATE "text" [voice]
  espeak-ng -v "${4:-en-us}" -s 150 -w "$work/say.wav" "$3"
  sox -R "$work/say.wav" -r "$2" -c 1 "$1"
}

rm -rf calls music interviews
mkdir -p calls music interviews

# --- a phone call, as the original tool received it: left, right, mixed; 8 kHz --------------------
say "$work/left.wav" 8000 "Hello, this is Zelda Quixmore. I am calling about my order, number four two seven. Can you hear me?"
say "$work/right.wav" 8000 "Yes, I can hear you. Your order left the warehouse this morning. Anything else I can do?" en-gb
# pad both to 9 s; the right side answers after the left side spoke
sox -R "$work/left.wav" "$work/left9.wav" pad 0.3 9 trim 0 9
sox -R "$work/right.wav" "$work/right9.wav" pad 4.5 9 trim 0 9
# line noise and a hum under each side
sox -R -n -r 8000 -c 1 "$work/noise.wav" synth 9 pinknoise vol 0.02
sox -R -n -r 8000 -c 1 "$work/hum.wav" synth 9 sine 50 vol 0.01
sox -R -m "$work/left9.wav" "$work/noise.wav" "$work/hum.wav" -b 16 "calls/recv_out-${CALLER_PHONE}-${CALLER_NAME}.wav"
sox -R -m "$work/right9.wav" "$work/noise.wav" -b 16 "calls/trans_out-${CALLER_PHONE}-${CALLER_NAME}.wav"
sox -R -m "calls/recv_out-${CALLER_PHONE}-${CALLER_NAME}.wav" "calls/trans_out-${CALLER_PHONE}-${CALLER_NAME}.wav" \
  -b 16 "calls/out-${CALLER_PHONE}-${CALLER_NAME}.wav"

# --- a stereo music-like piece: chords, a melody, a little noise; MP3 with ID3v2 tags ------------
sox -R -n -r 22050 -c 1 "$work/chord1.wav" synth 2 sine 220 sine 277.18 sine 329.63 fade 0.05 2 0.3 vol 0.25
sox -R -n -r 22050 -c 1 "$work/chord2.wav" synth 2 sine 196 sine 246.94 sine 293.66 fade 0.05 2 0.3 vol 0.25
sox -R "$work/chord1.wav" "$work/chord2.wav" "$work/chord1.wav" "$work/chord2.wav" "$work/chords.wav"
sox -R -n -r 22050 -c 1 "$work/melody.wav" synth 1 pluck 440 synth 1 pluck 494 : synth 1 pluck 554 : synth 1 pluck 659 \
  : synth 1 pluck 554 : synth 1 pluck 494 : synth 1 pluck 440 : synth 1 pluck 392 vol 0.3
sox -R -n -r 22050 -c 1 "$work/hiss.wav" synth 8 brownnoise vol 0.03
sox -R -M "$work/chords.wav" "$work/melody.wav" "$work/stereo.wav" remix 1v0.8,2v0.3 1v0.3,2v0.8
sox -R -m "$work/stereo.wav" <(sox -R "$work/hiss.wav" -c 2 -t wav -) "$work/music.wav" trim 0 8
"${FF[@]}" -i "$work/music.wav" -c:a libmp3lame -b:a 96k -id3v2_version 3 \
  -metadata artist="$ARTIST" -metadata title="Private Song for Zelda" -metadata album="Home Recordings" \
  -metadata comment="call me at $ARTIST_PHONE or write to $ARTIST_MAIL" \
  "music/${ARTIST} - Private Song.mp3"

# --- an interview-like mono file: two voices over room tone; M4A (AAC) with tags -------------------
say "$work/q.wav" 16000 "Ximena, thank you for coming. How did you start recording sounds?"
say "$work/a.wav" 16000 "I started with a small recorder my grandmother gave me, in the kitchen, every Sunday." en-gb
sox -R "$work/q.wav" "$work/a.wav" "$work/qa.wav" pad 0.2 0.4
len=$(sox --i -D "$work/qa.wav")
sox -R -n -r 16000 -c 1 "$work/room.wav" synth "$len" brownnoise vol 0.015
sox -R -m "$work/qa.wav" "$work/room.wav" "$work/interview.wav"
"${FF[@]}" -i "$work/interview.wav" -c:a aac -b:a 48k -ac 1 \
  -metadata title="Interview with $GUEST" -metadata artist="$GUEST" \
  -metadata comment="contact: $GUEST_MAIL" -metadata date="2026-03-14" \
  "interviews/interview-ximena-fakeson-2026-03-14.m4a"

du -ch calls music interviews | tail -1 >&2
