import { AUDIO_SAMPLE_RATE, type LinnetEvent, type ServiceCode, type ServiceStatus } from '@linnet/shared';
import { silentLogger, type Logger } from '../lib/logger.js';
import { Captioner } from './captioner.js';
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
  /** Every event the session publishes: speaker and tone events steer utterance cuts and tone. */
  observe(event: LinnetEvent): void;
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
const TROUBLE: Record<RecogniserTrouble, [ServiceStatus, ServiceCode, string?]> = {
  crashed: ['error', 'captions_failed', 'Captions interrupted: the speech recogniser stopped and is restarting'],
  timed_out: ['error', 'captions_failed', 'Captions interrupted: the speech recogniser stalled and is restarting'],
  failed: ['error', 'captions_failed'],
  restarted: ['ready', 'captions_restarted'],
  overloaded: ['error', 'captions_failed', 'Captions are skipping speech: the speech recogniser fell behind'],
};

/** Counters for `/metrics`: never words or audio. */
interface CaptionsStats {
  sessions: number;
  refused_busy: number;
  not_requested: number;
  troubles: number;
}

/**
 * Captions for every session: one recogniser session per captioned conversation, at most
 * MAX_TRANSCRIBERS at once; others get tone labels and a `service-event` saying why not.
 */
export function createCaptionsService({ recogniser, maxTranscribers, logger = silentLogger }: CaptionsServiceOptions) {
  const stats: CaptionsStats = { sessions: 0, refused_busy: 0, not_requested: 0, troubles: 0 };
  const open = new Map<string, { captions: SessionCaptions; recognition: RecogniserSession }>();

  function announce(session: CaptionedSession, status: ServiceStatus, code: ServiceCode, atS: number, detail = DETAILS[code]): void {
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
    const captioner = new Captioner({
      sessionId: session.id,
      elcor: session.elcor,
      windowS: session.windowMs / 1000,
      publish: (event) => session.publish(event),
    });
    const recognition = recogniser.open({
      onWords: (words) => captioner.addWords(words),
      onTrouble: (trouble, recovered) => {
        stats.troubles += 1;
        logger.warn('captions_trouble', { session_id: session.id, recogniser: recogniser.name, trouble, recovered });
        if (recovered && trouble === 'overloaded') return announce(session, 'ready', 'captions_ready', audioS, 'Captions caught up');
        const [status, code, detail] = TROUBLE[trouble];
        announce(session, status, code, audioS, detail);
      },
      onReady: () => announce(session, 'ready', 'captions_ready', audioS),
    });
    if (!recogniser.announcesReady) announce(session, 'ready', 'captions_ready', 0);
    stats.sessions += 1;
    const captions: SessionCaptions = {
      write(pcm, startS) {
        recognition.write(pcm, startS);
        audioS = startS + pcm.length / AUDIO_SAMPLE_RATE;
        captioner.advance(audioS);
      },
      observe(event) {
        const windowS = session.windowMs / 1000;
        if (event.event_type === 'tone') {
          captioner.addTone(event);
          recognition.markSpeech(event.timestamp, event.timestamp + windowS, true);
        } else if (event.event_type === 'speaker' && (event.label === 'human_single' || event.label === 'no_speaker')) {
          const speech = event.label === 'human_single';
          captioner.markSpeech(event.timestamp, speech);
          recognition.markSpeech(event.timestamp, event.timestamp + windowS, speech);
        }
      },
      analysed: (endS) => captioner.analysed(endS),
      flush() {
        recognition.flush();
        captioner.flush();
      },
      close() {
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
