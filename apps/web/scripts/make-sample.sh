#!/usr/bin/env bash
# Generates public/sample-speech.wav, the "Try a sample" recording: about 9 s of synthetic speech,
# 16 kHz mono 16-bit PCM, with varied delivery (calm, hurried and louder, a rising question) so the
# tone engine has something to label. Needs espeak-ng and sox (apt-get install espeak-ng sox).
# Deterministic: same tools, same file. Re-run after changing the lines below and commit the WAV.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/public/sample-speech.wav"
work="${SAMPLE_WORK_DIR:-$(mktemp -d)}"
trap 'rm -rf "$work"' EXIT

# speak <file> <voice> <words/min> <pitch 0-99> <amplitude 0-200> <text>
speak() {
  espeak-ng -v "$2" -s "$3" -p "$4" -a "$5" -w "$work/raw-$1.wav" "$6"
  sox -D "$work/raw-$1.wav" -r 16000 -c 1 -b 16 "$work/$1.wav" gain -3
}

speak 1 en-us 150 45 100 "Hello, thanks for calling back about my order."
speak 2 en-us 215 70 180 "It has been three weeks and nobody told me anything!"
speak 3 en-gb 140 50 110 "Could you check where the parcel is now?"

sox -D -n -r 16000 -c 1 -b 16 "$work/gap.wav" trim 0 0.4
sox -D "$work/1.wav" "$work/gap.wav" "$work/2.wav" "$work/gap.wav" "$work/3.wav" \
  -r 16000 -c 1 -b 16 -e signed-integer "$out" norm -3

soxi "$out"
