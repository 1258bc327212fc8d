import { AUDIO_CLOSE_CODES } from '@linnet/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket, ManualTimers, openLatestSocket } from '../test/fakes';
import { openAudioSocketFor, openReconnectingAudioSocket, reconnectNotice, RECONNECTED_NOTICE_MS } from './audio-reconnect';
import { AUDIO_TEXT } from './text-session';

const options = { WebSocket: FakeWebSocket as unknown as typeof WebSocket, location: { protocol: 'https:', host: 'linnet.test' } };

/** A reconnecting socket on fakes, recording what it told its caller. */
async function reconnecting(reconnectDelaysMs: readonly number[] = [250, 500, 1000]) {
  const timers = new ManualTimers();
  const closes: (string | null)[] = [];
  const states: string[] = [];
  const opening = openReconnectingAudioSocket('abc', {
    ...options,
    timers,
    reconnectDelaysMs,
    onClose: (problem) => closes.push(problem),
    onReconnect: (state) => states.push(state),
  });
  const first = await openLatestSocket();
  return { socket: await opening, first, timers, closes, states };
}

/** Lets a reopening attempt's promise settle. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('openAudioSocketFor', () => {
  beforeEach(() => (FakeWebSocket.instances = []));

  it('opens the session audio socket for the current attempt', async () => {
    const attempt = openAudioSocketFor('abc', () => true, 'fallback', options);
    const socket = await openLatestSocket();
    expect(socket.url).toBe('wss://linnet.test/session/abc/audio');
    expect('socket' in (await attempt)).toBe(true);
  });

  it('closes the socket again when the attempt was superseded while it opened', async () => {
    let current = true;
    const attempt = openAudioSocketFor('abc', () => current, 'fallback', options);
    current = false;
    const socket = await openLatestSocket();
    expect(await attempt).toEqual({ superseded: true });
    expect(socket.closedWith).toBe(1000);
  });

  it('says in plain words why the socket could not open', async () => {
    const attempt = openAudioSocketFor('abc', () => true, 'fallback', options);
    for (let i = 0; i < 50 && FakeWebSocket.instances.length === 0; i++) await new Promise((resolve) => setTimeout(resolve, 0));
    FakeWebSocket.latest().serverClose(AUDIO_CLOSE_CODES.sessionNotFound);
    expect(await attempt).toEqual({ problem: 'This session no longer exists, so audio stopped.' });
  });
});

describe('openReconnectingAudioSocket', () => {
  beforeEach(() => (FakeWebSocket.instances = []));

  for (const code of [1006, 1001, 1011, 1012]) {
    it(`reopens the same session's socket after a ${code} close, and the caller's socket sends on through it`, async () => {
      const { socket, first, timers, closes, states } = await reconnecting();
      first.onmessage?.({ data: JSON.stringify({ ok: true, bytes: 3200 }) });
      first.serverClose(code);
      expect(states).toEqual(['reconnecting']);
      // Dropped, not queued, while no socket is open: late audio is no use.
      expect(socket.send(new ArrayBuffer(3200))).toBe(false);
      expect(timers.runNext()).toBe(250);
      const second = await openLatestSocket();
      await settle();
      expect(second).not.toBe(first);
      expect(second.url).toBe('wss://linnet.test/session/abc/audio');
      expect(states).toEqual(['reconnecting', 'reconnected']);
      expect(socket.send(new ArrayBuffer(3200))).toBe(true);
      expect(second.sent).toHaveLength(1);
      second.onmessage?.({ data: JSON.stringify({ ok: true, bytes: 3200 }) });
      expect(socket.ackedBytes).toBe(6400);
      expect(closes).toEqual([]);
    });
  }

  for (const [name, code, problem] of [
    ['the session ended', AUDIO_CLOSE_CODES.sessionEnded, null],
    ['another device took over (4010)', AUDIO_CLOSE_CODES.replaced, AUDIO_TEXT.replaced],
    ['the session is gone', AUDIO_CLOSE_CODES.sessionNotFound, AUDIO_TEXT.sessionGone],
    ['the audio was refused', AUDIO_CLOSE_CODES.oddLength, AUDIO_TEXT.rejected],
  ] as const) {
    it(`stops for good when ${name}`, async () => {
      const { first, timers, closes, states } = await reconnecting();
      first.serverClose(code);
      expect(closes).toEqual([problem]);
      expect(states).toEqual([]);
      expect(timers.pending).toEqual([]);
      expect(FakeWebSocket.instances).toHaveLength(1);
    });
  }

  it('backs off between refused attempts and gives up with "dropped" once every delay is used', async () => {
    const { first, timers, closes, states } = await reconnecting();
    first.serverClose(1006);
    const waited: number[] = [];
    for (let i = 0; i < 3; i++) {
      waited.push(timers.runNext());
      await settle();
      // Refused at the handshake (the instance behind the balancer is down too): closed before it opened.
      FakeWebSocket.latest().serverClose(1006);
      await settle();
    }
    expect(waited).toEqual([250, 500, 1000]);
    expect(closes).toEqual([AUDIO_TEXT.dropped]);
    expect(states).toEqual(['reconnecting']);
    expect(timers.pending).toEqual([]);
  });

  it('stops reopening when a reopened socket is refused for good (the session ended meanwhile)', async () => {
    const { first, timers, closes } = await reconnecting();
    first.serverClose(1006);
    timers.runNext();
    await settle();
    FakeWebSocket.latest().serverClose(AUDIO_CLOSE_CODES.sessionNotFound);
    await settle();
    expect(closes).toEqual([AUDIO_TEXT.sessionGone]);
    expect(timers.pending).toEqual([]);
  });

  it('reopens nothing once the caller closed it during the backoff', async () => {
    const { socket, first, timers, closes } = await reconnecting();
    first.serverClose(1006);
    socket.close();
    expect(timers.pending).toEqual([]);
    expect(FakeWebSocket.instances).toHaveLength(1);
    expect(closes).toEqual([]);
  });

  it('starts the backoff again after a successful reopening', async () => {
    const { first, timers } = await reconnecting();
    first.serverClose(1006);
    timers.runNext();
    const second = await openLatestSocket();
    await settle();
    second.serverClose(1012);
    expect(timers.runNext()).toBe(250);
  });
});

describe('reconnectNotice', () => {
  it('says reconnecting, then "Reconnected" for a few seconds, then nothing', () => {
    const timers = new ManualTimers();
    const shown: (string | null)[] = [];
    const { onReconnect, clear } = reconnectNotice((text) => shown.push(text), timers);
    onReconnect('reconnecting');
    onReconnect('reconnected');
    expect(shown).toEqual([AUDIO_TEXT.reconnecting, 'Reconnected']);
    expect(timers.runNext()).toBe(RECONNECTED_NOTICE_MS);
    expect(shown.at(-1)).toBeNull();
    onReconnect('reconnected');
    clear();
    expect(timers.pending).toEqual([]);
  });

  it('says the socket is down only while it reopens, so the meter can read empty', () => {
    const timers = new ManualTimers();
    const down: boolean[] = [];
    const { onReconnect, clear } = reconnectNotice((_text, isDown) => down.push(isDown), timers);
    onReconnect('reconnecting');
    onReconnect('reconnected');
    timers.runNext();
    onReconnect('reconnecting');
    clear();
    expect(down).toEqual([true, false, false, true, false]);
  });
});
