import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { AUDIO_FRAME_BYTES } from '@linnet/shared';
import { decodeWav } from '@linnet/engine';
import { openAudioClient, type AudioTestClient } from '@linnet/api/testing';
import { SPEECH_WAV } from './support/app.js';
import { expectAttribute, visibleText } from './support/locators.js';
import { useLinnetPage } from './support/suite.js';
import { setPageVisibility } from './support/visibility.js';

/** Sends the recording in real time (100 ms frames) for `seconds`, as a phone's microphone would. */
async function speak(client: AudioTestClient, pcm: Buffer, fromByte: number, seconds: number): Promise<number> {
  let offset = fromByte;
  for (let sent = 0; sent < seconds * 10; sent++, offset += AUDIO_FRAME_BYTES) {
    const at = offset % pcm.length;
    client.ws.send(pcm.subarray(at, Math.min(at + AUDIO_FRAME_BYTES, pcm.length)));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return offset;
}

describe('events replayed after the page was away', () => {
  const suite = useLinnetPage();

  it('show a label heard while away as old ("heard N s ago"), not as fresh', async () => {
    const { app, page } = suite;
    await page.getByTestId('start-button').click();
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    const sessionId = (await page.getByTestId('status-indicator').getAttribute('data-session-id'))!;
    const pcm = Buffer.from(decodeWav(readFileSync(SPEECH_WAV)).samples.buffer);
    const phone = await openAudioClient(`${app.linnet.url.replace(/^http/, 'ws')}/session/${sessionId}/audio`);

    // Live first, so the page knows the session clock (long enough for a first label: the engine says nothing for a
    // voice's first 4 speech windows); then it goes to the background while speech goes on.
    const offset = await speak(phone, pcm, 0, 8);
    await visibleText(page, 'now-label', 20_000);
    await setPageVisibility(page, 'hidden');
    await speak(phone, pcm, offset, 4);
    phone.ws.close(1000);
    // Away a while longer after the speech stopped; back, the stream replays what was said while away.
    await new Promise((resolve) => setTimeout(resolve, 9_000));
    await setPageVisibility(page, 'visible');
    await expectAttribute(page, 'status-indicator', 'data-status', 'live');
    // The newest label was heard about 9 s ago (plus the analysis): the card says so, dimmed, at once.
    await expectAttribute(page, 'now-card', 'data-fresh', 'false', 3_000);
    const age = await visibleText(page, 'now-age');
    expect(age).toMatch(/^heard \d+ s ago$/);
    expect(Number(/\d+/.exec(age)![0])).toBeGreaterThanOrEqual(5);
  });
});
