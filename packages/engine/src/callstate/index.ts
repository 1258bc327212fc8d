import { ActivityClassifier, BlockClass } from './activity.js';
import { BLOCK, BlockAnalyser } from './block-analyser.js';
import { CADENCE_PLANS, planFrequencies } from './cadence-plans.js';
import { CallProgressTracker } from './call-progress.js';
import { ANALYSIS_RATE, Decimator } from './decimator.js';
import { DTMF_FREQUENCIES, DtmfDecoder } from './dtmf-decoder.js';
import { type BlockObservation, CallStateMachine } from './state-machine.js';
import type { CallStateDetector, CallStateEvent, CallStateOptions, CallStateOutput } from './types.js';

export type { CallStateDetector, CallStateEvent, CallStateOptions, CallStateOutput } from './types.js';
export { CADENCE_PLANS } from './cadence-plans.js';

const BLOCK_S = BLOCK / ANALYSIS_RATE;

/**
 * Create one session's call-state detector: DTMF digits, ringback and busy cadences, hold music,
 * silence, dead air and noise-floor changes, from consecutive windows of one session's audio.
 */
export function createCallStateDetector({ sampleRate }: CallStateOptions): CallStateDetector {
  const decimator = new Decimator(sampleRate);
  const analyser = new BlockAnalyser([...DTMF_FREQUENCIES, ...planFrequencies(CADENCE_PLANS)]);
  const dtmf = new DtmfDecoder(analyser);
  const progress = new CallProgressTracker(analyser, CADENCE_PLANS);
  const activity = new ActivityClassifier();
  const machine = new CallStateMachine();
  // 8 kHz samples: a partial block left from the last window, then this window's decimator output.
  let pending = new Float64Array(BLOCK + decimator.maxOutputs(sampleRate));
  let filled = 0;
  let blocks = 0;
  /** Blocks before the first window when a session's audio starts at startS > 0. */
  let anchorBlocks = 0;
  let previousEnergy = 0;
  // One observation object, rewritten for every block: the hot path allocates nothing.
  const observation: BlockObservation = { kind: BlockClass.Quiet, timeS: 0, levelDb: 0, floorDb: 0, toneGap: false };
  // Per-window results, reset at each process() call; onBlock writes into them.
  let events: CallStateEvent[] = [];
  let digits = '';
  let digitsAtS = 0;
  let toneBlocks = 0;
  let musicBlocks = 0;
  let speechBlocks = 0;
  let windowBlocks = 0;

  /** Analyse the block at `pending[offset, offset + BLOCK)`. */
  const onBlock = (offset: number): void => {
    analyser.analyse(pending, offset);
    const digit = dtmf.next(previousEnergy);
    previousEnergy = analyser.energy;
    const cadence = progress.next();
    blocks++;
    const timeS = blocks * BLOCK_S;
    if (digit) {
      if (!digits) digitsAtS = (anchorBlocks + digit.startBlock) * BLOCK_S;
      digits += digit.key;
    }
    const kind = activity.classify(analyser.energy / BLOCK, analyser.flatnessDb, dtmf.inTone || progress.on);
    windowBlocks++;
    if (kind === BlockClass.Tone) toneBlocks++;
    else if (kind === BlockClass.Music) musicBlocks++;
    else if (kind === BlockClass.Speech) speechBlocks++;
    observation.kind = kind;
    observation.timeS = timeS;
    observation.levelDb = activity.levelDb;
    observation.floorDb = activity.floorDb;
    observation.cadence = cadence?.plan.kind;
    observation.cadenceAtS = cadence ? cadence.block * BLOCK_S : undefined;
    observation.cadenceConfidence = cadence?.confidence;
    observation.toneGap = progress.inToneGap();
    machine.observe(observation, events);
  };

  return {
    process(window: Float32Array, startS: number): CallStateOutput {
      events = [];
      digits = '';
      toneBlocks = musicBlocks = speechBlocks = windowBlocks = 0;
      // Audio time is counted from the samples themselves; startS only anchors the first window.
      if (blocks === 0 && filled === 0 && startS > 0) blocks = anchorBlocks = Math.round(startS / BLOCK_S);
      const room = filled + decimator.maxOutputs(window.length);
      if (pending.length < room) {
        const grown = new Float64Array(room);
        grown.set(pending.subarray(0, filled));
        pending = grown;
      }
      const end = decimator.push(window, pending, filled);
      let offset = 0;
      for (; offset + BLOCK <= end; offset += BLOCK) onBlock(offset);
      pending.copyWithin(0, offset, end);
      filled = end - offset;
      if (digits) {
        events.unshift({ event_type: 'queue', label: 'dtmf_tone', confidence: 0.95, timestamp: round(digitsAtS), digits });
      }
      const tonal = toneBlocks + musicBlocks;
      const cadenceState = machine.state === 'ringback' || machine.state === 'busy' || machine.state === 'hold_music';
      // In a ringback, busy or hold state even the quiet between bursts or notes is not a voice;
      // nor is a mostly quiet window whose only sounds were keypad digits or other pure tones
      // (short DTMF bursts never reach the 30 % share but must not be labelled "Rushed").
      const onlyTones = digits !== '' || (speechBlocks === 0 && tonal > 0);
      const nonSpeech =
        windowBlocks > 0 && speechBlocks < 0.3 * windowBlocks && (tonal >= 0.3 * windowBlocks || cadenceState || onlyTones);
      return { events, nonSpeech };
    },
  };
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
