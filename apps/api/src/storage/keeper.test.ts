import { toneEvent, transcriptEvent, serviceEvent, environEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { createManualClock } from '../lib/clock.js';
import { SessionStore } from '../sessions/session-store.js';
import { openDatabase } from './database.js';
import { createKeeper } from './keeper.js';
import { createKeptStore } from './kept-store.js';

const DEVICE = 'device-hash';

function setup(maxEvents: number) {
  const db = openDatabase({ path: ':memory:' });
  const kept = createKeptStore(db);
  const clock = createManualClock(Date.parse('2026-05-01T10:00:00Z'));
  const keeper = createKeeper({ kept, maxEvents, clock });
  const store = new SessionStore({ keeper, clock });
  return { db, kept, keeper, store };
}

describe('createKeeper', () => {
  it('records a kept session up to its bound, counting what it drops, and writes it when the session ends', () => {
    const { kept, keeper, store } = setup(3);
    const session = store.create({ elcor: false, windowMs: 1000, keep: true, device: DEVICE });
    for (let i = 0; i < 5; i++) session.channel.publish(toneEvent({ session_id: session.id, timestamp: i }));
    expect(keeper.event(session.id, 2)?.timestamp).toBe(1);
    expect(keeper.metrics()).toMatchObject({ kept_recording: 1, kept_events_dropped: 2 });
    store.end(session.id, 'reaped');
    expect(session.keepOutcome).toBe('kept');
    expect(kept.get(DEVICE, session.id)?.events.map((e) => e.id)).toEqual([1, 2, 3]);
    expect(kept.get(DEVICE, session.id)?.end_reason).toBe('reaped');
    expect(keeper.metrics()).toMatchObject({ kept_recording: 0, kept_written: 1, kept_write_failures: 0 });
  });

  it('keeps words, tone, speakers and call states but not service notices or surroundings', () => {
    const { kept, store } = setup(100);
    const session = store.create({ elcor: false, windowMs: 1000, keep: true, device: DEVICE });
    for (const event of [serviceEvent(), environEvent(), transcriptEvent(), toneEvent()]) session.channel.publish({ ...event, session_id: session.id });
    store.end(session.id, 'ended');
    expect(kept.get(DEVICE, session.id)?.events.map((e) => [e.id, e.event.event_type])).toEqual([
      [3, 'transcript'],
      [4, 'tone'],
    ]);
  });

  it('records nothing for a session that did not ask to be kept', () => {
    const { kept, keeper, store } = setup(100);
    const session = store.create({ elcor: false, windowMs: 1000 });
    session.channel.publish(toneEvent({ session_id: session.id }));
    expect(keeper.metrics().kept_recording).toBe(0);
    store.end(session.id, 'ended');
    expect(session.keepOutcome).toBeUndefined();
    expect(kept.list(DEVICE, { limit: 10 }).sessions).toEqual([]);
  });

  it('reports failed, counts it and leaves the store working when the database is gone', () => {
    const { db, keeper, store } = setup(100);
    const doomed = store.create({ elcor: false, windowMs: 1000, keep: true, device: DEVICE });
    const other = store.create({ elcor: false, windowMs: 1000, keep: true, device: DEVICE });
    // A closed database throws on every statement, as a vanished or corrupt file would.
    db.close();
    expect(store.end(doomed.id, 'shutdown')).toBe(true);
    expect(doomed.keepOutcome).toBe('failed');
    expect(store.get(other.id)).toBe(other);
    expect(keeper.metrics()).toMatchObject({ kept_write_failures: 1 });
  });
});
