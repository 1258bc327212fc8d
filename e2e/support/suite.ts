import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openLinnetPage, type LinnetPage, type LinnetPageOptions } from './app.js';

/** The small phone every screen must fit (and the size of the screenshots in docs/screens). */
export const SMALL_PHONE = { width: 360, height: 640 } as const;

/** One page of the built app for the enclosing `describe`: opened before its tests, closed after them. */
export interface SuitePage {
  /** The server, browser and page (throws before `beforeAll` has opened them). */
  readonly app: LinnetPage;
  readonly page: Page;
}

/**
 * Opens Linnet on a small phone (`SMALL_PHONE` unless `options.viewport` says otherwise) in `beforeAll` and closes it
 * in `afterAll`; call it inside a `describe`.
 */
export function useLinnetPage(options: LinnetPageOptions = {}): SuitePage {
  let opened: LinnetPage | undefined;
  beforeAll(async () => {
    opened = await openLinnetPage({ viewport: SMALL_PHONE, ...options });
  });
  afterAll(async () => {
    await opened?.close();
  });
  return {
    get app() {
      if (!opened) throw new Error('useLinnetPage: the page is opened in beforeAll; use it inside a test');
      return opened;
    },
    get page() {
      return this.app.page;
    },
  };
}
