import type { Page, WebSocket as PageWebSocket } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_FRAME_BYTES } from '@linnet/shared';
import { openAudioClient, pcmFrame, type AudioTestClient } from '@linnet/api/testing';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { axeViolations } from './support/axe.js';
import { expectAttribute, visibleText } from './support/locators.js';

const AUDIO_PATH = /\/session\/([A-Za-z0-9_-]+)\/audio$/;

describe('an audio socket replaced by another tab or device', () => {
  let app: LinnetPage;
  let page: Page;
  let other: AudioTestClient | undefined;

  beforeAll(async () => {
    app = await openLinnetPage({ fakeMicrophoneWav: SPEECH_WAV });
    page = app.page;
  });

  afterAll(async () => {
    other?.ws.terminate();
    await app?.close();
  });

  it('stops the mic, says why, and does not reconnect to take the session back', async () => {
    const pageSockets: PageWebSocket[] = [];
    page.on('websocket', (socket) => {
      if (AUDIO_PATH.test(socket.url())) pageSockets.push(socket);
    });
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await expect.poll(() => pageSockets.length).toBe(1);
    const sessionId = AUDIO_PATH.exec(pageSockets[0]!.url())![1]!;

    // Another device opens the same session's audio: it takes over.
    other = await openAudioClient(`${app.linnet.url.replace(/^http/, 'ws')}/session/${sessionId}/audio`);
    await expectAttribute(page, 'mic-toggle', 'data-state', 'off');
    expect(await visibleText(page, 'error-message')).toBe(
      'Another tab or device is now sending audio to this session, so audio stopped here. Start it again here to switch back.',
    );
    // No fight: the page opens no new socket, and the newer one keeps the session's audio.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(pageSockets).toHaveLength(1);
    other.ws.send(pcmFrame(AUDIO_FRAME_BYTES / 2));
    await expect.poll(() => other!.acks).toEqual([{ ok: true, bytes: AUDIO_FRAME_BYTES }]);
    expect(other.ws.readyState).toBe(other.ws.OPEN);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('logged no console errors', () => {
    expect(app.consoleErrors).toEqual([]);
  });
});
