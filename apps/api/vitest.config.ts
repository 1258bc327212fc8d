import { defineConfig } from "vitest/config";

// Unit and API tests. The abuse suite (`abuse/`, `pnpm test:abuse`) runs separately: it starts
// real servers as child processes and pushes them hard, so it runs after the build, one file at a time.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
    // Most of these tests wait on real listening servers, worker threads and child processes. CI's machine ran
    // this suite in 124 s and one test in 16 s (about 4x a quiet laptop), where vitest's defaults (5 s a test,
    // 10 s a hook, 1 s an expect.poll) are shorter than a spawn or a loopback round trip can take. These bound
    // only how long a wait may last; what each test expects, and any time bound it states itself, is unchanged.
    testTimeout: 30_000,
    // Vitest's default on two cores is one worker (cores - 1), but these tests mostly wait on sockets, child
    // processes and audio streamed in real time: two workers ran the suite in 66-71 s instead of 125 s, and in
    // 80 s with a third process burning a whole core (all 537 passed, 2 Dec 2026).
    maxWorkers: 2,
    hookTimeout: 30_000,
    expect: { poll: { timeout: 10_000 } },
  },
});
