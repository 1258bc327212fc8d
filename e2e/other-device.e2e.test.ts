import type { Page } from 'playwright-core';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIO_FRAME_BYTES } from '@linnet/shared';
import { decodeWav } from '@linnet/engine';
import { openAudioClient } from '@linnet/api/testing';
import { openLinnetPage, SPEECH_WAV, type LinnetPage } from './support/app.js';
import { axeViolations } from './support/axe.js';
import { expectAttribute, visibleText } from './support/locators.js';

describe("another device's microphone on the same session", () => {
  let app: LinnetPage;
  let page: Page;

  beforeAll(async () => {
    app = await openLinnetPage({ viewport: { width: 360, height: 640 }, fakeMicrophoneWav: SPEECH_WAV });
    page = app.page;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('keeps the live card following it after this phone stops its mic, and says whose audio it is', async () => {
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    const sessionId = (await page.getByTestId('status-indicator').getAttribute('data-session-id'))!;
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'on');
    await visibleText(page, 'now-label', 20_000);
    await page.getByTestId('mic-toggle').click();
    await expectAttribute(page, 'mic-toggle', 'data-state', 'off');
    expect(await visibleText(page, 'status-indicator')).toBe('Not listening');

    // The other phone on this session streams its microphone (the same recording, over its own audio socket) until
    // this page shows it: what arrives in the first seconds after the stop may be this page's own late windows, and is
    // held back; what keeps coming is shown.
    let shown = false;
    const pcm = Buffer.from(decodeWav(readFileSync(SPEECH_WAV)).samples.buffer);
    const other = await openAudioClient(`${app.linnet.url.replace(/^http/, 'ws')}/session/${sessionId}/audio`);
    const otherPhone = (async () => {
      // In real time, one 100 ms frame at a time, looping the recording, as a phone's microphone sends it.
      for (let offset = 0; !shown && offset < pcm.length * 4; offset += AUDIO_FRAME_BYTES) {
        const at = offset % pcm.length;
        other.ws.send(pcm.subarray(at, Math.min(at + AUDIO_FRAME_BYTES, pcm.length)));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      other.ws.close(1000);
    })();
    // Its tone labels follow as they come, and the line says whose audio it is.
    expect(await visibleText(page, 'now-label', 60_000)).not.toBe('');
    expect(await visibleText(page, 'status-indicator')).toBe('Someone else’s microphone is streaming');
    shown = true;
    // This phone captures nothing: its meter stays empty, and its mic button still offers to start.
    expect(await page.getByTestId('level-meter').getAttribute('aria-valuenow')).toBe('0');
    expect(await page.getByTestId('mic-toggle').getAttribute('data-state')).toBe('off');
    const violations = await axeViolations(page);
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
    await otherPhone;
  });
});
