import type { RequestHandler } from 'express';

/**
 * The Content-Security-Policy of the app and the API. The built app loads only its own files: an
 * ES-module entry (no inline script), its stylesheet, the AudioWorklet module (a script, so
 * `script-src`), the sample WAV and the API through `fetch`, EventSource and the audio WebSocket
 * (`connect-src 'self'` covers ws:/wss: to the same host in CSP Level 3), the data: favicon in
 * index.html, and a blob: URL for exports. `worker-src` and `manifest-src` allow a service worker
 * and a web manifest served from the app itself.
 * @see https://www.w3.org/TR/CSP3/
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** HSTS for half a year, this host only: a LAN certificate may be self-signed, and subdomains are not ours. */
const HSTS = 'max-age=15552000';

/** Host names whose plain-http origin browsers treat as potentially trustworthy (a secure context). */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|\[?::1\]?)$/i;

/**
 * Headers on every answer, app and API alike: the CSP, no framing, no MIME sniffing, no referrer
 * (session ids travel in URLs), and HSTS when Linnet serves TLS itself. Cross-Origin-Opener-Policy
 * only where the browser honours it (TLS, or a loopback host): on a plain-http LAN address it is
 * ignored, and Chromium logs an error on every page load saying so.
 * @see https://owasp.org/www-project-secure-headers/
 * @see https://html.spec.whatwg.org/multipage/browsers.html#the-coop-headers
 */
export function securityHeaders({ tls }: { tls: boolean }): RequestHandler {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Permissions-Policy': 'microphone=(self), camera=(), geolocation=()',
  };
  if (tls) headers['Strict-Transport-Security'] = HSTS;
  return (req, res, next) => {
    res.set(headers);
    if (tls || LOOPBACK_HOST.test(req.hostname)) res.set('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}
