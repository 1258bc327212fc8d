/**
 * `pnpm bench:load`: load benchmark of a real server process — N sessions streaming speech in real
 * time, or K idle SSE subscribers. See docs/performance.md for what each figure means.
 */
import { parseArgs, USAGE, type BenchArgs } from './args.js';
import { runIdle } from './run-idle.js';
import { runLoad } from './run-load.js';

let args: BenchArgs;
try {
  args = parseArgs(process.argv.slice(2));
} catch (error) {
  console.error(`${(error as Error).message}\n${USAGE}`);
  process.exit(2);
}
await (args.mode === 'load' ? runLoad(args) : runIdle(args));
// Keep-alive sockets of fetch would hold the process open for a few seconds more.
process.exit(0);
