/**
 * `pnpm --filter @linnet/api build`: bundle the server and the engine worker into dist/ as plain
 * JavaScript for `node dist/server.js` (production runs no TypeScript loader: less memory, faster
 * start). Both bundles sit side by side, as their sources do in src/workers/ relative to each
 * other, so the pool finds `./engine-worker.js` next to the module that starts it.
 */
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const API_DIR = fileURLToPath(new URL('..', import.meta.url));

/** Bundle `src/server.ts` and `src/workers/engine-worker.ts` into `outdir`. @default apps/api/dist */
export async function buildApi(outdir = `${API_DIR}dist`): Promise<void> {
  await build({
    absWorkingDir: API_DIR,
    entryPoints: { server: 'src/server.ts', 'engine-worker': 'src/workers/engine-worker.ts' },
    outdir,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native add-ons load from node_modules at run time (ws uses bufferutil when it is there).
    external: ['bufferutil', 'utf-8-validate', 'better-sqlite3'],
    // Bundled CommonJS dependencies (express, ws) call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    logLevel: 'warning',
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildApi();
