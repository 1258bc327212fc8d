import { describe, expect, it } from 'vitest';
import { createManualClock } from '../lib/clock.js';
import { createReaper } from './reaper.js';
import { SessionStore } from './session-store.js';

function setup() {
  const clock = createManualClock(1_000_000);
  const store = new SessionStore({ clock });
  const reaper = createReaper({ store, ttlS: 90, clock });
  const ended: Array<[string, string]> = [];
  store.onEnd((session, reason) => ended.push([session.id, reason]));
  return { clock, store, reaper, ended };
}

describe('reaper', () => {
  it('ends a session idle for longer than the TTL after its last subscriber left', () => {
    const { clock, store, reaper, ended } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(session);
    clock.advance(500_000);
    store.removeSubscriber(session);
    clock.advance(90_001);
    expect(reaper.reapOnce()).toEqual([session.id]);
    expect(ended).toEqual([[session.id, 'reaped']]);
    expect(store.get(session.id)).toBeUndefined();
  });

  it('spares a session with an active subscriber however old it is', () => {
    const { clock, store, reaper } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(session);
    clock.advance(10 * 90_000);
    expect(reaper.reapOnce()).toEqual([]);
    expect(store.get(session.id)?.state).toBe('running');
  });

  it('spares an idle session still within the TTL', () => {
    const { clock, store, reaper } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(session);
    store.removeSubscriber(session);
    clock.advance(90_000);
    expect(reaper.reapOnce()).toEqual([]);
    expect(store.get(session.id)).toBe(session);
  });

  it('reaps a session nobody ever subscribed to once the TTL passed from its creation', () => {
    const { clock, store, reaper, ended } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    clock.advance(89_000);
    expect(reaper.reapOnce()).toEqual([]);
    clock.advance(1_001);
    expect(reaper.reapOnce()).toEqual([session.id]);
    expect(ended).toEqual([[session.id, 'reaped']]);
  });

  it('restarts the idle clock when a subscriber returns and leaves again', () => {
    const { clock, store, reaper } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(session);
    store.removeSubscriber(session);
    clock.advance(80_000);
    store.addSubscriber(session);
    store.removeSubscriber(session);
    clock.advance(80_000);
    expect(reaper.reapOnce()).toEqual([]);
    expect(session.idleSince).toBe(1_080_000);
  });

  it('stays idle-free while one of two subscribers remains', () => {
    const { clock, store, reaper } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(session);
    store.addSubscriber(session);
    store.removeSubscriber(session);
    clock.advance(200_000);
    expect(session.idleSince).toBeNull();
    expect(reaper.reapOnce()).toEqual([]);
  });

  it('counts audio frames as activity: the TTL runs from the last frame, not the last subscriber', () => {
    const { clock, store, reaper, ended } = setup();
    const session = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(session);
    store.removeSubscriber(session);
    for (let s = 0; s < 300; s += 10) {
      clock.advance(10_000);
      store.noteAudio(session);
      expect(reaper.reapOnce()).toEqual([]);
    }
    clock.advance(90_000);
    expect(reaper.reapOnce()).toEqual([]);
    clock.advance(1);
    expect(reaper.reapOnce()).toEqual([session.id]);
    expect(ended).toEqual([[session.id, 'reaped']]);
  });

  it('runs on an unref’d timer that start and stop control', () => {
    const { store, reaper } = setup();
    reaper.start();
    reaper.start();
    reaper.stop();
    reaper.stop();
    expect(store.size).toBe(0);
  });
});

describe('reaper, session lifetime', () => {
  it('ends a session at SESSION_MAX_LIFETIME_S with reason lifetime even while someone listens', () => {
    const clock = createManualClock(0);
    const store = new SessionStore({ clock });
    const reaper = createReaper({ store, ttlS: 90, maxLifetimeS: 3_600, clock });
    const ended: Array<[string, string]> = [];
    store.onEnd((session, reason) => ended.push([session.id, reason]));
    const old = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(old);
    clock.advance(1_800_000);
    const young = store.create({ elcor: false, windowMs: 1000 });
    store.addSubscriber(young);
    clock.advance(1_799_999);
    expect(reaper.reapOnce()).toEqual([]);
    clock.advance(1);
    expect(reaper.reapOnce()).toEqual([old.id]);
    expect(ended).toEqual([[old.id, 'lifetime']]);
    expect(store.get(young.id)?.state).toBe('running');
  });
});
