import { defineConfig } from "vitest/config";

// `pnpm test:cluster`: three built servers sharing sessions through one redis-server
// (docs/scaling.md). One file, its steps in order: each builds on the instances the last one left.
export default defineConfig({
  test: {
    include: ["cluster/**/*.cluster.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
