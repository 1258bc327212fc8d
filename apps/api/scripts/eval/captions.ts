/**
 * `pnpm eval:captions`: word error rate of live captions. Every sentence of
 * `corpus/caption-sentences.ts` is spoken by four flite voices and espeak-ng; each voice's stream
 * is decoded whole by `pocketsphinx_continuous` (the reference) and streamed through a real Linnet
 * server (the captions). Prints WER per voice against the sentence text and the gate's figure:
 * Linnet's streaming segmentation may cost at most `MAX_WER_COST_POINTS` against the reference.
 * `pnpm --filter @linnet/api eval:captions [-- speed]` (default `DEFAULT_SPEED` times real time);
 * each voice's captions and reference words are left in `.corpus/captions/VOICE.{linnet,reference}.txt`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { CAPTION_SENTENCES } from '../corpus/caption-sentences.js';
import { renderCaptionCorpus } from './captions-corpus.js';
import { captionThroughLinnet } from './captions-linnet.js';
import { referenceWords } from './captions-reference.js';
import { normaliseWords, werPercent, wordErrors } from './captions-wer.js';

/** The budget: Linnet's streaming may cost this many WER points over the whole-file decode, overall. */
const MAX_WER_COST_POINTS = 3;
/**
 * Streaming speed. Real time: at 2× on 2 cores shared with other CI jobs, 5 live decoders (each
 * ~0.13 core at real time) plus the engine fell behind and dropped half the audio; real time also
 * makes the latency figures mean what they say.
 */
const DEFAULT_SPEED = 1;

const speed = Number(process.argv[2] ?? DEFAULT_SPEED);
const startedAt = performance.now();
const dir = join(import.meta.dirname, '../../.corpus/captions');

const streams = await renderCaptionCorpus(CAPTION_SENTENCES, dir);
const renderedS = Math.round((performance.now() - startedAt) / 1000);
const expected = CAPTION_SENTENCES.flatMap(normaliseWords);
// The references first, all at once: run alongside the live decoders they would starve them.
const references = await Promise.all(streams.map((stream) => referenceWords(stream.path)));
const referencedS = Math.round((performance.now() - startedAt) / 1000);
const linnet = await captionThroughLinnet(streams, speed);
const latencies = linnet.perVoice.flatMap((voice) => voice.latenciesMs).sort((a, b) => a - b);
const percentile = (p: number) => Math.round(latencies[Math.max(0, Math.ceil(latencies.length * p) - 1)] ?? NaN);

const rows = streams.map((stream, i) => {
  const reference = references[i]!;
  const captions = linnet.perVoice[i]!.captions.flatMap(normaliseWords);
  // For reading the differences: one caption per line, and the reference's words.
  writeFileSync(join(dir, `${stream.voice}.linnet.txt`), `${linnet.perVoice[i]!.captions.join('\n')}\n`);
  writeFileSync(join(dir, `${stream.voice}.reference.txt`), `${reference.join(' ')}\n`);
  return {
    voice: stream.voice,
    referenceErrors: wordErrors(expected, reference),
    linnetErrors: wordErrors(expected, captions),
    linnetVsReferenceErrors: wordErrors(reference, captions),
    referenceWords: reference.length,
    audioS: stream.samples.length / AUDIO_SAMPLE_RATE,
    decoderCpuS: linnet.perVoice[i]!.decoderCpuS,
  };
});
const sum = (pick: (row: (typeof rows)[number]) => number) => rows.reduce((total, row) => total + pick(row), 0);
const overall = {
  voice: 'overall',
  referenceErrors: sum((r) => r.referenceErrors),
  linnetErrors: sum((r) => r.linnetErrors),
  linnetVsReferenceErrors: sum((r) => r.linnetVsReferenceErrors),
  referenceWords: sum((r) => r.referenceWords),
  audioS: sum((r) => r.audioS),
  decoderCpuS: sum((r) => r.decoderCpuS),
};
const expectedPerVoice = expected.length;
const table = [...rows, overall].map((row) => {
  const words = row === overall ? expectedPerVoice * rows.length : expectedPerVoice;
  const referenceWer = werPercent(row.referenceErrors, words);
  const linnetWer = werPercent(row.linnetErrors, words);
  return {
    voice: row.voice,
    'reference WER %': referenceWer,
    'Linnet WER %': linnetWer,
    'difference (points)': Math.round((linnetWer - referenceWer) * 10) / 10,
    'Linnet vs reference WER %': werPercent(row.linnetVsReferenceErrors, row.referenceWords),
    'decoder CPU s per audio s': Math.round((row.decoderCpuS / row.audioS) * 1000) / 1000,
  };
});

console.log(`caption WER: ${CAPTION_SENTENCES.length} sentences (${expectedPerVoice} words) per voice, streamed at ${speed}x real time`);
console.table(table);
const cost = table.at(-1)!['difference (points)'];
const seconds = Math.round((performance.now() - startedAt) / 1000);
console.log(`caption latency (utterance end sent -> transcript-event), ${latencies.length} captions: p50 ${percentile(0.5)} ms, p95 ${percentile(0.95)} ms`);
console.log(`audio dropped ${linnet.audioDroppedS} s, decoder restarts ${linnet.restarts}; run ${seconds} s (corpus rendered by ${renderedS} s, references decoded by ${referencedS} s)`);
if (linnet.audioDroppedS > 0 || linnet.restarts > 0) {
  console.error('FAIL: the decoders dropped audio or restarted, so the captions do not measure segmentation; the machine was overloaded');
  process.exit(1);
}
if (cost > MAX_WER_COST_POINTS) {
  console.error(`FAIL: Linnet's streaming costs ${cost} WER points over the whole-file reference (at most ${MAX_WER_COST_POINTS})`);
  process.exit(1);
}
console.log(`PASS: Linnet's streaming costs ${cost} WER points over the whole-file reference (at most ${MAX_WER_COST_POINTS})`);
