import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPocketsphinx, POCKETSPHINX_TIMING } from './pocketsphinx.js';
import { fliteSpeech } from './testing/flite-speech.js';
import { withWhiteNoise } from './testing/white-noise.js';
import type { RecogniserHooks, RecognisedWord, RecogniserTrouble } from './transcriber.js';

/**
 * Waits on real child processes and sockets. vitest's default of 1 s is a race on a loaded machine
 * (a load average of 20 on 2 cores was seen while these ran): a spawn or a loopback round trip can
 * take seconds there. Only how long a wait may take changes; what is awaited does not.
 */
const REAL_PROCESS_WAIT = { timeout: 15_000 };

/** Hooks that record what a recogniser session reported. */
function recorder() {
  const words: RecognisedWord[] = [];
  const troubles: Array<[RecogniserTrouble, boolean]> = [];
  let ready = 0;
  const hooks: RecogniserHooks = {
    onWords: (batch) => words.push(...batch),
    onTrouble: (trouble, recovered) => troubles.push([trouble, recovered]),
    onReady: () => (ready += 1),
  };
  return { hooks, words, troubles, ready: () => ready };
}

const second = () => new Int16Array(16_000).fill(300);

/**
 * A session on a stand-in decoder that keeps what it is fed (after `delay`, e.g. "sleep 1; "), once the decoder is
 * ready: `heardSoFar()` reads what it was fed back, `done()` removes it.
 */
async function recordingSession(prefix: string, delay = '') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const heard = join(dir, 'heard.raw');
  const recogniser = createPocketsphinx({ command: ['sh', '-c', `${delay}exec cat > ${heard}`] });
  const { hooks, troubles, ready } = recorder();
  const session = recogniser.open(hooks);
  await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
  return {
    session,
    troubles,
    heardSoFar: () => (existsSync(heard) ? readFileSync(heard) : Buffer.alloc(0)),
    done: () => rmSync(dir, { recursive: true, force: true }),
  };
}

// Stand-in decoders (real child processes) for the supervision paths pocketsphinx rarely takes.
describe('pocketsphinx supervision', { timeout: 20_000 }, () => {
  it('maps word times to the session clock from where feeding began (after the speech pre-roll)', async () => {
    // Prints one utterance as pocketsphinx would, once it has read some audio.
    const script = 'head -c 64000 >/dev/null; printf "hello\\n<s> 0.000 0.100 1\\nhello(2) 0.400 0.700 0.9\\n</s> 0.710 0.800 1\\n"; cat >/dev/null';
    const recogniser = createPocketsphinx({ command: ['sh', '-c', script] });
    const { hooks, words } = recorder();
    const session = recogniser.open(hooks);
    for (let s = 0; s < 5; s++) session.write(second(), s);
    session.markSpeech(4, 5, true); // fed from the pre-roll before the speech window
    session.write(second(), 5);
    await expect.poll(() => words.length, REAL_PROCESS_WAIT).toBe(1);
    const fedFromS = 4 - POCKETSPHINX_TIMING.preRollS;
    expect(words[0]!.word).toBe('hello');
    expect(words[0]!.startS).toBeCloseTo(fedFromS + 0.4);
    expect(words[0]!.endS).toBeCloseTo(fedFromS + 0.7);
    session.close();
  });

  it('never feeds the same audio twice when speech resumes within the pre-roll of what was fed', async () => {
    const recogniser = createPocketsphinx({ command: ['sh', '-c', 'exec cat >/dev/null'] });
    const { hooks, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    for (let s = 0; s < 5; s++) session.write(second(), s);
    session.markSpeech(4, 5, true); // fed from the pre-roll before 4 s up to 5 s
    session.markSpeech(5, 6, false); // the gate closes (its closing silence is not counted as audio)
    session.markSpeech(4.9, 5.9, true); // a pre-roll before 4.9 s would replay audio already fed
    const fedS = 1 + POCKETSPHINX_TIMING.preRollS;
    expect(recogniser.metrics().audio_fed_s).toBe(Math.round(fedS)); // not fedS + preRollS - 0.1
    expect(Math.round(fedS)).not.toBe(Math.round(fedS + POCKETSPHINX_TIMING.preRollS - 0.1));
    session.close();
  });

  it('replaces a decoder that stops taking its input for hangS of audio, and says so', async () => {
    // `sleep` never reads its stdin: the kernel takes about 7 s of audio into the socket, and what comes after is not taken.
    const recogniser = createPocketsphinx({ command: ['sleep', '60'], hangS: 2, restartDelayMs: 10, restartStableMs: 10 });
    const { hooks, troubles, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    session.markSpeech(0, 1, true);
    for (let s = 0; s < 12; s++) session.write(second(), s);
    await expect.poll(() => troubles, REAL_PROCESS_WAIT).toEqual([['timed_out', false], ['restarted', true]]);
    expect(recogniser.metrics()).toMatchObject({ hangs: 1, restarts: 1, processes_started: 2 });
    session.close();
  });

  it('keeps a decoder that takes its input but prints nothing, as pocketsphinx does on steady noise', async () => {
    const recogniser = createPocketsphinx({ command: ['sh', '-c', 'exec cat >/dev/null'], hangS: 2, restartDelayMs: 10, restartStableMs: 10 });
    const { hooks, troubles, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    session.markSpeech(0, 1, true);
    // Twice hangS of audio in 100 ms frames, a little faster than real time: the decoder takes each as it comes.
    const frame = new Int16Array(1_600).fill(300);
    for (let i = 0; i < 40; i++) {
      session.write(frame, i / 10);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(recogniser.metrics()).toMatchObject({ hangs: 0, restarts: 0, processes_started: 1, audio_fed_s: 4 });
    expect(troubles).toEqual([]);
    session.close();
  });

  it('starts each decoder at its nice value, so a busy machine takes CPU from captions before the sockets', async () => {
    const recogniser = createPocketsphinx({ command: ['sleep', '30'], niceness: 10 });
    const { hooks, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    expect(getPriority(recogniser.pidOf(session)!)).toBe(10);
    expect(getPriority(process.pid)).toBe(0);
    session.close();
  });

  it('drops audio for a decoder that stops reading, instead of buffering it', async () => {
    const recogniser = createPocketsphinx({ command: ['sleep', '30'] });
    const { hooks, troubles, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    session.markSpeech(0, 1, true);
    // The kernel takes a few seconds of audio into the socket; Node then holds maxBacklogS more. (30 s arriving at
    // once: fewer than hangS of them come after the socket filled, so this decoder is behind, not yet taken for hung.)
    for (let s = 0; s < 30; s++) session.write(second(), s);
    expect(troubles).toEqual([['overloaded', false]]);
    expect(recogniser.metrics().audio_dropped_s).toBeGreaterThan(10);
    expect(recogniser.metrics().overloaded).toBe(1);
    session.close();
  });

  it('owes the closing silence to a decoder that was behind when the speech ended, and writes it once it drains', async () => {
    // A decoder that reads nothing for a second (the pipe fills, audio is dropped), then everything.
    const { session, troubles, heardSoFar, done } = await recordingSession('linnet-drain-', 'sleep 1; ');
    session.markSpeech(0, 1, true);
    for (let s = 0; s < 30; s++) session.write(second(), s);
    session.markSpeech(30, 31, false); // the speech ends while audio is being dropped
    await expect.poll(() => troubles, REAL_PROCESS_WAIT).toEqual([['overloaded', false], ['overloaded', true]]);
    const silence = Math.round(POCKETSPHINX_TIMING.closingSilenceS * 16_000) * 2;
    // The decoder hears the speech it was given, then the closing silence: zeros at its very end
    // (the speech is all 300s, so only the closing silence can put zeros there).
    await expect.poll(() => heardSoFar().length > silence && heardSoFar().subarray(-silence).every((b) => b === 0), REAL_PROCESS_WAIT).toBe(true);
    const bytes = heardSoFar();
    expect(bytes.readInt16LE(0)).toBe(300);
    expect(bytes.readInt16LE(bytes.length - silence - 2)).toBe(300);
    session.close();
    done();
  });

  it('releases words held without a closing </s> once the decoder has gone quiet, though they never add up', async () => {
    // No `</s>`, and two word lines for a three-word hypothesis: only the fallback can release them.
    const script = 'head -c 64000 >/dev/null; printf "call me now\\n<s> 0.000 0.100 1\\ncall 0.200 0.500 0.9\\nme 0.510 0.800 0.8\\n"; cat >/dev/null';
    const recogniser = createPocketsphinx({ command: ['sh', '-c', script] });
    const { hooks, words } = recorder();
    const session = recogniser.open(hooks);
    session.markSpeech(0, 1, true);
    for (let s = 0; s < 3; s++) session.write(second(), s);
    await expect.poll(() => words.map((w) => w.word), REAL_PROCESS_WAIT).toEqual(['call', 'me']);
    session.close();
  });

  it('shuts the gate again on a speech mark that arrives after the audio stopped, so the utterance ends', async () => {
    const { session, heardSoFar, done } = await recordingSession('linnet-late-mark-');
    for (let s = 0; s < 5; s++) session.write(second(), s);
    // The socket closed; the engine's answers for the speech windows come after.
    session.flush();
    session.markSpeech(4, 5, true);
    session.markSpeech(4.5, 5, true);
    const silence = Math.round(POCKETSPHINX_TIMING.closingSilenceS * 16_000) * 2;
    const replay = (POCKETSPHINX_TIMING.preRollS + 1) * 16_000 * 2;
    // The replay (the pre-roll and the speech window, all 300s), then one closing silence, and nothing else:
    // the second mark's audio was all fed, so it adds no second silence.
    await expect.poll(() => heardSoFar().length, REAL_PROCESS_WAIT).toBe(replay + silence);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(heardSoFar().length).toBe(replay + silence);
    const bytes = heardSoFar();
    expect(bytes.readInt16LE(0)).toBe(300);
    expect(bytes.readInt16LE(replay - 2)).toBe(300);
    expect(bytes.subarray(replay).every((b) => b === 0)).toBe(true);
    session.close();
    done();
  });

  it('feeds a session that resumed after the audio stopped as usual, with no closing silence in its speech', async () => {
    const { session, heardSoFar, done } = await recordingSession('linnet-resumed-');
    for (let s = 0; s < 2; s++) session.write(second(), s);
    session.flush(); // the mic went off...
    session.write(second(), 2); // ...and came back: the audio flows again
    session.markSpeech(2, 3, true);
    session.write(second(), 3);
    // The pre-roll (1 s), the speech window and the second after it: 3 s of 300s, the gate open throughout.
    await expect.poll(() => heardSoFar().length, REAL_PROCESS_WAIT).toBe(3 * 32_000);
    const bytes = heardSoFar();
    for (let at = 0; at < bytes.length; at += 2) if (bytes.readInt16LE(at) !== 300) throw new Error(`sample ${at / 2} is ${bytes.readInt16LE(at)}`);
    session.close();
    done();
  });

  it('gives up after repeated crashes', async () => {
    const recogniser = createPocketsphinx({ command: ['false'], restartDelayMs: 1 });
    const { hooks, troubles } = recorder();
    recogniser.open(hooks);
    await expect.poll(() => troubles[troubles.length - 1], REAL_PROCESS_WAIT).toEqual(['gave_up', false]);
    expect(troubles.filter(([t]) => t === 'crashed')).toHaveLength(6);
  });
});

// The real decoder, on a question whose pauses hold white noise: its utterance is cut right after its last
// word (no `</s>`), and the engine's speech mark comes after the audio stopped, as when the mic is stopped
// straight after speaking. Both used to leave the words unsaid.
describe('pocketsphinx, the last words before the audio stops', { timeout: 60_000 }, () => {
  it('captions a question whose speech mark arrives after the audio stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linnet-last-words-'));
    const question = fliteSpeech(dir, 'question', 'can you call me back tomorrow morning', { before: 3, after: 1.5 });
    // White noise at -47 dBFS RMS where flite is digitally silent.
    const audio = withWhiteNoise(question, -47, 7, true);
    const { hooks, words, ready } = recorder();
    const session = createPocketsphinx().open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    for (let at = 0; at < audio.length; at += 1600) session.write(audio.subarray(at, at + 1600), at / 16_000);
    session.flush();
    session.markSpeech(4, 5, true);
    session.markSpeech(5, 6, true);
    await expect.poll(() => words.map((w) => w.word).join(' '), REAL_PROCESS_WAIT).toMatch(/^can you call me back tomorrow morning/);
    // Session time: the words sit where flite spoke them (from 3 s), not where the decoder's own clock began.
    expect(words[0]!.startS).toBeGreaterThan(3);
    expect(words[0]!.startS).toBeLessThan(3.5);
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });
});

// The real decoder on steady noise with the gate open: it prints a word or two while its voice detector settles,
// then nothing, while it goes on taking its audio. That is a quiet line, not a hung decoder.
describe('pocketsphinx on steady noise', { timeout: 60_000 }, () => {
  it('is not taken for hung while it takes its audio and prints nothing', async () => {
    const recogniser = createPocketsphinx({ hangS: 8 });
    const { hooks, troubles, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    session.markSpeech(0, 1, true);
    // 16 s of white noise at -30 dBFS (twice hangS) in 100 ms frames, 4 times faster than real time.
    const noise = withWhiteNoise(new Int16Array(16 * 16_000), -30, 11);
    for (let at = 0; at < noise.length; at += 1600) {
      session.write(noise.subarray(at, at + 1600), at / 16_000);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(recogniser.metrics()).toMatchObject({ hangs: 0, restarts: 0, processes_started: 1 });
    expect(troubles).toEqual([]);
    session.close();
  });
});
