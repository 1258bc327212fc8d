import type { SpeakerBaselineState } from '@linnet/shared';
import { ToneAnnotator } from '../annotator/annotator.js';
import { StreamingCallStateDetector } from '../callstate/index.js';
import type { EngineEvent, EngineOptions, ToneEngine } from '../engine.js';
import { FloatConverter } from '../pcm.js';
import { FrameAnalyser } from './frames.js';
import { ToneLabeller } from './labeller.js';
import { SpeakerTracker } from './speaker.js';
import { WindowSummariser } from './window-features.js';

/**
 * One float copy of the window for every engine of this thread: it is read only inside `analyse`
 * (the call-state decimator and the frame analyser copy what they keep), see ../scratch.ts.
 */
const THREAD_PCM = new FloatConverter();

/**
 * The pure-TypeScript engine for one session: frame features → window summary → speaker
 * baseline and label rules → annotated tone events, plus debounced speaker events and the
 * call-state detector's queue/environ events. Windows the call-state detector calls non-speech
 * (ringback, music, DTMF) never become tone events.
 */
class ProsodyEngine implements ToneEngine {
  private readonly sampleRate: number;
  private readonly frames: FrameAnalyser;
  private readonly summariser: WindowSummariser;
  private readonly labeller: ToneLabeller;
  private readonly annotator: ToneAnnotator;
  private readonly speaker = new SpeakerTracker();
  private readonly callState: StreamingCallStateDetector;

  constructor({ elcor, windowMs, sampleRate, labelOffsets, speakerBaseline, rawConfidence = false, toneScorer }: EngineOptions) {
    this.sampleRate = sampleRate;
    this.labeller = new ToneLabeller(undefined, { offsets: labelOffsets, startFrom: speakerBaseline, calibrated: !rawConfidence, scorer: toneScorer });
    this.frames = new FrameAnalyser({ sampleRate, windowMs });
    this.summariser = new WindowSummariser(Math.ceil(windowMs / 10) + 1);
    this.annotator = new ToneAnnotator({ elcor });
    this.callState = new StreamingCallStateDetector({ sampleRate });
  }

  analyse(window: Int16Array, startS: number): EngineEvent[] {
    const samples = THREAD_PCM.toFloats(window);
    const calls = this.callState.process(samples, startS);
    const events: EngineEvent[] = calls.events;
    const summary = this.summariser.summarise(this.frames.analyse(samples));
    // Tones and music are periodic too: the call-state verdict keeps them from looking like a voice.
    const speech = summary.speech && !calls.nonSpeech;
    for (const change of this.speaker.update({ ...summary, speech }, startS, window.length / this.sampleRate)) {
      events.push({ event_type: 'speaker', ...change });
    }
    if (speech) {
      const observation = this.labeller.observe(summary);
      events.push(this.annotator.annotate(observation, startS));
    } else {
      this.labeller.pause(window.length / this.sampleRate);
    }
    return events;
  }

  speakerBaseline(): SpeakerBaselineState {
    return this.labeller.baselineState();
  }

  dispose(): void {
    // Nothing to release: the window-sized buffers belong to the thread (../scratch.ts).
  }
}

/** The engine for one session (the public entry's name for `new ProsodyEngine`). */
export function createProsodyEngine(options: EngineOptions): ToneEngine {
  return new ProsodyEngine(options);
}
