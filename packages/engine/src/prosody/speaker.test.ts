import { describe, expect, it } from 'vitest';
import { SpeakerTracker } from './speaker.js';

const speech = (first = 0, last = 1) => ({ speech: true, voicedFrames: 40, firstVoicedS: first, lastVoicedEndS: last });
const quiet = { speech: false, voicedFrames: 0, firstVoicedS: -1, lastVoicedEndS: -1 };

describe('SpeakerTracker', () => {
  it('reports speech start at the onset and stop at the offset, once each', () => {
    const tracker = new SpeakerTracker();
    const changes = [quiet, speech(0.4, 1), speech(), speech(0, 0.3), quiet, quiet].map((voicing, i) =>
      tracker.update(voicing, i, 1),
    );
    expect(changes).toEqual([
      [],
      [{ label: 'human_single', timestamp: 1.4, confidence: 0.9 }],
      [],
      [],
      [{ label: 'no_speaker', timestamp: 3.3, confidence: 0.93 }],
      [],
    ]);
  });

  it('does not report a pause shorter than the hangover', () => {
    const tracker = new SpeakerTracker({ hangoverS: 1 });
    const changes = [speech(), speech(0, 0.5), quiet, speech(0.3, 1)].map((voicing, i) => tracker.update(voicing, i, 1));
    // Voice stopped at 1.5 s; the quiet window ends at 3.0 s: 1.5 s of silence outlasts a 1 s hangover.
    expect(changes.flat().map((change) => change.label)).toEqual(['human_single', 'no_speaker', 'human_single']);
    const patient = new SpeakerTracker({ hangoverS: 2 });
    const held = [speech(), speech(0, 0.5), quiet, speech(0.3, 1)].map((voicing, i) => patient.update(voicing, i, 1));
    expect(held.flat().map((change) => change.label)).toEqual(['human_single']);
  });

  it('reports onset and offset from one long window holding a whole utterance', () => {
    const tracker = new SpeakerTracker();
    expect(tracker.update(speech(0.5, 1.2), 6, 3)).toEqual([
      { label: 'human_single', timestamp: 6.5, confidence: 0.9 },
      { label: 'no_speaker', timestamp: 7.2, confidence: 0.95 },
    ]);
  });
});
