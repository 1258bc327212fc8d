import { encodeWav } from '@linnet/engine';
import { DEFAULTS } from '../defaults.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { Recogniser, RecognisedWord, RecogniserHooks, RecogniserSession, RecogniserTrouble } from './transcriber.js';
import {
  createWhisperClient,
  WHISPER_FAILURE_KINDS,
  WhisperError,
  type WhisperApi,
  type WhisperClient,
  type WhisperFailureKind,
} from './whisper-client.js';
import { UtteranceCutter, type Utterance, type UtteranceCutterOptions } from './whisper-utterances.js';

// A server slower than speech falls behind; beyond this many waiting utterances the oldest is
// dropped, so captions stay current instead of arriving a minute late.
const MAX_QUEUED_UTTERANCES = 3;

export interface WhisperRecogniserOptions extends Pick<UtteranceCutterOptions, 'maxUtteranceS' | 'minUtteranceS'> {
  /** WHISPER_URL. */
  url: string;
  /** WHISPER_API. @default DEFAULTS.whisperApi */
  api?: WhisperApi;
  /** WHISPER_MODEL, for OpenAI-compatible servers. @default DEFAULTS.whisperModel */
  model?: string;
  /** WHISPER_TIMEOUT_MS. @default DEFAULTS.whisperTimeoutMs */
  timeoutMs?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  logger?: Logger;
}

const SAMPLE_RATE = 16_000;

// whisper marks what it hears but is not speech in brackets: "[BLANK_AUDIO]", "(upbeat music)".
const NON_SPEECH_TAG = /\[[^\]]*\]|\([^)]*\)/g;

/**
 * The utterance's words, spread evenly over its span: neither protocol's `json` answer carries
 * word times, and an even spread keeps every word inside the audio it came from.
 */
export function spreadWords(text: string, utterance: Pick<Utterance, 'startS' | 'endS'>): RecognisedWord[] {
  const words = text.replace(NON_SPEECH_TAG, ' ').split(/\s+/).filter(Boolean);
  const step = (utterance.endS - utterance.startS) / Math.max(1, words.length);
  return words.map((word, i) => ({
    word,
    startS: utterance.startS + i * step,
    endS: i === words.length - 1 ? utterance.endS : utterance.startS + (i + 1) * step,
  }));
}

interface WhisperStats {
  requests: number;
  succeeded: number;
  dropped: number;
  failures: Record<WhisperFailureKind, number>;
}

function openSession(client: WhisperClient, options: WhisperRecogniserOptions, stats: WhisperStats, hooks: RecogniserHooks): RecogniserSession {
  const { logger = silentLogger } = options;
  const cutter = new UtteranceCutter({ sampleRate: SAMPLE_RATE, maxUtteranceS: options.maxUtteranceS, minUtteranceS: options.minUtteranceS });
  const queue: Utterance[] = [];
  const closing = new AbortController();
  let sending = false;
  /** The trouble last reported, until a later answer shows words flow again. */
  let unresolved: RecogniserTrouble | null = null;

  function enqueue(utterance: Utterance | null): void {
    if (!utterance || closing.signal.aborted) return;
    if (queue.length >= MAX_QUEUED_UTTERANCES) {
      queue.shift();
      stats.dropped += 1;
    }
    queue.push(utterance);
    void sendNext();
  }

  /** One utterance at a time: the next is sent once the previous has its answer or failure. */
  async function sendNext(): Promise<void> {
    if (sending) return;
    const utterance = queue.shift();
    if (!utterance) return;
    sending = true;
    stats.requests += 1;
    const startedAt = performance.now();
    let text: string | null = null;
    let failure: WhisperFailureKind | null = null;
    try {
      text = await client.transcribe(encodeWav({ sampleRate: SAMPLE_RATE, samples: utterance.pcm }), closing.signal);
      stats.succeeded += 1;
    } catch (error) {
      if (closing.signal.aborted) return;
      failure = error instanceof WhisperError ? error.kind : 'network';
      stats.failures[failure] += 1;
      logger.warn('whisper_utterance_dropped', {
        kind: failure,
        status: error instanceof WhisperError ? error.status : undefined,
        // Our own messages name only the cause; anything else is reduced to its class name.
        reason: error instanceof WhisperError ? error.message : (error as Error)?.name,
        audio_s: Math.round((utterance.endS - utterance.startS) * 10) / 10,
        elapsed_ms: Math.round(performance.now() - startedAt),
      });
    } finally {
      sending = false;
    }
    if (closing.signal.aborted) return;
    try {
      if (failure) {
        unresolved = failure === 'timeout' ? 'timed_out' : 'failed';
        hooks.onTrouble(unresolved, false);
      } else if (text !== null) {
        const recovered = unresolved;
        unresolved = null;
        if (recovered) hooks.onTrouble(recovered, true);
        const words = spreadWords(text, utterance);
        if (words.length > 0) hooks.onWords(words);
      }
    } catch (error) {
      // A throwing hook must not become an unhandled rejection (fatal in Node) or stall the queue.
      logger.error('whisper_hook_failed', { reason: (error as Error)?.name });
    }
    void sendNext();
  }

  return {
    write(pcm, startS) {
      if (!closing.signal.aborted) cutter.write(pcm, startS);
    },
    markSpeech(startS, endS, speech) {
      if (!closing.signal.aborted) enqueue(cutter.markSpeech(startS, endS, speech));
    },
    flush() {
      if (!closing.signal.aborted) enqueue(cutter.flush());
    },
    close() {
      closing.abort();
      queue.length = 0;
    },
  };
}

/**
 * The whisper recogniser: cuts each session's audio into utterances at the tone engine's pauses and
 * sends them, one at a time per session, as in-memory WAVs to a whisper.cpp `whisper-server` or an
 * OpenAI-compatible transcription endpoint. A failed utterance is logged, counted and skipped.
 */
export function createWhisperRecogniser(options: WhisperRecogniserOptions): Recogniser {
  const client = createWhisperClient({
    url: options.url,
    api: options.api ?? DEFAULTS.whisperApi,
    model: options.model ?? DEFAULTS.whisperModel,
    timeoutMs: options.timeoutMs ?? DEFAULTS.whisperTimeoutMs,
    fetch: options.fetch,
  });
  const stats: WhisperStats = {
    requests: 0,
    succeeded: 0,
    dropped: 0,
    failures: Object.fromEntries(WHISPER_FAILURE_KINDS.map((kind) => [kind, 0])) as Record<WhisperFailureKind, number>,
  };
  return {
    name: 'whisper',
    open: (hooks) => openSession(client, options, stats, hooks),
    metrics() {
      const failures = Object.entries(stats.failures).map(([kind, count]) => [`failed_${kind}`, count]);
      return { requests: stats.requests, succeeded: stats.succeeded, utterances_dropped: stats.dropped, ...Object.fromEntries(failures) };
    },
  };
}
