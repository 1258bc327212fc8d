import { defineConfig } from "vitest/config";

// Unit and API tests. The abuse suite (`abuse/`, `pnpm test:abuse`) runs separately: it starts
// real servers as child processes and pushes them hard, so it runs after the build, one file at a time.
export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "scripts/**/*.test.ts"],
  },
});
