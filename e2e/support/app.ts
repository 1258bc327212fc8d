import { fileURLToPath } from 'node:url';
import type { Browser, ConsoleMessage, Page } from 'playwright-core';
import { collectConsoleErrors, launchChromium, watchCspViolations } from './browser.js';
import { startLinnet, type LinnetServer } from './server.js';

/** The bundled "Try a sample" recording: a two-voice flite conversation (apps/web/scripts/sample-script.txt), 16 kHz mono. */
export const SPEECH_WAV = fileURLToPath(new URL('../../apps/web/public/sample-speech.wav', import.meta.url));

export interface LinnetPageOptions {
  /** Extra environment for the server (e.g. a short SESSION_IDLE_TTL_S). */
  env?: Record<string, string>;
  /** A WAV that Chromium's fake capture device plays, looped, as the microphone. */
  fakeMicrophoneWav?: string;
  /** @default { width: 390, height: 844 } */
  viewport?: { width: number; height: number };
  /** Console errors that are the behaviour under test rather than faults. */
  isExpectedConsoleError?: (message: ConsoleMessage) => boolean;
  /** Open the page at this address of the machine instead of loopback (the server then listens on all interfaces). */
  pageHost?: string;
  /** Runs in the page before the app's own scripts (to observe Web APIs). */
  initScript?: () => void;
}

/** A phone-sized page of the built app, served by a real Linnet server. */
export interface LinnetPage {
  linnet: LinnetServer;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  /** Content-Security-Policy violations the page reported; `close()` fails when there are any. */
  cspViolations: string[];
  /** Close the browser and stop the server; resolves with the server's exit code. */
  close(): Promise<number | null>;
}

/** Start Linnet, open it in Debian's Chromium, and collect console errors from the start. */
export async function openLinnetPage(options: LinnetPageOptions = {}): Promise<LinnetPage> {
  const linnet = await startLinnet(options.env, { pageHost: options.pageHost });
  const browser = await launchChromium({ fakeMicrophoneWav: options.fakeMicrophoneWav });
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    permissions: options.fakeMicrophoneWav ? ['microphone'] : [],
  });
  const page = await context.newPage();
  const consoleErrors = collectConsoleErrors(page, options.isExpectedConsoleError);
  const cspViolations = await watchCspViolations(page);
  if (options.initScript) await page.addInitScript(options.initScript);
  await page.goto(linnet.url);
  return {
    linnet,
    browser,
    page,
    consoleErrors,
    cspViolations,
    async close() {
      await browser.close();
      const code = await linnet.stop();
      // Every test file closes its page, so a violation anywhere in it fails the file here.
      if (cspViolations.length > 0) throw new Error(`The app broke its Content-Security-Policy:\n${cspViolations.join('\n')}`);
      return code;
    },
  };
}
