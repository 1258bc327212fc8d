import { defineConfig } from 'vitest/config';

// Browser tests drive the real built app in Debian's Chromium; one file at a time keeps the
// two shared cores from starving the audio pipeline.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
