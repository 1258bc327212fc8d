/// <reference types="vitest/config" />
import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

// The API's port; the dev server forwards the session API to it so the browser sees one origin.
const apiTarget = `http://127.0.0.1:${process.env.LINNET_PORT ?? '8522'}`;

export default defineConfig({
  plugins: [vue({ features: { optionsAPI: false } })],
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
  build: { outDir: 'dist', emptyOutDir: true },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.ts'],
  },
});
