import { AUDIO_CLOSE_CODES } from '@linnet/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeWebSocket, openLatestSocket } from '../test/fakes';
import { openAudioSocketFor } from './audio-socket';

const options = { WebSocket: FakeWebSocket as unknown as typeof WebSocket, location: { protocol: 'https:', host: 'linnet.test' } };

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
