import { defineConfig } from 'vitest/config';

// Browser tests drive the real built app in Debian's Chromium. Most of their time is the sample or a fake
// mic playing in real time, not CPU, so two files run at once (each with its own server on a free port):
// 379 s one at a time, 196 s two at a time, and 206 s with a third process burning a whole core
// (all 84 passed, 2 Dec 2026). More than two would starve the real-time audio on two cores.
export default defineConfig({
  test: {
    include: ['**/*.e2e.test.ts'],
    testTimeout: 90_000,
    hookTimeout: 60_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
