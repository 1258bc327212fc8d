import { isIP } from 'node:net';
import type { IncomingMessage } from 'node:http';

/** Where a request came from: the address limits are counted by, and whether a trusted proxy relayed it. */
export interface ClientOrigin {
  /** The client's IP address, IPv4-mapped IPv6 written as plain IPv4. */
  address: string;
  /** The direct peer is a proxy listed in TRUST_PROXY (its X-Forwarded-* headers were believed). */
  viaTrustedProxy: boolean;
}

/** Resolves the client of a request or a raw connection. */
export interface ClientAddressResolver {
  ofRequest(req: IncomingMessage): ClientOrigin;
  /** The direct peer of a connection (no headers yet), and whether it is a trusted proxy. */
  ofPeer(remoteAddress: string | undefined): ClientOrigin;
}

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1)$/;

/** `::ffff:10.0.0.5` (an IPv4 client on a dual-stack socket) is the same client as `10.0.0.5`. */
export function normaliseAddress(address: string | undefined): string {
  if (!address) return 'unknown';
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return (mapped ? mapped[1]! : address).toLowerCase();
}

/** True for 127.0.0.0/8 and ::1. */
export function isLoopbackAddress(address: string): boolean {
  return LOOPBACK.test(normaliseAddress(address));
}

/**
 * Build the resolver for TRUST_PROXY (`loopback` and/or proxy IPs). Without it the socket's peer
 * is the client and X-Forwarded-For is ignored: any client can write that header. Through a
 * trusted proxy the client is the right-most X-Forwarded-For entry that is not itself a trusted
 * proxy, since entries to its left were written by whoever sent the request.
 * @see https://www.rfc-editor.org/rfc/rfc7239#section-7.4 (forwarded addresses can be forged)
 */
export function createClientAddressResolver(trustProxy: readonly string[] = []): ClientAddressResolver {
  const trustLoopback = trustProxy.includes('loopback');
  const trusted = new Set(trustProxy.filter((entry) => entry !== 'loopback').map(normaliseAddress));
  const isTrusted = (address: string) => trusted.has(address) || (trustLoopback && LOOPBACK.test(address));

  function ofPeer(remoteAddress: string | undefined): ClientOrigin {
    const address = normaliseAddress(remoteAddress);
    return { address, viaTrustedProxy: isTrusted(address) };
  }

  return {
    ofPeer,
    ofRequest(req) {
      const peer = ofPeer(req.socket.remoteAddress);
      const header = req.headers['x-forwarded-for'];
      if (!peer.viaTrustedProxy || !header) return peer;
      const hops = (Array.isArray(header) ? header.join(',') : header).split(',').map((hop) => normaliseAddress(hop.trim()));
      for (let i = hops.length - 1; i >= 0; i--) {
        const hop = hops[i]!;
        if (isIP(hop) === 0) break;
        if (!isTrusted(hop)) return { address: hop, viaTrustedProxy: true };
      }
      return peer;
    },
  };
}
