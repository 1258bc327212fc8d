import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLinnetPage, type LinnetPage } from './support/app.js';
import { expectAttribute } from './support/locators.js';

describe('the app under its Content-Security-Policy', () => {
  let app: LinnetPage;

  beforeAll(async () => {
    app = await openLinnetPage({ viewport: { width: 360, height: 640 } });
  });

  afterAll(() => app?.close());

  it('is served with the policy, and starts a session (fetch, EventSource) without a violation', async () => {
    const response = await app.page.request.get(app.linnet.url);
    expect(response.headers()['content-security-policy']).toMatch(/script-src 'self'.*frame-ancestors 'none'/);
    await app.page.getByTestId('start-button').click();
    await expectAttribute(app.page, 'status-indicator', 'data-status', 'live');
    expect(app.cspViolations).toEqual([]);
    expect(app.consoleErrors).toEqual([]);
  });

  it('reports an inline script the policy blocks, so a violation anywhere fails its test file', async () => {
    await app.page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.__inlineRan = true';
      document.head.append(script);
    });
    await expect.poll(() => app.cspViolations.length).toBeGreaterThan(0);
    expect(await app.page.evaluate(() => (window as unknown as { __inlineRan?: boolean }).__inlineRan)).toBeUndefined();
    expect(app.cspViolations.join('\n')).toMatch(/script-src/);
    // This one was provoked on purpose: clear it so that close() does not fail the file.
    app.cspViolations.splice(0);
    app.consoleErrors.splice(0);
  });
});
