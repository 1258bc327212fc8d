import { describe, expect, it } from 'vitest';
import { ClientSessionLimitError, SessionLimitError, SessionStore } from './session-store.js';

const options = { elcor: false, windowMs: 1000 };

describe('SessionStore, per-client sessions', () => {
  it('refuses a client its next session at MAX_SESSIONS_PER_CLIENT while others still get theirs', () => {
    const store = new SessionStore({ maxSessions: 10, maxSessionsPerClient: 2 });
    store.create({ ...options, client: '10.0.0.5' });
    const second = store.create({ ...options, client: '10.0.0.5' });
    expect(() => store.create({ ...options, client: '10.0.0.5' })).toThrow(ClientSessionLimitError);
    expect(store.create({ ...options, client: '10.0.0.6' }).client).toBe('10.0.0.6');
    expect(store.size).toBe(3);
    store.end(second.id, 'ended');
    expect(store.create({ ...options, client: '10.0.0.5' }).client).toBe('10.0.0.5');
  });

  it('still answers the server-wide limit first when both are reached', () => {
    const store = new SessionStore({ maxSessions: 1, maxSessionsPerClient: 1 });
    store.create({ ...options, client: 'a' });
    expect(() => store.create({ ...options, client: 'a' })).toThrow(SessionLimitError);
  });
});
