#!/usr/bin/env bash
# Generates public/sample-speech.wav, the "Try a sample" recording: a short phone conversation
# (sample-script.txt) read by two flite voices, 16 kHz mono 16-bit PCM, each line delivered
# differently (calm, questioning, tense, hesitant) so its captions carry different tone labels.
# flite's rms and slt voices are the ones pocketsphinx's US-English model recognises best of the
# voices installed here (docs/captions.md, "Try a sample"). Needs flite and sox
# (apt-get install flite sox). Deterministic: same tools, same file. Re-run after changing the
# script and commit the WAV.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="$here/public/sample-speech.wav"
work="${SAMPLE_WORK_DIR:-$(mktemp -d)}"
trap 'rm -rf "$work"' EXIT

# flite settings and sox effects per delivery: mean pitch (Hz) and its spread, duration stretch
# (>1 slower), sox gain (dB) and the pause after the line (s).
delivery() {
  case "$1:$2" in
    rms:calm)         echo "95 8 1.05 -4 0.6" ;;
    slt:questioning)  echo "180 30 1.0 -2 0.6" ;;
    rms:tense)        echo "170 40 0.75 3 0.6" ;;
    slt:hesitant)     echo "150 10 1.2 -6 0.3" ;;
    *) echo "unknown voice or delivery: $1 $2" >&2; exit 1 ;;
  esac
}

parts=()
n=0
while IFS='|' read -r voice style words; do
  [[ -z "$voice" || "$voice" == \#* ]] && continue
  n=$((n + 1))
  read -r f0 spread stretch gain pause <<<"$(delivery "$voice" "$style")"
  flite -voice "$voice" --setf int_f0_target_mean="$f0" --setf int_f0_target_stddev="$spread" \
    --setf duration_stretch="$stretch" -t "$words" -o "$work/raw-$n.wav"
  sox -D "$work/raw-$n.wav" -r 16000 -c 1 -b 16 "$work/$n.wav" gain "$gain" pad 0 "$pause"
  parts+=("$work/$n.wav")
done <"$here/scripts/sample-script.txt"

sox -D "${parts[@]}" -r 16000 -c 1 -b 16 -e signed-integer "$out" pad 0.4 0.4 norm -3

soxi "$out"
