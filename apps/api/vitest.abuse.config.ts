import { defineConfig } from "vitest/config";

// `pnpm test:abuse`: each finding of the abuse run reproduced against a real listening server
// (see docs/reliability.md). Files run one at a time so one flood does not skew another's figures.
export default defineConfig({
  test: {
    include: ["abuse/**/*.abuse.test.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
