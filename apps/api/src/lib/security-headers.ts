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

/**
 * Headers on every answer, app and API alike: the CSP, no framing, no MIME sniffing, no referrer
 * (session ids travel in URLs), and HSTS when Linnet serves TLS itself.
 * @see https://owasp.org/www-project-secure-headers/
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
    // Browsers honour COOP only on potentially trustworthy origins and log a console error for it
    // everywhere else (a phone opening the computer's plain-http address), so send it only there.
    if (tls || isLoopbackHost(req.headers.host)) res.set('Cross-Origin-Opener-Policy', 'same-origin');
    next();
  };
}

/** `localhost`, 127.0.0.0/8 or [::1], with or without a port: origins browsers trust without TLS. */
function isLoopbackHost(host: string | undefined): boolean {
  if (!host) return false;
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d+$/, '');
  return name === 'localhost' || name.endsWith('.localhost') || name === '[::1]' || /^127(\.\d{1,3}){3}$/.test(name);
}
