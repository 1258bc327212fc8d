import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { AUDIO_SAMPLE_RATE } from '@linnet/shared';
import { silentLogger, type Logger } from '../lib/logger.js';
import { lowerPriority } from '../lib/priority.js';
import { createUtteranceParser } from './pocketsphinx-output.js';
import { PcmRing } from './pcm-ring.js';
import type { RecognisedWord, Recogniser, RecogniserHooks, RecogniserSession } from './transcriber.js';

/**
 * `pocketsphinx_continuous` reading raw 16 kHz Int16 LE from stdin, printing per utterance a
 * hypothesis and `word start end confidence` lines. Two wrinkles, both measured:
 * - Node gives a child a socket, not a pipe, for stdin, and `-infile /dev/stdin` cannot open a
 *   socket (ENXIO; the process exits 1). bash's `<(exec cat)` puts a real pipe in between; `exec`
 *   keeps the decoder's pid as the child's, so a crash is seen as the child's exit.
 * - `stdbuf -oL` line-buffers its stdout. Measured with Debian's 5prealpha build, each utterance
 *   arrives as it is decoded even without it (the decoder flushes per utterance); it stays as a
 *   guard for builds that do not, at the cost of one exec.
 */
export const POCKETSPHINX_COMMAND = [
  'bash',
  '-c',
  'exec stdbuf -oL pocketsphinx_continuous -infile /dev/stdin -time yes -logfn /dev/null < <(exec cat)',
] as const;

/** How the pocketsphinx recogniser feeds and supervises its processes. */
export const POCKETSPHINX_TIMING = {
  /**
   * A fresh decoder fed silence first normalises its cepstra (live CMN) on that silence and then
   * misrecognises the first utterance badly (measured: "which lead pipe" for "the weather is
   * lovely"). So audio is held back until the engine hears speech, and fed from this many seconds
   * before the speech window began: one default window, because speech often starts in the window
   * before the first one the engine calls speech (at 0.3 s, `pnpm eval:captions` lost sentence
   * onsets, "can you hear me" → "you hear me": 4.4 WER points over the whole-file decode; 1.4 at 1 s).
   */
  preRollS: 1.0,
  /**
   * Milliseconds after the decoder's last output was read after which words held without a closing `</s>`
   * are released as they are. pocketsphinx prints an utterance's lines at once, and one cut right after its
   * last word (noise up to the cut) has no `</s>`; the parser closes it at its last word line (as many as its
   * hypothesis has words), so this is the fallback for output that never adds up.
   */
  settleMs: 250,
  /** Seconds of recent audio kept for that replay: a tone window (≤ 3 s) plus the engine's delay. */
  ringS: 5,
  /** Silence fed when the engine hears nobody, so the decoder's VAD ends the utterance. */
  closingSilenceS: 0.8,
  /** Seconds of audio Node may hold for a decoder's stdin beyond the pipe before audio is dropped. */
  maxBacklogS: 6,
  /**
   * Audio that arrived while the decoder did not take what it was given (its input pipe stayed full) for this long
   * means it hangs; it is replaced. A decoder that takes its input but prints nothing is not hung: pocketsphinx prints
   * nothing at all on steady noise once its voice detector has settled on it (35 s of white noise: one word in the
   * first second, then silence), and killing it there said "captions interrupted" over a quiet line.
   */
  hangS: 30,
  restartDelayMs: 250,
  /**
   * A restarted decoder is reported as `restarted` once it has stayed up this long (ms), so one that
   * dies at once (a broken install) does not flap "resumed" / "interrupted" at the reader.
   */
  restartStableMs: 1_000,
  /** Crashes within `crashWindowMs` after which the session's captions give up. */
  maxCrashes: 5,
  crashWindowMs: 60_000,
} as const;

export interface PocketsphinxOptions {
  /** The command and arguments to run per session. @default POCKETSPHINX_COMMAND */
  command?: readonly string[];
  /** @default POCKETSPHINX_TIMING.hangS */
  hangS?: number;
  /** @default POCKETSPHINX_TIMING.restartDelayMs */
  restartDelayMs?: number;
  /** @default POCKETSPHINX_TIMING.restartStableMs */
  restartStableMs?: number;
  /** Nice value of the decoder processes (RECOGNISER_NICE). @default 0 */
  niceness?: number;
  /** Environment of the decoder processes (tests put a failing binary first on PATH). @default process.env */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
}

/** Counters over every session's decoder, for `/metrics`. */
interface PocketsphinxStats {
  processes_started: number;
  processes_running: number;
  crashes: number;
  hangs: number;
  restarts: number;
  audio_fed_s: number;
  audio_dropped_s: number;
  /** Times a decoder fell so far behind that its audio started being dropped. */
  overloaded: number;
}

type Decoder = ChildProcessByStdio<Writable, Readable, null>;

// Written on every gate close and never mutated, so one zeroed buffer serves every session.
const CLOSING_SILENCE = Buffer.alloc(Math.round(POCKETSPHINX_TIMING.closingSilenceS * AUDIO_SAMPLE_RATE) * 2);

/** One process per captioned session, restarted when it crashes or hangs; see POCKETSPHINX_TIMING. */
export function createPocketsphinx(options: PocketsphinxOptions = {}): Recogniser & { pidOf(session: RecogniserSession): number | undefined } {
  const command = options.command ?? POCKETSPHINX_COMMAND;
  const hangSamples = (options.hangS ?? POCKETSPHINX_TIMING.hangS) * AUDIO_SAMPLE_RATE;
  const maxBacklogBytes = POCKETSPHINX_TIMING.maxBacklogS * AUDIO_SAMPLE_RATE * 2;
  const restartDelayMs = options.restartDelayMs ?? POCKETSPHINX_TIMING.restartDelayMs;
  const restartStableMs = options.restartStableMs ?? POCKETSPHINX_TIMING.restartStableMs;
  const logger = options.logger ?? silentLogger;
  const niceness = options.niceness ?? 0;
  const stats: PocketsphinxStats = {
    processes_started: 0, processes_running: 0, crashes: 0, hangs: 0, restarts: 0, audio_fed_s: 0, audio_dropped_s: 0, overloaded: 0,
  };
  const pids = new WeakMap<RecogniserSession, () => number | undefined>();

  function open(hooks: RecogniserHooks): RecogniserSession {
    const ring = new PcmRing(POCKETSPHINX_TIMING.ringS * AUDIO_SAMPLE_RATE, AUDIO_SAMPLE_RATE);
    let decoder: Decoder | null = null;
    let closed = false;
    let gateOpen = false;
    /**
     * The audio stopped (flush) and none has come since. The engine answers for the last windows after the socket
     * closed, so a speech mark can arrive now: its replay is all the audio there will be, and the gate shuts again
     * at once, or the decoder would wait for the end of an utterance that never comes and its words be lost.
     */
    let stopped = false;
    /** Session audio time up to which audio was fed (or dropped): a pre-roll never replays it. */
    let fedUntilS = 0;
    let dropping = false;
    /** The gate closed while dropping: the closing silence is written once the pipe drains. */
    let closingOwed = false;
    /** Samples given to the current process. */
    let fedSamples = 0;
    /** Samples that arrived for the current process since its input pipe was last empty (it took all it was given). */
    let untakenSamples = 0;
    /** Where the process's clock meets the session's: one pair per stretch fed without a gap. */
    let anchors: Array<{ processS: number; sessionS: number }> = [];
    let needsAnchor = true;
    let crashTimes: number[] = [];
    let restartTimer: NodeJS.Timeout | undefined;
    let announced = false;

    const toSession = (word: RecognisedWord): RecognisedWord => {
      let anchor = anchors[0] ?? { processS: 0, sessionS: 0 };
      for (const candidate of anchors) if (candidate.processS <= word.startS + 0.01) anchor = candidate;
      const shift = anchor.sessionS - anchor.processS;
      return { ...word, startS: Math.max(0, word.startS + shift), endS: Math.max(0, word.endS + shift) };
    };

    function start(): void {
      fedSamples = 0;
      untakenSamples = 0;
      anchors = [];
      needsAnchor = true;
      gateOpen = false;
      dropping = false;
      closingOwed = false;
      const child: Decoder = spawn(command[0]!, command.slice(1), { stdio: ['pipe', 'pipe', 'ignore'], env: options.env ?? process.env });
      // The pid is the decoder's own (bash execs it), and a nice value survives exec.
      if (child.pid !== undefined) lowerPriority(child.pid, niceness);
      decoder = child;
      stats.processes_started += 1;
      const parser = createUtteranceParser((words) => hooks.onWords(words.map(toSession)));
      let settleTimer: NodeJS.Timeout | undefined;
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        parser.push(chunk);
        clearTimeout(settleTimer);
        if (parser.holding()) settleTimer = setTimeout(() => closed || parser.settle(), POCKETSPHINX_TIMING.settleMs);
      });
      // The process's output ended (it exited): what it printed is released now, with this process's anchors,
      // before a restart replaces them; a session that closed wants none.
      child.stdout.once('end', () => {
        clearTimeout(settleTimer);
        if (!closed) parser.end();
      });
      // EPIPE after the process died is reported by 'exit'; the write error itself says nothing new.
      child.stdin.on('error', () => {});
      child.stdin.on('drain', () => {
        if (decoder === child) untakenSamples = 0;
        if (!dropping || decoder !== child) return;
        dropping = false;
        needsAnchor = true;
        // The gate closed (or the audio stopped) while audio was dropped: without its closing
        // silence the decoder would hold the last utterance's words until more speech came.
        if (closingOwed) {
          closingOwed = false;
          child.stdin.write(CLOSING_SILENCE);
          fedSamples += CLOSING_SILENCE.length / 2;
        }
        hooks.onTrouble('overloaded', true);
      });
      child.once('spawn', () => {
        stats.processes_running += 1;
        // A restart is announced as such (`restarted`), not as a second `ready`.
        if (!announced) {
          announced = true;
          hooks.onReady?.();
        }
      });
      let exited = false;
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (exited) return;
        exited = true;
        if (child.pid !== undefined) stats.processes_running = Math.max(0, stats.processes_running - 1);
        // The `cat` feeding the decoder's pipe ends with its stdin.
        child.stdin.destroy();
        if (decoder !== child || closed) return;
        decoder = null;
        stats.crashes += 1;
        logger.warn('recogniser_exited', { recogniser: 'pocketsphinx', code, signal });
        hooks.onTrouble('crashed', false);
        scheduleRestart();
      };
      child.on('exit', onExit);
      child.on('error', (error) => {
        logger.warn('recogniser_error', { recogniser: 'pocketsphinx', error: (error as NodeJS.ErrnoException).code ?? error.name });
        onExit(null, null);
      });
    }

    function scheduleRestart(): void {
      const now = Date.now();
      crashTimes = crashTimes.filter((t) => now - t < POCKETSPHINX_TIMING.crashWindowMs);
      crashTimes.push(now);
      if (crashTimes.length > POCKETSPHINX_TIMING.maxCrashes) {
        logger.error('recogniser_given_up', { recogniser: 'pocketsphinx', crashes: crashTimes.length });
        hooks.onTrouble('gave_up', false);
        return;
      }
      restartTimer = setTimeout(() => {
        if (closed) return;
        stats.restarts += 1;
        start();
        const restarted = decoder;
        restartTimer = setTimeout(() => {
          if (!closed && decoder === restarted) hooks.onTrouble('restarted', true);
        }, restartStableMs);
      }, restartDelayMs);
    }

    /** A hung decoder is killed and replaced; its unfinished words are lost. */
    function replaceHung(): void {
      const hung = decoder;
      decoder = null;
      stats.hangs += 1;
      logger.warn('recogniser_hung', { recogniser: 'pocketsphinx' });
      hung?.stdin.destroy();
      hung?.kill('SIGKILL');
      hooks.onTrouble('timed_out', false);
      scheduleRestart();
    }

    function feed(pcm: Int16Array, startS: number): void {
      const child = decoder;
      if (!child || pcm.length === 0) return;
      fedUntilS = startS + pcm.length / AUDIO_SAMPLE_RATE;
      // A decoder that stopped taking its input is hung, whether its audio is still written or already dropped.
      untakenSamples = child.stdin.writableLength > 0 ? untakenSamples + pcm.length : 0;
      if (untakenSamples > hangSamples) return replaceHung();
      if (dropping) {
        stats.audio_dropped_s += pcm.length / AUDIO_SAMPLE_RATE;
        return;
      }
      if (needsAnchor) {
        anchors.push({ processS: fedSamples / AUDIO_SAMPLE_RATE, sessionS: startS });
        if (anchors.length > 64) anchors.shift();
        needsAnchor = false;
      }
      child.stdin.write(Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength));
      fedSamples += pcm.length;
      stats.audio_fed_s += pcm.length / AUDIO_SAMPLE_RATE;
      // The decoder is this far behind real time: drop audio until its stdin drains, rather than
      // buffer without bound. (A replayed pre-roll alone may fill the 64 KB pipe; that is fine.)
      if (child.stdin.writableLength > maxBacklogBytes) {
        dropping = true;
        stats.overloaded += 1;
        hooks.onTrouble('overloaded', false);
      }
    }

    function closeGate(): void {
      if (!gateOpen) return;
      gateOpen = false;
      const child = decoder;
      if (child && !dropping) {
        child.stdin.write(CLOSING_SILENCE);
        fedSamples += CLOSING_SILENCE.length / 2;
      } else if (child) closingOwed = true;
      needsAnchor = true;
    }

    start();
    const session: RecogniserSession = {
      write(pcm, startS) {
        if (closed) return;
        stopped = false;
        ring.write(pcm, startS);
        if (gateOpen) feed(pcm, startS);
      },
      markSpeech(startS, _endS, speech) {
        if (closed || !decoder) return;
        if (!speech) return closeGate();
        if (gateOpen) return;
        // Speech that resumes soon after a pause would otherwise replay audio the decoder already
        // heard, and a doubled stretch garbles the words around it.
        const held = ring.since(Math.max(startS - POCKETSPHINX_TIMING.preRollS, fedUntilS));
        // After the audio stopped, a mark whose audio was all fed adds nothing (not even another closing silence).
        if (stopped && !held) return;
        gateOpen = true;
        closingOwed = false;
        needsAnchor = true;
        if (held) feed(held.pcm, held.startS);
        if (stopped) closeGate();
      },
      flush() {
        stopped = true;
        closeGate();
      },
      close() {
        if (closed) return;
        closed = true;
        clearTimeout(restartTimer);
        const child = decoder;
        decoder = null;
        if (child) {
          child.stdin.end();
          child.kill('SIGTERM');
        }
      },
    };
    pids.set(session, () => decoder?.pid);
    return session;
  }

  return {
    name: 'pocketsphinx',
    announcesReady: true,
    open,
    metrics: () => ({ ...stats, audio_fed_s: Math.round(stats.audio_fed_s), audio_dropped_s: Math.round(stats.audio_dropped_s * 10) / 10 }),
    pidOf: (session) => pids.get(session)?.(),
  };
}
