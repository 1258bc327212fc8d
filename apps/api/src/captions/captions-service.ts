import {
  AUDIO_SAMPLE_RATE,
  type CaptionsState,
  type CaptionsStatus,
  type HealthCaptions,
  type LinnetEvent,
  type ServiceCode,
  type ServiceStatus,
} from '@linnet/shared';
import { silentLogger, type Logger } from '../lib/logger.js';
import { Captioner, type VoiceWindow } from './captioner.js';
import { SpeechToNoise } from './speech-to-noise.js';
import type { Recogniser, RecogniserSession, RecogniserTrouble } from './transcriber.js';

/** What the captions of one session need to know about it. */
export interface CaptionedSession {
  id: string;
  elcor: boolean;
  windowMs: number;
  /** The client asked for captions (`transcribe`, default true). */
  transcribe: boolean;
  publish: (event: LinnetEvent) => void;
}

/** One session's captions, driven by its audio pipeline. */
export interface SessionCaptions {
  /** A frame of PCM samples starting at `startS` seconds of the session's audio. */
  write(pcm: Int16Array, startS: number): void;
  /**
   * False for an event the tone engine produced that must not reach the stream: a sidecar's
   * transcript while this session's own recogniser captions it (one source of captions wins).
   */
  passes(event: LinnetEvent): boolean;
  /** Every event the session publishes: speaker and tone events steer utterance cuts and tone. */
  observe(event: LinnetEvent): void;
  /** A tone event withheld under MIN_CONFIDENCE: whose voice its window was still names the caption's speaker. */
  observeWithheld(tone: VoiceWindow): void;
  /** The tone engine answered for the window ending at `endS`. */
  analysed(endS: number): void;
  /** The audio stopped for now (last socket closed). */
  flush(): void;
  /** The session ended: release the recogniser. */
  close(): void;
}

export interface CaptionsServiceOptions {
  /** The recogniser TRANSCRIBER chose, or null when captions are off. */
  recogniser: Recogniser | null;
  /** MAX_TRANSCRIBERS: sessions captioned at once. */
  maxTranscribers: number;
  logger?: Logger;
}

// People read `detail`; it never quotes words.
const DETAILS: Record<ServiceCode, string> = {
  captions_ready: 'Captions ready',
  captions_off: 'Captions unavailable: this server has no speech recogniser',
  captions_not_requested: 'Captions unavailable: this session did not ask for them',
  captions_busy: 'Captions unavailable: the server is captioning as many conversations as it can',
  captions_failed: 'Captions stopped: the speech recogniser failed; tone labels go on',
  captions_restarted: 'Captions resumed after the recogniser restarted; words of the last few seconds are lost',
};
// Each trouble as a service event, and where it leaves the session's captions (`GET /session/:id`):
// a crashed decoder is restarting; one request that failed or stalled leaves the next one to try.
const TROUBLE: Record<RecogniserTrouble, [ServiceStatus, ServiceCode, CaptionsStatus, string?]> = {
  crashed: ['error', 'captions_failed', 'starting', 'Captions interrupted: the speech recogniser stopped and is restarting'],
  timed_out: ['error', 'captions_failed', 'live', 'Captions interrupted: the speech recogniser stalled and is restarting'],
  failed: ['error', 'captions_failed', 'live', 'Captions interrupted: the speech recogniser failed on the last words'],
  restarted: ['ready', 'captions_restarted', 'live'],
  overloaded: ['error', 'captions_failed', 'live', 'Captions are skipping speech: the speech recogniser fell behind'],
  gave_up: ['error', 'captions_failed', 'failed'],
};
const SERVICE_TO_CAPTIONS: Partial<Record<ServiceCode, CaptionsStatus>> = {
  captions_ready: 'live',
  captions_off: 'off',
  captions_not_requested: 'off',
  captions_busy: 'off',
};

/** Counters for `/metrics`: never words or audio. */
interface CaptionsStats {
  sessions: number;
  refused_busy: number;
  not_requested: number;
  troubles: number;
  /** Sessions whose recogniser failed for good, releasing their slot. */
  given_up: number;
  /** The tone engine's (sidecar's) transcripts dropped because the local recogniser captions the session. */
  engine_transcripts_dropped: number;
  /** Words the recogniser heard while the call state said the line carried no voice (ringing, busy, hold music). */
  non_voice_words_dropped: number;
}

/**
 * Captions for every session: one recogniser session per captioned conversation, at most
 * MAX_TRANSCRIBERS at once; others get tone labels and a `service-event` saying why not.
 */
export function createCaptionsService({ recogniser, maxTranscribers, logger = silentLogger }: CaptionsServiceOptions) {
  const stats: CaptionsStats = { sessions: 0, refused_busy: 0, not_requested: 0, troubles: 0, given_up: 0, engine_transcripts_dropped: 0, non_voice_words_dropped: 0 };
  const open = new Map<string, { captions: SessionCaptions; recognition: RecogniserSession }>();
  /** Each session's captions as its last service event left them, until the session ends. */
  const states = new Map<string, CaptionsState>();
  const kind = recogniser?.name ?? 'off';

  /** Publish a service event and remember the state it leaves; a repeat of the current state is not news. */
  function announce(session: CaptionedSession, status: ServiceStatus, code: ServiceCode, atS: number, detail = DETAILS[code], captionsStatus?: CaptionsStatus): void {
    const next: CaptionsState = { recogniser: kind, status: captionsStatus ?? SERVICE_TO_CAPTIONS[code] ?? 'live', code, detail };
    const held = states.get(session.id);
    if (held && held.status === next.status && held.code === next.code && held.detail === next.detail) return;
    states.set(session.id, next);
    session.publish({ event_type: 'service', session_id: session.id, status, code, detail, timestamp: atS });
  }

  function start(session: CaptionedSession): SessionCaptions | null {
    if (!recogniser || !session.transcribe || open.size >= maxTranscribers) {
      const code = !recogniser ? 'captions_off' : !session.transcribe ? 'captions_not_requested' : 'captions_busy';
      if (code === 'captions_busy') stats.refused_busy += 1;
      if (code === 'captions_not_requested') stats.not_requested += 1;
      announce(session, 'unavailable', code, 0);
      return null;
    }
    let audioS = 0;
    let gaveUp = false;
    let released = false;
    states.set(session.id, { recogniser: kind, status: 'starting' });
    // Frame levels and times only (never samples): how far the words heard can be trusted (question-words.ts).
    const speechToNoise = new SpeechToNoise();
    const captioner = new Captioner({
      sessionId: session.id,
      elcor: session.elcor,
      windowS: session.windowMs / 1000,
      publish: (event) => session.publish(event),
      snrDb: (fromS, toS) => speechToNoise.snrDb(fromS, toS),
      nonVoiceDropped: (words) => (stats.non_voice_words_dropped += words),
    });
    const recognition = recogniser.open({
      onWords: (words) => captioner.addWords(words),
      onTrouble: (trouble, recovered) => {
        if (gaveUp || released) return;
        stats.troubles += 1;
        logger.warn('captions_trouble', { session_id: session.id, recogniser: recogniser.name, trouble, recovered });
        if (recovered && trouble === 'overloaded') return announce(session, 'ready', 'captions_ready', audioS, 'Captions caught up');
        const [status, code, captionsStatus, detail] = TROUBLE[trouble];
        announce(session, status, code, audioS, detail, captionsStatus);
        if (trouble === 'gave_up') giveUp();
      },
      // A decoder that spawns after its session ended must not leave a state behind.
      onReady: () => released || announce(session, 'ready', 'captions_ready', audioS),
    });
    if (!recogniser.announcesReady) announce(session, 'ready', 'captions_ready', 0);
    stats.sessions += 1;

    /** The recogniser failed for good: its slot goes to the next session; this one keeps its tone labels. */
    function giveUp(): void {
      gaveUp = true;
      stats.given_up += 1;
      captioner.flush();
      captions.close();
    }

    const captions: SessionCaptions = {
      write(pcm, startS) {
        if (gaveUp) return;
        recognition.write(pcm, startS);
        speechToNoise.write(pcm, startS);
        audioS = startS + pcm.length / AUDIO_SAMPLE_RATE;
        captioner.advance(audioS);
      },
      passes(event) {
        // The local recogniser's captions carry times, tone and plain text; the sidecar's only text.
        // Once the recogniser gave up (or the session ended) the sidecar's transcripts pass again.
        if (event.event_type !== 'transcript' || gaveUp || released) return true;
        stats.engine_transcripts_dropped += 1;
        return false;
      },
      observe(event) {
        if (gaveUp) return;
        const windowS = session.windowMs / 1000;
        if (event.event_type === 'tone') {
          captioner.addTone(event);
          recognition.markSpeech(event.timestamp, event.timestamp + windowS, true);
        } else if (event.event_type === 'queue') {
          captioner.addCallState(event.label, event.timestamp);
        } else if (event.event_type === 'speaker' && (event.label === 'human_single' || event.label === 'no_speaker')) {
          const speech = event.label === 'human_single';
          captioner.markSpeech(event.timestamp, speech);
          recognition.markSpeech(event.timestamp, event.timestamp + windowS, speech);
        }
      },
      observeWithheld(tone) {
        if (!gaveUp) captioner.addVoice(tone);
      },
      analysed: (endS) => {
        if (!gaveUp) captioner.analysed(endS);
      },
      flush() {
        if (gaveUp) return;
        recognition.flush();
        captioner.flush();
        // The microphone went off: audio after it may come from another room, and is judged by that room alone.
        speechToNoise.stop();
      },
      close() {
        released = true;
        if (!open.delete(session.id)) return;
        recognition.close();
      },
    };
    open.set(session.id, { captions, recognition });
    logger.info('captions_started', { session_id: session.id, recogniser: recogniser.name });
    return captions;
  }

  return {
    /** Captions for a session, or null (after telling its stream why) when it gets none. */
    start,
    /** The recognition of a running captioned session (tests reach the process through it). */
    recognitionOf: (sessionId: string) => open.get(sessionId)?.recognition,
    /**
     * A session's captions now, for `GET /session/:id`: its last service event's state, or what
     * `start` will decide once its audio connects.
     */
    stateOf(session: Pick<CaptionedSession, 'id' | 'transcribe'>): CaptionsState {
      const held = states.get(session.id);
      if (held) return held;
      if (!recogniser) return { recogniser: kind, status: 'off', code: 'captions_off', detail: DETAILS.captions_off };
      if (!session.transcribe) return { recogniser: kind, status: 'off', code: 'captions_not_requested', detail: DETAILS.captions_not_requested };
      return { recogniser: kind, status: 'starting' };
    },
    /** The session ended: forget its state (its recogniser was released by `close`). */
    forget(sessionId: string): void {
      states.delete(sessionId);
    },
    /** The server's captions for `/health`. */
    health(): HealthCaptions {
      const code: ServiceCode = !recogniser ? 'captions_off' : open.size >= maxTranscribers ? 'captions_busy' : 'captions_ready';
      return { recogniser: kind, status: recogniser ? 'live' : 'off', code, active: open.size, max_transcribers: maxTranscribers };
    },
    metrics: () => ({
      recogniser: recogniser?.name ?? 'off',
      max_transcribers: maxTranscribers,
      active: open.size,
      ...stats,
      ...(recogniser ? { [recogniser.name]: recogniser.metrics() } : {}),
    }),
    /** Release every recogniser (shutdown). */
    close(): void {
      for (const { captions } of [...open.values()]) captions.close();
    },
  };
}

export type CaptionsService = ReturnType<typeof createCaptionsService>;
