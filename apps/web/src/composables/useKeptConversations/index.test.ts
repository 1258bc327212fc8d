import type { KeptSessionSummary } from '@linnet/shared';
import { SESSION_ID, transcriptEvent } from '@linnet/shared/testing';
import { describe, expect, it } from 'vitest';
import { createKeptApi } from '../../lib/kept-api';
import { json, scriptedFetch } from '../../test/fakes';
import { useKeptConversations } from './index';

const OTHER_ID = 'Ot3_-aQ9vX0pLmN2bC4dEw';

function summary(overrides: Partial<KeptSessionSummary> = {}): KeptSessionSummary {
  return {
    session_id: SESSION_ID,
    started_at: '2026-12-01T10:00:00.000Z',
    ended_at: '2026-12-01T10:03:00.000Z',
    duration_s: 180,
    end_reason: 'client',
    first_words: 'hello there',
    tones: [{ label: 'Calm', share: 0.6 }],
    caption_count: 3,
    event_count: 40,
    resumed_from: null,
    ...overrides,
  };
}

function setup(...answers: Parameters<typeof scriptedFetch>) {
  const { fetch, calls } = scriptedFetch(...answers);
  return { kept: useKeptConversations({ api: createKeptApi({ fetch }), pageSize: 1 }), calls };
}

describe('useKeptConversations', () => {
  it('lists the newest page, then appends the older one from next_before', async () => {
    const { kept, calls } = setup(
      json(200, { count: 1, sessions: [summary()], next_before: '2026-12-01T10:00:00.000Z' }),
      json(200, { count: 1, sessions: [summary({ session_id: OTHER_ID })], next_before: null }),
    );
    await kept.search('');
    expect([kept.state.value, kept.nextBefore.value]).toEqual(['ready', '2026-12-01T10:00:00.000Z']);
    await kept.loadMore();
    expect(kept.conversations.value.map((c) => c.session_id)).toEqual([SESSION_ID, OTHER_ID]);
    expect(kept.nextBefore.value).toBeNull();
    expect(calls.map((c) => c.url)).toEqual(['/sessions?limit=1', '/sessions?limit=1&before=2026-12-01T10%3A00%3A00.000Z']);
  });

  it('searches the trimmed words and pages within the search', async () => {
    const { kept, calls } = setup(
      json(200, { count: 1, sessions: [summary()], next_before: '2026-12-01T10:00:00.000Z' }),
      json(200, { count: 0, sessions: [], next_before: null }),
    );
    await kept.search('  dentist ');
    await kept.loadMore();
    expect(kept.query.value).toBe('dentist');
    expect(calls.map((c) => c.url)).toEqual(['/sessions?limit=1&q=dentist', '/sessions?limit=1&q=dentist&before=2026-12-01T10%3A00%3A00.000Z']);
  });

  it('reports a failed load, and an answer that breaks the contract, as failed', async () => {
    const { kept } = setup(new TypeError('offline'), json(200, { sessions: 'nope' }));
    await kept.search('');
    expect(kept.state.value).toBe('failed');
    await kept.search('');
    expect(kept.state.value).toBe('failed');
  });

  it('opens a conversation whole, and says when it is no longer kept', async () => {
    const conversation = { ...summary(), settings: { elcor: false, window_ms: 1000, transcribe: true }, events: [{ id: 3, event: transcriptEvent() }] };
    const { kept } = setup(json(200, conversation), json(404, { detail: 'Session x not found', code: 'session_not_found' }));
    await kept.open(SESSION_ID);
    expect(kept.opened.value?.events).toEqual([{ id: 3, event: transcriptEvent() }]);
    await kept.open(OTHER_ID);
    expect([kept.opened.value, kept.openError.value]).toEqual([null, 'gone']);
  });

  it('deletes one conversation from the server and the list, and treats an already deleted one as done', async () => {
    const { kept, calls } = setup(
      json(200, { count: 2, sessions: [summary(), summary({ session_id: OTHER_ID })], next_before: null }),
      json(200, { deleted: 1 }),
      json(404, { detail: 'Session x not found', code: 'session_not_found' }),
    );
    await kept.search('');
    expect(await kept.remove(SESSION_ID)).toBe(true);
    expect(await kept.remove(OTHER_ID)).toBe(true);
    expect(kept.conversations.value).toEqual([]);
    expect(calls.slice(1)).toEqual([
      { url: `/sessions/${SESSION_ID}`, method: 'DELETE' },
      { url: `/sessions/${OTHER_ID}`, method: 'DELETE' },
    ]);
  });

  it('keeps the list when a delete fails, and deletes everything with Delete all', async () => {
    const { kept, calls } = setup(
      json(200, { count: 1, sessions: [summary()], next_before: null }),
      json(503, { detail: 'storage unavailable', code: 'storage_unavailable' }),
      json(200, { deleted: 1 }),
    );
    await kept.search('');
    expect(await kept.remove(SESSION_ID)).toBe(false);
    expect(kept.conversations.value).toHaveLength(1);
    expect(await kept.removeAll()).toBe(1);
    expect(kept.conversations.value).toEqual([]);
    expect(calls.at(-1)).toEqual({ url: '/sessions', method: 'DELETE' });
  });
});
