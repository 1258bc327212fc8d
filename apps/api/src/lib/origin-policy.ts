import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';
import { hostname } from 'node:os';
import type { RequestHandler } from 'express';
import type { ErrorResponse } from '@linnet/shared';
import { HttpError } from './http-error.js';

export interface OriginPolicyOptions {
  /** ALLOWED_ORIGINS: origins besides the app's own, e.g. the Vite dev server's. */
  allowedOrigins: readonly string[];
  /** The server speaks TLS itself, so its own origin is `https://<Host>`. */
  tls: boolean;
  /** The request came through a trusted proxy, whose X-Forwarded-Proto/-Host name the public origin. */
  viaTrustedProxy: (req: IncomingMessage) => boolean;
  /** This machine's name, as phones on the LAN may reach it (`<name>` and `<name>.local`). @default os.hostname() */
  machineName?: string;
}

/** Decides whether a request's `Origin` may change state: the app's own origin or an allowed one. */
export interface OriginPolicy {
  allows(req: IncomingMessage): boolean;
  /** The `{detail, code}` a refused request is answered with (403). */
  refusal(req: IncomingMessage): ErrorResponse;
}

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value)?.split(',')[0]?.trim();

/**
 * Browsers send `Origin` on every cross-origin POST/DELETE and WebSocket handshake, and a page
 * cannot forge it, so comparing it with the origin the request was sent to stops any other site
 * from starting sessions or streaming audio into one (cross-site request forgery). A request
 * without `Origin` (curl, a native client, a same-origin GET) is not a browser acting for another
 * site, and is allowed.
 * @see https://fetch.spec.whatwg.org/#origin-header
 * @see https://www.rfc-editor.org/rfc/rfc6455#section-10.2 (servers should check Origin)
 */
export function createOriginPolicy({ allowedOrigins, tls, viaTrustedProxy, machineName = hostname() }: OriginPolicyOptions): OriginPolicy {
  const allowed = new Set(allowedOrigins);
  const machine = machineName.toLowerCase();
  const knownNames = new Set(['localhost', machine, `${machine}.local`, ...allowedOrigins.map((origin) => new URL(origin).hostname)]);

  /**
   * Whether a `Host` sent straight to Linnet names it. An IP address or a known name does; any
   * other DNS name may be a rebinding attack (a foreign site's name pointed at this machine, which
   * makes that site's page same-origin with the `Host` it sends), so it is not taken as our origin.
   */
  function isKnownName(name: string): boolean {
    const bare = name.replace(/^\[|\]$/g, '');
    return isIP(bare) !== 0 || knownNames.has(name) || name.endsWith('.localhost');
  }

  function ownOrigin(req: IncomingMessage): string | undefined {
    const proxied = viaTrustedProxy(req);
    const proto = (proxied && first(req.headers['x-forwarded-proto'])) || (tls ? 'https' : 'http');
    const host = (proxied && first(req.headers['x-forwarded-host'])) || req.headers.host;
    if (!host) return undefined;
    try {
      const url = new URL(`${proto}://${host}`);
      // A trusted proxy routes by name, so its names are its own business.
      return proxied || isKnownName(url.hostname) ? url.origin : undefined;
    } catch {
      return undefined;
    }
  }

  function allows(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    // `null` (sandboxed frames, file: pages, some redirects) is an opaque origin: never our own.
    if (allowed.has(origin)) return true;
    return origin !== 'null' && origin === ownOrigin(req);
  }

  return {
    allows,
    refusal: (req) => ({ code: 'origin_not_allowed', detail: `Requests from ${req.headers.origin ?? 'that page'} are not allowed; add it to ALLOWED_ORIGINS to allow it` }),
  };
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Express middleware: a state-changing request (not GET/HEAD/OPTIONS) from a foreign origin is 403. */
export function requireAllowedOrigin(policy: OriginPolicy): RequestHandler {
  return (req, _res, next) => {
    if (SAFE_METHODS.has(req.method) || policy.allows(req)) {
      next();
      return;
    }
    const { code, detail } = policy.refusal(req);
    next(new HttpError(403, code, detail));
  };
}
