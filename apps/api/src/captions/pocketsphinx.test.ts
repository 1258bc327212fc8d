import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { getPriority, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPocketsphinx, POCKETSPHINX_TIMING } from './pocketsphinx.js';
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

  it('replaces a decoder that prints nothing for hangS of fed audio, and says so', async () => {
    const recogniser = createPocketsphinx({ command: ['sh', '-c', 'exec cat >/dev/null'], hangS: 2, restartDelayMs: 10, restartStableMs: 10 });
    const { hooks, troubles, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    session.markSpeech(0, 1, true);
    for (let s = 0; s < 3; s++) session.write(second(), s);
    await expect.poll(() => troubles, REAL_PROCESS_WAIT).toEqual([['timed_out', false], ['restarted', true]]);
    expect(recogniser.metrics()).toMatchObject({ hangs: 1, restarts: 1, processes_started: 2 });
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
    // The kernel takes a few seconds of audio into the socket; Node then holds maxBacklogS more.
    for (let s = 0; s < 40; s++) session.write(second(), s);
    expect(troubles).toEqual([['overloaded', false]]);
    expect(recogniser.metrics().audio_dropped_s).toBeGreaterThan(10);
    expect(recogniser.metrics().overloaded).toBe(1);
    session.close();
  });

  it('owes the closing silence to a decoder that was behind when the speech ended, and writes it once it drains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'linnet-drain-'));
    const heard = join(dir, 'heard.raw');
    // A decoder that reads nothing for a second (the pipe fills, audio is dropped), then everything.
    const recogniser = createPocketsphinx({ command: ['sh', '-c', `sleep 1; exec cat > ${heard}`] });
    const { hooks, troubles, ready } = recorder();
    const session = recogniser.open(hooks);
    await expect.poll(() => ready(), REAL_PROCESS_WAIT).toBe(1);
    session.markSpeech(0, 1, true);
    for (let s = 0; s < 40; s++) session.write(second(), s);
    session.markSpeech(40, 41, false); // the speech ends while audio is being dropped
    await expect.poll(() => troubles, REAL_PROCESS_WAIT).toEqual([['overloaded', false], ['overloaded', true]]);
    const silence = Math.round(POCKETSPHINX_TIMING.closingSilenceS * 16_000) * 2;
    const heardSoFar = () => (existsSync(heard) ? readFileSync(heard) : Buffer.alloc(0));
    // The decoder hears the speech it was given, then the closing silence: zeros at its very end
    // (the speech is all 300s, so only the closing silence can put zeros there).
    await expect.poll(() => heardSoFar().length > silence && heardSoFar().subarray(-silence).every((b) => b === 0), REAL_PROCESS_WAIT).toBe(true);
    const bytes = heardSoFar();
    expect(bytes.readInt16LE(0)).toBe(300);
    expect(bytes.readInt16LE(bytes.length - silence - 2)).toBe(300);
    session.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives up after repeated crashes', async () => {
    const recogniser = createPocketsphinx({ command: ['false'], restartDelayMs: 1 });
    const { hooks, troubles } = recorder();
    recogniser.open(hooks);
    await expect.poll(() => troubles[troubles.length - 1], REAL_PROCESS_WAIT).toEqual(['gave_up', false]);
    expect(troubles.filter(([t]) => t === 'crashed')).toHaveLength(6);
  });
});
