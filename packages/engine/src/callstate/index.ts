import { ActivityClassifier, BlockClass } from './activity.js';
import { BLOCK, BlockAnalyser } from './block-analyser.js';
import { CADENCE_PLANS, planFrequencies } from './cadence-plans.js';
import { CallProgressTracker } from './call-progress.js';
import { ANALYSIS_RATE, Decimator } from './decimator.js';
import { DTMF_FREQUENCIES, DtmfDecoder } from './dtmf-decoder.js';
import { type BlockObservation, CallStateMachine } from './state-machine.js';
import type { CallStateDetector, CallStateEvent, CallStateOptions, CallStateOutput } from './types.js';
import { Scratch } from '../scratch.js';

export type { CallStateDetector, CallStateEvent, CallStateOptions, CallStateOutput } from './types.js';
export { CADENCE_PLANS } from './cadence-plans.js';

const BLOCK_S = BLOCK / ANALYSIS_RATE;

/** Every detector of this thread decimates a window into one buffer; only the partial block is its own. */
const DECIMATED = new Scratch((length) => new Float64Array(length));
const NO_SAMPLES = new Float64Array(0);

/**
 * One session's call-state detector: DTMF digits, ringback and busy cadences, hold music, silence,
 * dead air and noise-floor changes, from consecutive windows of the session's audio. A class, so
 * every session shares one set of methods and V8 keeps their compiled code across sessions.
 */
export class StreamingCallStateDetector implements CallStateDetector {
  private readonly decimator: Decimator;
  private readonly analyser = new BlockAnalyser([...DTMF_FREQUENCIES, ...planFrequencies(CADENCE_PLANS)]);
  private readonly dtmf = new DtmfDecoder(this.analyser);
  private readonly progress = new CallProgressTracker(this.analyser, CADENCE_PLANS);
  private readonly activity = new ActivityClassifier();
  private readonly machine = new CallStateMachine();
  /**
   * 8 kHz samples being cut into blocks: the partial block left from the last window, then this
   * window's decimator output. The thread's buffer, only while `process` runs.
   */
  private pending = NO_SAMPLES;
  /** The samples of a partial block carried to the next window (`filled` of them). */
  private readonly partial = new Float64Array(BLOCK);
  private filled = 0;
  private blocks = 0;
  /** Blocks before the first window when a session's audio starts at startS > 0. */
  private anchorBlocks = 0;
  private previousEnergy = 0;
  /** One observation object, rewritten for every block: the hot path allocates nothing. */
  private readonly observation: BlockObservation = { kind: BlockClass.Quiet, timeS: 0, levelDb: 0, floorDb: 0, toneGap: false };
  // Per-window results, reset at each process() call; onBlock writes into them.
  private events: CallStateEvent[] = [];
  private digits = '';
  private digitsAtS = 0;
  private toneBlocks = 0;
  private musicBlocks = 0;
  private speechBlocks = 0;
  private windowBlocks = 0;

  constructor({ sampleRate }: CallStateOptions) {
    this.decimator = new Decimator(sampleRate);
  }

  process(window: Float32Array, startS: number): CallStateOutput {
    const { decimator, machine } = this;
    const events: CallStateEvent[] = [];
    this.events = events;
    this.digits = '';
    this.toneBlocks = this.musicBlocks = this.speechBlocks = this.windowBlocks = 0;
    // Audio time is counted from the samples themselves; startS only anchors the first window.
    if (this.blocks === 0 && this.filled === 0 && startS > 0) this.blocks = this.anchorBlocks = Math.round(startS / BLOCK_S);
    const pending = DECIMATED.take(this.filled + decimator.maxOutputs(window.length));
    pending.set(this.partial.subarray(0, this.filled));
    this.pending = pending;
    const end = decimator.push(window, pending, this.filled);
    let offset = 0;
    for (; offset + BLOCK <= end; offset += BLOCK) this.onBlock(offset);
    // Fewer than BLOCK samples are left: they start the next window's first block.
    this.partial.set(pending.subarray(offset, end));
    this.filled = end - offset;
    this.pending = NO_SAMPLES;
    const { digits, toneBlocks, musicBlocks, speechBlocks, windowBlocks } = this;
    if (digits) {
      events.unshift({ event_type: 'queue', label: 'dtmf_tone', confidence: 0.95, timestamp: round(this.digitsAtS), digits });
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
  }

  /** Analyse the block at `pending[offset, offset + BLOCK)`. */
  private onBlock(offset: number): void {
    const { analyser, dtmf, progress, activity, observation } = this;
    analyser.analyse(this.pending, offset);
    const digit = dtmf.next(this.previousEnergy);
    this.previousEnergy = analyser.energy;
    const cadence = progress.next();
    const timeS = ++this.blocks * BLOCK_S;
    if (digit) {
      if (!this.digits) this.digitsAtS = (this.anchorBlocks + digit.startBlock) * BLOCK_S;
      this.digits += digit.key;
    }
    const kind = activity.classify(analyser.energy / BLOCK, analyser.flatnessDb, dtmf.inTone || progress.on);
    this.windowBlocks++;
    if (kind === BlockClass.Tone) this.toneBlocks++;
    else if (kind === BlockClass.Music) this.musicBlocks++;
    else if (kind === BlockClass.Speech) this.speechBlocks++;
    observation.kind = kind;
    observation.timeS = timeS;
    observation.levelDb = activity.levelDb;
    observation.floorDb = activity.floorDb;
    observation.cadence = cadence?.plan.kind;
    observation.cadenceAtS = cadence ? cadence.block * BLOCK_S : undefined;
    observation.cadenceConfidence = cadence?.confidence;
    observation.toneGap = progress.inToneGap();
    this.machine.observe(observation, this.events);
  }
}

/** Create one session's call-state detector (windows must be consecutive). */
export function createCallStateDetector(options: CallStateOptions): CallStateDetector {
  return new StreamingCallStateDetector(options);
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
