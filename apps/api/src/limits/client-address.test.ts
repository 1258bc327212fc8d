import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createClientAddressResolver, isLoopbackAddress, normaliseAddress } from './client-address.js';

function request(remoteAddress: string, forwardedFor?: string): IncomingMessage {
  return { socket: { remoteAddress }, headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor } } as unknown as IncomingMessage;
}

describe('client address', () => {
  it('writes an IPv4-mapped IPv6 peer as plain IPv4', () => {
    expect(normaliseAddress('::ffff:192.168.1.20')).toBe('192.168.1.20');
    expect(normaliseAddress('FE80::1')).toBe('fe80::1');
    expect(normaliseAddress(undefined)).toBe('unknown');
    expect([isLoopbackAddress('127.0.0.1'), isLoopbackAddress('::ffff:127.0.0.2'), isLoopbackAddress('::1'), isLoopbackAddress('10.0.0.1')]).toEqual([true, true, true, false]);
  });

  it('ignores X-Forwarded-For unless the peer is a trusted proxy: any client can write it', () => {
    const resolver = createClientAddressResolver();
    expect(resolver.ofRequest(request('203.0.113.9', '198.51.100.1'))).toEqual({ address: '203.0.113.9', viaTrustedProxy: false });
    expect(resolver.ofRequest(request('127.0.0.1', '198.51.100.1'))).toEqual({ address: '127.0.0.1', viaTrustedProxy: false });
  });

  it('takes the right-most untrusted hop behind a trusted proxy, so a forged left entry changes nothing', () => {
    const resolver = createClientAddressResolver(['loopback', '10.0.0.2']);
    expect(resolver.ofRequest(request('127.0.0.1', '198.51.100.1'))).toEqual({ address: '198.51.100.1', viaTrustedProxy: true });
    expect(resolver.ofRequest(request('::ffff:127.0.0.1', '6.6.6.6, 198.51.100.1, 10.0.0.2'))).toEqual({ address: '198.51.100.1', viaTrustedProxy: true });
    // A trusted proxy without the header, or with garbage in it, is itself the client.
    expect(resolver.ofRequest(request('10.0.0.2'))).toEqual({ address: '10.0.0.2', viaTrustedProxy: true });
    expect(resolver.ofRequest(request('10.0.0.2', 'not-an-ip'))).toEqual({ address: '10.0.0.2', viaTrustedProxy: true });
    expect(resolver.ofPeer('10.0.0.3')).toEqual({ address: '10.0.0.3', viaTrustedProxy: false });
  });
});
