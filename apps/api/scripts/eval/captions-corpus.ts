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
import { addFaintNoise, joinPcm } from '../../src/captions/testing/flite-speech.js';

const run = promisify(execFile);

/**
 * Tuning voices: flite's four English voices pocketsphinx's US model knows in varying degrees, and
 * espeak-ng (the pre-roll was tuned on these with `CAPTION_SENTENCES`).
 */
export const CAPTION_VOICES = ['kal16', 'awb', 'rms', 'slt', 'espeak-ng'] as const;
/** Held-out voices, never used for tuning: Festival's diphone kal and ked, and its HTS slt. */
export const HELDOUT_CAPTION_VOICES = ['festival-kal', 'festival-ked', 'festival-slt-hts'] as const;
type Voice = (typeof CAPTION_VOICES)[number] | (typeof HELDOUT_CAPTION_VOICES)[number];

const FESTIVAL_VOICE: Record<string, string> = {
  'festival-kal': 'voice_kal_diphone',
  'festival-ked': 'voice_ked_diphone',
  'festival-slt-hts': 'voice_cmu_us_slt_arctic_hts',
};

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
  else if (voice.startsWith('festival-')) {
    // text2wave reads its text from a file (no stdin with execFile); the text file stays beside the audio.
    writeFileSync(`${rawPath}.txt`, text);
    await run('text2wave', [`${rawPath}.txt`, '-o', rawPath, '-eval', `(${FESTIVAL_VOICE[voice]})`]);
  } else await run('flite', ['-voice', voice, '-t', text, '-o', rawPath]);
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
  // The same deterministic ±20 dither the API's caption tests use.
  const samples = addFaintNoise(joinPcm(parts));
  const path = join(dir, `${voice}.wav`);
  writeFileSync(path, encodeWav({ sampleRate: AUDIO_SAMPLE_RATE, samples }));
  return { voice, path, samples };
}

/** Render each voice's stream of `sentences` into `dir`, voices in parallel. */
export async function renderCaptionCorpus(sentences: readonly string[], dir: string, voices: readonly Voice[] = CAPTION_VOICES): Promise<VoiceStream[]> {
  mkdirSync(dir, { recursive: true });
  return Promise.all(voices.map((voice) => renderVoice(voice, sentences, dir)));
}
