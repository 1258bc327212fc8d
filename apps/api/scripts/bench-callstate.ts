/**
 * CPU cost of the call-state detector per second of 16 kHz audio: 60 s of mixed call audio
 * (ringback, DTMF, music, speech-like modulated harmonics, noise) in 1000 ms windows; median of 7 runs after 2 warm-up runs.
 */
import { createCallStateDetector } from '@linnet/engine';

const RATE = 16000;
const SECONDS = 60;

/** Deterministic mixed test audio, built in memory so the bench needs no corpus. */
function callAudio(): Float32Array {
  const out = new Float32Array(RATE * SECONDS);
  let seed = 12345;
  const noise = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32 - 0.5) * 0.002;
  for (let n = 0; n < out.length; n++) {
    const t = n / RATE;
    const phase = t % 15;
    let x = noise();
    if (t < 15) x += (t % 6 < 2 ? 0.1 : 0) * (Math.sin(2 * Math.PI * 440 * t) + Math.sin(2 * Math.PI * 480 * t));
    else if (t < 30) x += phase % 0.2 < 0.1 ? 0.1 * (Math.sin(2 * Math.PI * 770 * t) + Math.sin(2 * Math.PI * 1336 * t)) : 0;
    else if (t < 45) x += 0.1 * (Math.sin(2 * Math.PI * 261.6 * t) + Math.sin(2 * Math.PI * 329.6 * t) + Math.sin(2 * Math.PI * 392 * t));
    else {
      // Vowel-like harmonics with a 4 Hz syllable envelope.
      const envelope = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
      for (let h = 1; h <= 8; h++) x += (0.15 / h) * envelope * Math.sin(2 * Math.PI * 140 * h * t);
    }
    out[n] = x;
  }
  return out;
}

const audio = callAudio();
const runs: number[] = [];
// Two warm-up runs let the JIT compile the hot loops (a live server is always warm); not counted.
for (let run = -2; run < 7; run++) {
  const detector = createCallStateDetector({ sampleRate: RATE });
  const before = process.cpuUsage();
  for (let at = 0; at < audio.length; at += RATE) detector.process(audio.subarray(at, at + RATE), at / RATE);
  const used = process.cpuUsage(before);
  if (run >= 0) runs.push((used.user + used.system) / 1000 / SECONDS);
}
runs.sort((a, b) => a - b);
const median = runs[Math.floor(runs.length / 2)]!;
console.log(
  `call-state on call tones (ringback, DTMF, chords, modulated harmonics): ${median.toFixed(3)} ms CPU per second of audio (${runs[0]!.toFixed(3)}-${runs.at(-1)!.toFixed(3)}), median (min-max) of ${runs.length} runs over ${SECONDS} s after 2 warm-up`,
);
