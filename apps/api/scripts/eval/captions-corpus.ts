/**
 * The caption evaluation's audio: every sentence spoken by each voice, chained into one session
 * stream per voice with pauses, rendered into git-ignored `apps/api/.corpus/captions/`.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { decodeWav, encodeWav } from '@linnet/engine';

const run = promisify(execFile);

/** flite's four English voices pocketsphinx's US model knows in varying degrees, and espeak-ng. */
export const CAPTION_VOICES = ['kal16', 'awb', 'rms', 'slt', 'espeak-ng'] as const;
type Voice = (typeof CAPTION_VOICES)[number];

/**
 * Between sentences, as between turns on a call: longer than the captioner's 0.6 s utterance cut
 * and long enough for the engine to hear nobody, so each sentence ends its own utterance.
 */
const PAUSE_S = 1.2;

export interface VoiceStream {
  voice: Voice;
  /** 16 kHz mono 16-bit WAV of the whole stream. */
  path: string;
  samples: Int16Array;
}

async function speak(voice: Voice, text: string, rawPath: string): Promise<void> {
  if (voice === 'espeak-ng') await run('espeak-ng', ['-v', 'en-us', '-w', rawPath, text]);
  else await run('flite', ['-voice', voice, '-t', text, '-o', rawPath]);
}

/** Render one voice's stream: each sentence, then a pause; faint noise throughout (no room is digitally silent). */
async function renderVoice(voice: Voice, sentences: readonly string[], dir: string): Promise<VoiceStream> {
  const parts: Int16Array[] = [];
  for (const [i, sentence] of sentences.entries()) {
    const raw = join(dir, `${voice}-${i}.raw.wav`);
    const wav = join(dir, `${voice}-${i}.wav`);
    await speak(voice, sentence, raw);
    await run('sox', [raw, '-r', String(AUDIO_SAMPLE_RATE), '-c', '1', '-b', '16', wav, 'pad', '0', String(PAUSE_S)]);
    parts.push(decodeWav(readFileSync(wav)).samples);
  }
  const samples = new Int16Array(parts.reduce((n, part) => n + part.length, 0));
  parts.reduce((at, part) => (samples.set(part, at), at + part.length), 0);
  // The same deterministic ±20 dither the API's caption tests use.
  for (let s = 0; s < samples.length; s++) samples[s] = samples[s]! + ((s * 7919) % 41) - 20;
  const path = join(dir, `${voice}.wav`);
  writeFileSync(path, encodeWav({ sampleRate: AUDIO_SAMPLE_RATE, samples }));
  return { voice, path, samples };
}

/** Render every voice's stream into `dir`, voices in parallel. */
export async function renderCaptionCorpus(sentences: readonly string[], dir: string): Promise<VoiceStream[]> {
  mkdirSync(dir, { recursive: true });
  return Promise.all(CAPTION_VOICES.map((voice) => renderVoice(voice, sentences, dir)));
}
