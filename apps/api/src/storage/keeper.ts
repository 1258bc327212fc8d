import type { KeptEvent, LinnetEvent, SessionEndReason } from '@linnet/shared';
import { DEFAULTS } from '../defaults.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import type { KeepOutcome, Session, SessionKeeper } from '../sessions/session-store.js';
import type { KeptStore } from './kept-store.js';

// What a kept conversation is made of: its words, tone, who spoke and the call's states. Service
// notices and acoustic surroundings say nothing about the conversation afterwards.
const KEPT_TYPES = new Set<LinnetEvent['event_type']>(['tone', 'speaker', 'transcript', 'queue']);

export interface KeeperOptions {
  kept: KeptStore;
  /** Events one conversation keeps at most; later ones are dropped. @default DEFAULTS.keptEventsMax */
  maxEvents?: number;
  clock?: Clock;
  logger?: Logger;
}

/**
 * Records kept sessions in memory while they run (no I/O on the audio path) and writes each in one
 * transaction when it ends. A storage failure is logged without content, counted, and returned as
 * `failed` so the user is told; it never reaches the session or the server.
 */
export function createKeeper({ kept, maxEvents = DEFAULTS.keptEventsMax, clock = systemClock, logger = silentLogger }: KeeperOptions) {
  const recordings = new Map<string, KeptEvent[]>();
  const stats = { kept_written: 0, kept_write_failures: 0, kept_events_dropped: 0 };

  const keeper: SessionKeeper = {
    begin(session: Session): void {
      const events: KeptEvent[] = [];
      recordings.set(session.id, events);
      session.channel.tap((id, event) => {
        if (!KEPT_TYPES.has(event.event_type)) return;
        if (events.length < maxEvents) events.push({ id, event });
        else stats.kept_events_dropped++;
      });
    },

    finish(session: Session, reason: SessionEndReason): KeepOutcome {
      const events = recordings.get(session.id) ?? [];
      recordings.delete(session.id);
      try {
        kept.save({
          sessionId: session.id,
          startedAt: session.startedAt,
          endedMs: clock.now(),
          endReason: reason,
          settings: { elcor: session.elcor, window_ms: session.windowMs, transcribe: session.transcribe },
          resumedFrom: session.resumedFrom,
          device: session.device,
          speakerBaseline: session.speakerBaseline(),
          events,
        });
        stats.kept_written++;
        return 'kept';
      } catch (error) {
        stats.kept_write_failures++;
        // The SQLite code (SQLITE_FULL, SQLITE_BUSY, SQLITE_CORRUPT...) says what happened; the
        // message is left out like everywhere else.
        const code = (error as { code?: unknown }).code;
        logger.error('keep_failed', { session_id: session.id, reason, code: typeof code === 'string' ? code : 'unknown', events: events.length });
        return 'failed';
      }
    },
  };

  return {
    ...keeper,
    /** An event a running kept session recorded, for corrections of events the replay buffer no longer holds. */
    event(sessionId: string, eventId: number): LinnetEvent | undefined {
      return recordings.get(sessionId)?.find((kept) => kept.id === eventId)?.event;
    },
    metrics: () => ({ ...stats, kept_recording: recordings.size }) };
}
