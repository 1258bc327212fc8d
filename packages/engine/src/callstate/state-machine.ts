import type { CallStateEvent } from './types.js';
import { BlockClass } from './activity.js';
import type { CadenceKind } from './cadence-plans.js';

/** The call states the detector reports; `none` until something has been established. */
export type CallState = 'none' | CadenceKind | 'hold_music' | 'silence' | 'dead_air' | 'speech';

/** Timing rules, in seconds (docs/call-state.md). */
const STATE_TIMING = {
  /** Trailing span in which voice must fill `voiceShare` before speech is declared (hangover). */
  voiceSpanS: 0.5,
  voiceShare: 0.5,
  holdMusicAfterS: 3,
  /** A music run survives gaps this long (between notes). */
  musicGapS: 0.5,
  silenceAfterS: 2,
  deadAirAfterS: 8,
  noiseFloorChangeDb: 10,
  noiseFloorHoldS: 2,
};

const BLOCK_S = 0.01;

/** What the state machine hears about one block. */
export interface BlockObservation {
  kind: BlockClass;
  /** End of the block in seconds of audio time. */
  timeS: number;
  levelDb: number;
  /** The classifier's adaptive background level in dB. */
  floorDb: number;
  /** A cadence was recognised in this block (at `cadenceAtS`). */
  cadence?: CadenceKind;
  cadenceAtS?: number;
  cadenceConfidence?: number;
  /**
   * In the off period after a call-progress tone burst, within the longest off period a plan for
   * that tone allows: the line is quiet by design, so this is not silence yet.
   */
  toneGap: boolean;
}

/**
 * Turns per-block observations into call states with hangover, and emits queue and environ events
 * on change only.
 */
export class CallStateMachine {
  state: CallState = 'none';
  private readonly voiceRing = new Uint8Array(Math.round(STATE_TIMING.voiceSpanS / BLOCK_S));
  private voiceCount = 0;
  private voiceSlot = 0;
  private lastActivityS = 0;
  private musicSinceS = -1;
  private lastMusicS = -1;
  private backgroundDb = Number.NaN;
  private referenceDb = Number.NaN;
  private backgroundBlocks = 0;
  private floorChangeSinceS = -1;

  /** Feed one block; pushes any events into `out`. */
  observe(block: BlockObservation, out: CallStateEvent[]): void {
    const { kind, timeS } = block;
    const isSpeech = kind === BlockClass.Speech ? 1 : 0;
    this.voiceCount += isSpeech - this.voiceRing[this.voiceSlot]!;
    this.voiceRing[this.voiceSlot] = isSpeech;
    this.voiceSlot = (this.voiceSlot + 1) % this.voiceRing.length;
    const voice = this.voiceCount >= STATE_TIMING.voiceShare * this.voiceRing.length;

    if (kind === BlockClass.Tone) {
      // Keypad or call-progress tones are not music, and they end a music run.
      this.musicSinceS = -1;
    } else if (kind === BlockClass.Music) {
      if (this.musicSinceS < 0 || timeS - this.lastMusicS > STATE_TIMING.musicGapS) this.musicSinceS = timeS - BLOCK_S;
      this.lastMusicS = timeS;
    } else if (this.musicSinceS >= 0 && timeS - this.lastMusicS > STATE_TIMING.musicGapS) {
      this.musicSinceS = -1;
    }
    const musicFor = this.musicSinceS >= 0 ? timeS - this.musicSinceS : 0;

    // A speech block already implies a second of syllable-like modulation, so a cough is not one;
    // in noise only part of a voice's blocks rise above the floor, so any of them keeps the line busy.
    if (kind === BlockClass.Tone || isSpeech || (kind === BlockClass.Music && musicFor >= 0.3)) {
      this.lastActivityS = timeS;
    }
    const quietFor = timeS - this.lastActivityS;

    if (block.cadence) {
      if (this.state !== block.cadence) this.enter(block.cadence, block.cadenceAtS ?? timeS, out, block.cadenceConfidence);
    } else if (voice && this.state !== 'speech') {
      this.enter('speech', timeS, out);
    } else if (musicFor >= STATE_TIMING.holdMusicAfterS && this.state !== 'hold_music' && !voice) {
      // Also after speech: an announcement is over and the queue music is back.
      this.enter('hold_music', timeS, out);
    } else if (block.toneGap) {
      // Between bursts of a (possible) cadence the line is quiet by design: not silence.
    } else if (quietFor >= STATE_TIMING.deadAirAfterS && this.state !== 'dead_air') {
      this.enter('dead_air', timeS, out);
    } else if (quietFor >= STATE_TIMING.silenceAfterS && this.state !== 'silence' && this.state !== 'dead_air') {
      this.enter('silence', timeS, out);
    }
    // A voice moves the floor estimate; background changes are judged only while nobody talks.
    // Tones and music hide the background too: judge it only on a line with nothing else on it.
    const background = (kind === BlockClass.Quiet || kind === BlockClass.Noise) && !block.toneGap;
    const idleLine = this.state === 'none' || this.state === 'silence' || this.state === 'dead_air';
    if (!background || !idleLine || this.voiceCount > 0) this.floorChangeSinceS = -1;
    else this.trackBackground(block, out);
  }

  private enter(state: CallState, timeS: number, out: CallStateEvent[], confidence = 0.9): void {
    const previous = this.state;
    this.state = state;
    // A voice at the very start is not news; a voice after a call state is ("someone answered").
    if (state === 'speech' && previous === 'none') return;
    const timestamp = Math.max(0, round(timeS));
    out.push({ event_type: 'queue', label: state, confidence, timestamp });
    if (state === 'speech') out.push({ event_type: 'environ', label: 'speech', confidence: 0.9, timestamp });
    if (state === 'hold_music') out.push({ event_type: 'environ', label: 'music', confidence: 0.85, timestamp });
    if ((state === 'silence' || state === 'dead_air') && previous !== 'silence') {
      out.push({ event_type: 'environ', label: 'quiet', confidence: 0.9, timestamp });
    }
  }

  /** The adaptive background level; a move of more than 10 dB that lasts 2 s is reported. */
  private trackBackground(block: BlockObservation, out: CallStateEvent[]): void {
    this.backgroundBlocks++;
    this.backgroundDb = block.floorDb;
    if (this.backgroundBlocks === 100) this.referenceDb = this.backgroundDb;
    if (Number.isNaN(this.referenceDb)) return;
    if (Math.abs(this.backgroundDb - this.referenceDb) <= STATE_TIMING.noiseFloorChangeDb) {
      this.floorChangeSinceS = -1;
      return;
    }
    if (this.floorChangeSinceS < 0) this.floorChangeSinceS = block.timeS;
    if (block.timeS - this.floorChangeSinceS >= STATE_TIMING.noiseFloorHoldS) {
      out.push({ event_type: 'environ', label: 'noise_floor_change', confidence: 0.8, timestamp: round(block.timeS) });
      this.referenceDb = this.backgroundDb;
      this.floorChangeSinceS = -1;
    }
  }
}

function round(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}
