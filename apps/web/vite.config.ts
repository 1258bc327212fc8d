/// <reference types="vitest/config" />
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import vue from '@vitejs/plugin-vue';
import { defineConfig, type Plugin } from 'vite';

/** Files in public/ the service worker keeps besides the built assets (never the sample recording: audio is not kept). */
const PUBLIC_SHELL = ['/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png', '/icons/icon-maskable-512.png'];

/**
 * Emits the hand-written service worker (sw/service-worker.js) as /sw.js with this build's id and file list: the id
 * is a hash of the hashed asset names, so every new build is a new worker (and a new cache) and an unchanged one is not.
 */
function linnetServiceWorker(): Plugin {
  return {
    name: 'linnet-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle(_options, bundle) {
      const assets = Object.keys(bundle)
        .filter((name) => !name.endsWith('.map') && !name.endsWith('.wav') && name !== 'index.html')
        .sort()
        .map((name) => `/${name}`);
      const shell = ['/index.html', ...PUBLIC_SHELL, ...assets];
      const build = createHash('sha256').update(shell.join('\n')).digest('hex').slice(0, 12);
      const source = readFileSync(new URL('./sw/service-worker.js', import.meta.url), 'utf8')
        .replace("const BUILD = '__LINNET_BUILD__';", `const BUILD = '${build}';`)
        .replace('const SHELL = __LINNET_SHELL__;', `const SHELL = ${JSON.stringify(shell)};`);
      if (source.includes('const SHELL = __LINNET')) throw new Error('sw/service-worker.js: the SHELL placeholder was not filled in');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

// The API's port; the dev server forwards the session API to it so the browser sees one origin.
const apiTarget = `http://127.0.0.1:${process.env.LINNET_PORT ?? '8522'}`;

export default defineConfig({
  plugins: [vue({ features: { optionsAPI: false } }), linnetServiceWorker()],
  server: {
    port: 8521,
    strictPort: true,
    proxy: {
      // `ws: true` so the audio WebSocket (/session/:id/audio) is forwarded too.
      '/session': { target: apiTarget, changeOrigin: true, ws: true },
      '/health': { target: apiTarget, changeOrigin: true },
      // Kept conversations and corrections.
      '/sessions': { target: apiTarget, changeOrigin: true },
      '/corrections': { target: apiTarget, changeOrigin: true },
    },
  },
  // AudioWorklet scopes load ES modules and have no importScripts(), so workers are built as ES modules.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No preload machinery in the first load: the page's one lazy chunk imports nothing the first load has not already
    // fetched (it is fetched when the page is idle), so the modulepreload polyfill and Vite's preload helper would be
    // ~1.5 kB of gzip spent to preload nothing.
    modulePreload: false,
    // One stylesheet: the lazy chunk's CSS (a few kB) loads with the page, so its dynamic import needs no CSS-loading
    // helper in the first-load JavaScript, and the running screen never paints unstyled.
    cssCodeSplit: false,
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
