import type { LinnetEvent } from '@linnet/shared';
import { createToneAnnotator } from '../annotator.js';
import { createCallStateDetector, withSessionId } from '../callstate/index.js';
import { createSpeakerTracker } from '../speaker.js';
import type { ToneEngine, ToneEngineFactory } from '../tone-engine.js';
import { createFloatConverter } from '../../lib/pcm.js';
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
  const pcm = createFloatConverter();

  const engine: ToneEngine = {
    analyse(window: Int16Array, startS: number): LinnetEvent[] {
      const samples = pcm.toFloats(window);
      const calls = callState.process(samples, startS);
      const events = withSessionId(calls.events, sessionId);
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
      pcm.release();
    },
  };
  return engine;
};
