import { createToneAnnotator } from '../annotator/annotator.js';
import { createCallStateDetector } from '../callstate/index.js';
import type { EngineEvent, EngineOptions, ToneEngine } from '../engine.js';
import { createFloatConverter } from '../pcm.js';
import { createFrameAnalyser } from './frames.js';
import { createToneLabeller } from './labeller.js';
import { createSpeakerTracker } from './speaker.js';
import { createWindowSummariser } from './window-features.js';

/**
 * Builds the pure-TypeScript engine for one session: frame features → window summary → speaker
 * baseline and label rules → annotated tone events, plus debounced speaker events and the
 * call-state detector's queue/environ events. Windows the call-state detector calls non-speech
 * (ringback, music, DTMF) never become tone events.
 */
export function createProsodyEngine({ elcor, windowMs, sampleRate }: EngineOptions): ToneEngine {
  const frames = createFrameAnalyser({ sampleRate, windowMs });
  const summariser = createWindowSummariser(Math.ceil(windowMs / 10) + 1);
  const labeller = createToneLabeller();
  const annotator = createToneAnnotator({ elcor });
  const speaker = createSpeakerTracker();
  const callState = createCallStateDetector({ sampleRate });
  const pcm = createFloatConverter();

  return {
    analyse(window: Int16Array, startS: number): EngineEvent[] {
      const samples = pcm.toFloats(window);
      const calls = callState.process(samples, startS);
      const events: EngineEvent[] = calls.events;
      const summary = summariser.summarise(frames.analyse(samples));
      // Tones and music are periodic too: the call-state verdict keeps them from looking like a voice.
      const speech = summary.speech && !calls.nonSpeech;
      for (const change of speaker.update({ ...summary, speech }, startS, window.length / sampleRate)) {
        events.push({ event_type: 'speaker', ...change });
      }
      if (speech) {
        const observation = labeller.observe(summary);
        events.push(annotator.annotate(observation, startS));
      } else {
        labeller.pause();
      }
      return events;
    },
    dispose() {
      pcm.release();
    },
  };
}
