import { execFileSync } from 'node:child_process';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

function chromiumPath(): string {
  for (const name of ['chromium', 'chromium-browser']) {
    try {
      return execFileSync('which', [name], { encoding: 'utf8' }).trim();
    } catch {
      // try the next name
    }
  }
  throw new Error('Debian chromium is not installed (apt-get install chromium)');
}

/** Debian's Chromium, headless, without the background services this closed network refuses. */
export async function launchChromium(options: { fakeMicrophoneWav?: string } = {}): Promise<Browser> {
  const args = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--autoplay-policy=no-user-gesture-required',
  ];
  if (options.fakeMicrophoneWav) {
    args.push(
      '--use-fake-ui-for-media-stream',
      '--use-fake-device-for-media-stream',
      `--use-file-for-fake-audio-capture=${options.fakeMicrophoneWav}`,
    );
  }
  return chromium.launch({ executablePath: chromiumPath(), args });
}

/** Chromium's console wording for anything a Content-Security-Policy blocked. */
const CSP_CONSOLE_MESSAGE = /Content[ -]Security[ -]Policy/i;

/**
 * Collects console errors and uncaught page errors so a test can assert there were none. A CSP
 * violation is always collected, whatever `isExpected` says: the app must work under its policy.
 */
export function collectConsoleErrors(page: Page, isExpected: (message: ConsoleMessage) => boolean = () => false) {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (CSP_CONSOLE_MESSAGE.test(message.text())) errors.push(`csp: ${message.text()} @ ${message.location().url}`);
    else if (message.type() === 'error' && !isExpected(message)) {
      errors.push(`${message.text()} @ ${message.location().url}`);
    }
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  return errors;
}

/**
 * Records every Content-Security-Policy violation the page reports, from the console and from
 * `securitypolicyviolation` events (which also name report-only and worklet violations).
 * @see https://www.w3.org/TR/CSP3/#violation-events
 */
export async function watchCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (CSP_CONSOLE_MESSAGE.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__linnetCspViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __linnetCspViolation: (text: string) => void }).__linnetCspViolation;
      void report(`${event.effectiveDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  return violations;
}
