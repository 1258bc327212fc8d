import type { SpeakerBaselineState } from '@linnet/shared';
import { ToneAnnotator } from '../annotator/annotator.js';
import { StreamingCallStateDetector } from '../callstate/index.js';
import type { EngineEvent, EngineOptions, ToneEngine } from '../engine.js';
import { FloatConverter } from '../pcm.js';
import { FrameAnalyser } from './frames.js';
import { ToneLabeller } from './labeller.js';
import { SpeakerTracker } from './speaker.js';
import { WindowSummariser, type WindowFeatures } from './window-features.js';

/** The voices one session tells apart, in the order they are first heard: by channel (frames.ts `FrameTrack.channel`). */
const VOICE_IDS = ['speaker_a', 'speaker_b'] as const;

/** One voice: the channel it comes through (null until a window has shown it) and its own labeller and baseline. */
interface Voice {
  channel: WindowFeatures['channel'];
  labeller: ToneLabeller;
}

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
 *
 * Two voices are told apart when they come through different channels, the usual case on a speakerphone call:
 * the user's own voice near the microphone (full band) and the other party's through the phone line. Each has
 * its own labeller, so each is compared with its own usual sound (speaker_a, heard first, and speaker_b); a
 * window whose runs have not shown a channel yet goes to the voice heard last. One channel, one voice: a
 * session that never hears a second channel is labelled exactly as with one labeller.
 */
class ProsodyEngine implements ToneEngine {
  private readonly sampleRate: number;
  private readonly frames: FrameAnalyser;
  private readonly summariser: WindowSummariser;
  private readonly voices: Voice[];
  private current: Voice;
  private readonly labellerOptions: ConstructorParameters<typeof ToneLabeller>[1];
  private readonly annotator: ToneAnnotator;
  private readonly speaker = new SpeakerTracker();
  private readonly callState: StreamingCallStateDetector;

  constructor({ elcor, windowMs, sampleRate, labelOffsets, speakerBaseline, rawConfidence = false, toneScorer }: EngineOptions) {
    this.sampleRate = sampleRate;
    this.labellerOptions = { offsets: labelOffsets, calibrated: !rawConfidence, scorer: toneScorer };
    this.current = { channel: null, labeller: new ToneLabeller(VOICE_IDS[0], { ...this.labellerOptions, startFrom: speakerBaseline }) };
    this.voices = [this.current];
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
      const observation = this.voiceOf(summary.channel, summary.channelSure).labeller.observe(summary);
      events.push(this.annotator.annotate(observation, startS));
    } else {
      for (const voice of this.voices) voice.labeller.pause(window.length / this.sampleRate);
    }
    return events;
  }

  /** The first voice heard keeps a baseline across a resumed session (docs/api.md, `speaker_baseline`). */
  speakerBaseline(): SpeakerBaselineState {
    return this.voices[0]!.labeller.baselineState();
  }

  /**
   * The voice a window belongs to: the one of its channel, a new one for a second channel when the window is
   * sure of it, else the voice heard last.
   */
  private voiceOf(channel: WindowFeatures['channel'], sure: boolean): Voice {
    if (channel === null || channel === this.current.channel) return this.current;
    let voice = this.voices.find((known) => known.channel === channel);
    if (!voice && !sure) return this.current;
    if (!voice && this.current.channel === null) {
      // The first voice's windows came before any run showed its channel: now it has one.
      voice = this.current;
      voice.channel = channel;
    }
    if (!voice && this.voices.length < VOICE_IDS.length) {
      voice = { channel, labeller: new ToneLabeller(VOICE_IDS[this.voices.length], this.labellerOptions) };
      this.voices.push(voice);
    }
    this.current = voice ?? this.current;
    return this.current;
  }

  dispose(): void {
    // Nothing to release: the window-sized buffers belong to the thread (../scratch.ts).
  }
}

/** The engine for one session (the public entry's name for `new ProsodyEngine`). */
export function createProsodyEngine(options: EngineOptions): ToneEngine {
  return new ProsodyEngine(options);
}
