/* global __LINNET_SHELL__ */
// Linnet's service worker, hand-written. The build (vite.config.ts, linnetServiceWorker) fills in the build id and the
// list of files to keep, and emits it as /sw.js. It keeps the app's shell so Linnet opens from the home screen even
// when its server cannot be reached (the page then says so), and it never touches the API or audio: sessions,
// streams, exports and the sample recording always go to the network.
const BUILD = '__LINNET_BUILD__';
const SHELL = __LINNET_SHELL__;
const CACHE = `linnet-shell-${BUILD}`;
// The API (same list as the server's web-dist router) and audio are never cached.
const NEVER_CACHED = /^\/(session|health|metrics)(\/|$)|\.(wav|pcm)$/;

self.addEventListener('install', (event) => {
  // A new build is installed beside the old one, then takes over at once: the next page load runs the new build.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key.startsWith('linnet-shell-') && key !== CACHE).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || NEVER_CACHED.test(url.pathname)) return;
  if (request.mode === 'navigate') {
    // Network first, so a new build is picked up on the next open; the kept shell only when the server is away.
    event.respondWith(fetch(request).catch(() => caches.match('/index.html', { cacheName: CACHE })));
    return;
  }
  if (SHELL.includes(url.pathname)) {
    // Built assets carry a content hash in their names: a kept copy is always the right one.
    event.respondWith(caches.match(request, { cacheName: CACHE }).then((kept) => kept ?? fetch(request)));
  }
});
