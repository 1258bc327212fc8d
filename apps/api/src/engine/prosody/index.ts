import type { LinnetEvent } from '@linnet/shared';
import { createToneAnnotator } from '../annotator.js';
import { createCallStateDetector } from '../callstate/index.js';
import { createSpeakerTracker } from '../speaker.js';
import type { ToneEngine, ToneEngineFactory } from '../tone-engine.js';
import { createToneLabeller } from './labeller.js';
import { createFrameAnalyser } from './frames.js';
import { createWindowSummariser } from './window-features.js';

const MAX_WINDOW_MS = 3000;

/**
 * Builds the pure-TypeScript prosody engine for one session: frame features → window summary →
 * speaker baseline and label rules → annotated tone events, plus debounced speaker events and the
 * call-state detector's queue/environ events. Windows the call-state detector calls non-speech
 * (ringback, music, DTMF) never become tone events.
 */
export const createProsodyEngine: ToneEngineFactory = ({ sessionId, elcor, sampleRate }) => {
  const frames = createFrameAnalyser({ sampleRate, maxWindowMs: MAX_WINDOW_MS });
  const summariser = createWindowSummariser(Math.ceil(MAX_WINDOW_MS / 10) + 1);
  const labeller = createToneLabeller();
  const annotator = createToneAnnotator({ sessionId, elcor });
  const speaker = createSpeakerTracker();
  const callState = createCallStateDetector({ sampleRate });
  let scratch = new Float32Array(0);

  const engine: ToneEngine = {
    analyse(window: Int16Array, startS: number): LinnetEvent[] {
      if (scratch.length < window.length) scratch = new Float32Array(window.length);
      const samples = scratch.subarray(0, window.length);
      for (let i = 0; i < window.length; i++) samples[i] = window[i]! / 32768;
      const events: LinnetEvent[] = [];
      const calls = callState.process(samples, startS);
      for (const event of calls.events) events.push({ ...event, session_id: sessionId } as LinnetEvent);
      const summary = summariser.summarise(frames.analyse(samples));
      // Tones and music are periodic too: the call-state verdict keeps them from looking like a voice.
      const speech = summary.speech && !calls.nonSpeech;
      for (const change of speaker.update({ ...summary, speech }, startS, window.length / sampleRate)) {
        events.push({ event_type: 'speaker', session_id: sessionId, ...change });
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
      scratch = new Float32Array(0);
    },
  };
  return engine;
};
