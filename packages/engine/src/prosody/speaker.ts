import { SPEAKER_CONFIDENCE } from './confidence-limits.js';

/** A speaker change, placed on audio time. */
export interface SpeakerChange {
  label: 'human_single' | 'no_speaker';
  timestamp: number;
  /** Grows with the voicing heard (onset) or the silence since (offset). */
  confidence: number;
}

export interface SpeakerTrackerOptions {
  /**
   * Voicing must have stopped this long before `no_speaker` is reported, so a pause for breath or
   * thought does not flip the state.
   * @default SPEAKER_CONFIDENCE.hangoverS (1 s)
   */
  hangoverS?: number;
}

/** One window's voicing, as the prosody summary reports it. */
export interface WindowVoicing {
  speech: boolean;
  /** Voiced 10 ms frames in the window. */
  voicedFrames: number;
  /** Seconds from the window start to the first voiced frame, or -1. */
  firstVoicedS: number;
  /** Seconds from the window start to the end of the last voiced frame, or -1. */
  lastVoicedEndS: number;
}

const round = (value: number) => Math.round(value * 100) / 100;

/**
 * Debounced speaking/quiet state: reports `human_single` when speech starts and `no_speaker` once it
 * has stopped for the hangover, each on change only and stamped at the real onset or offset.
 */
export class SpeakerTracker {
  private readonly hangoverS: number;
  private speaking = false;
  private lastVoicedAt = 0;

  constructor({ hangoverS = SPEAKER_CONFIDENCE.hangoverS }: SpeakerTrackerOptions = {}) {
    this.hangoverS = hangoverS;
  }

  /**
   * Feed one window (`startS`..`startS + durationS`); returns the changes it brings, in order:
   * none, an onset, an offset, or both when a long window holds a whole utterance.
   */
  update(voicing: WindowVoicing, startS: number, durationS: number): SpeakerChange[] {
    const { base, max } = SPEAKER_CONFIDENCE;
    const { hangoverS } = this;
    const changes: SpeakerChange[] = [];
    if (voicing.speech && !this.speaking) {
      this.speaking = true;
      changes.push({
        label: 'human_single',
        timestamp: startS + Math.max(0, voicing.firstVoicedS),
        confidence: round(Math.min(max, base + voicing.voicedFrames / SPEAKER_CONFIDENCE.onsetFramesPerUnit)),
      });
    }
    // Stray voiced frames in a non-speech window still count as the voice trailing off.
    if (this.speaking && voicing.lastVoicedEndS >= 0) this.lastVoicedAt = startS + voicing.lastVoicedEndS;
    const silentS = startS + durationS - this.lastVoicedAt;
    if (this.speaking && silentS >= hangoverS) {
      this.speaking = false;
      const confidence = round(Math.min(max, base + silentS / (SPEAKER_CONFIDENCE.offsetHangoversPerUnit * hangoverS)));
      changes.push({ label: 'no_speaker', timestamp: this.lastVoicedAt, confidence });
    }
    return changes;
  }
}
