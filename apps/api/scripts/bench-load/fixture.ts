/**
 * The speech every load session streams: the tone corpus when `pnpm corpus` has built it, otherwise
 * espeak-ng sentences resampled by sox, with pauses between them so speaker events come and go.
 * Rendered once into apps/api/.corpus/bench-load/ (git-ignored) and reused.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AUDIO_FRAME_BYTES, AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { ToneCorpusManifestSchema } from '../corpus/tone-manifest.js';
import { readWav } from '../read-wav.js';

const CORPUS_DIR = fileURLToPath(new URL('../../.corpus/', import.meta.url));
const TONE_DIR = `${CORPUS_DIR}tone/`;
const OUT_DIR = `${CORPUS_DIR}bench-load/`;
const SPEECH_PCM = `${OUT_DIR}espeak-speech.s16le`;

/** Length of the looped speech; sessions start at random points in it. @default 60 s */
const TARGET_S = 60;

const SENTENCES = [
  'Thanks for calling, how can I help you today?',
  'I have been waiting on hold for forty minutes and nobody has called me back.',
  'Could you check the order number again for me, please?',
  'Right, okay. I think that should work.',
  'No, that is not what I asked for at all!',
  'Sorry about that, let me put you through to the billing team.',
  'Is there anything else I can do for you?',
  'Well, I am not really sure, maybe next week would be better.',
];
const VOICES = ['en-us', 'en', 'en-us+f3', 'en+m3'];
const PAUSES_S = [0.4, 1.6, 0.8, 2.5];

/** Where the speech came from, and its 16 kHz mono Int16 LE bytes cut to whole 100 ms frames. */
export interface SpeechFixture {
  source: string;
  pcm: Buffer;
}

function fromToneCorpus(): Buffer | null {
  if (!existsSync(`${TONE_DIR}manifest.json`)) return null;
  const { files } = ToneCorpusManifestSchema.parse(JSON.parse(readFileSync(`${TONE_DIR}manifest.json`, 'utf8')));
  const parts: Buffer[] = [];
  let bytes = 0;
  for (const { file } of files.filter((_, i) => i % 5 === 0)) {
    const { samples, sampleRate } = readWav(`${TONE_DIR}${file}`);
    if (sampleRate !== AUDIO_SAMPLE_RATE) continue;
    parts.push(Buffer.from(samples.buffer, samples.byteOffset, samples.byteLength));
    bytes += samples.byteLength;
    if (bytes >= TARGET_S * AUDIO_SAMPLE_RATE * 2) break;
  }
  return parts.length ? Buffer.concat(parts) : null;
}

function renderEspeak(): Buffer {
  const parts: Buffer[] = [];
  let bytes = 0;
  for (let i = 0; bytes < TARGET_S * AUDIO_SAMPLE_RATE * 2; i++) {
    const wav = `${OUT_DIR}sentence.wav`;
    execFileSync('espeak-ng', ['-v', VOICES[i % VOICES.length]!, '-s', String(150 + 15 * (i % 4)), '-w', wav, SENTENCES[i % SENTENCES.length]!]);
    const raw = execFileSync('sox', [wav, '-t', 'raw', '-r', String(AUDIO_SAMPLE_RATE), '-c', '1', '-b', '16', '-e', 'signed-integer', '-L', '-']);
    const pause = Buffer.alloc(2 * Math.round(PAUSES_S[i % PAUSES_S.length]! * AUDIO_SAMPLE_RATE));
    parts.push(raw, pause);
    bytes += raw.length + pause.length;
  }
  rmSync(`${OUT_DIR}sentence.wav`, { force: true });
  return Buffer.concat(parts);
}

/** Load (rendering on first use) the speech fixture. */
export function loadSpeech(): SpeechFixture {
  const corpus = fromToneCorpus();
  let pcm: Buffer;
  let source: string;
  if (corpus) {
    pcm = corpus;
    source = 'tone corpus (apps/api/.corpus/tone)';
  } else {
    if (!existsSync(SPEECH_PCM)) {
      mkdirSync(OUT_DIR, { recursive: true });
      writeFileSync(SPEECH_PCM, renderEspeak());
    }
    pcm = readFileSync(SPEECH_PCM);
    source = 'espeak-ng sentences (apps/api/.corpus/bench-load)';
  }
  const wholeFrames = Math.floor(pcm.length / AUDIO_FRAME_BYTES);
  return { source, pcm: pcm.subarray(0, wholeFrames * AUDIO_FRAME_BYTES) };
}
