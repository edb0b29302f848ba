import { describe, expect, it } from 'vitest';
import { clientInfo, clientIp, normalIp, PEER_HEADER } from './client-ip';

const h = (init: Record<string, string>) => new Headers(init);

describe('normalIp', () => {
  it('keeps IPs, unwraps IPv4-mapped IPv6, strips ports and brackets, refuses anything else', () => {
    expect(normalIp('203.0.113.7')).toBe('203.0.113.7');
    expect(normalIp(' ::ffff:127.0.0.1 ')).toBe('127.0.0.1');
    expect(normalIp('203.0.113.7:51234')).toBe('203.0.113.7');
    expect(normalIp('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalIp('2001:db8::1')).toBe('2001:db8::1');
    for (const bad of ['', 'localhost', 'unknown', '1.2.3', '<script>', null, undefined]) expect(normalIp(bad)).toBeNull();
  });
});

describe('clientIp', () => {
  it('without trusted proxies, uses the socket address and ignores X-Forwarded-For', () => {
    const headers = h({ [PEER_HEADER]: '198.51.100.4', 'x-forwarded-for': '10.9.9.9' });
    expect(clientIp(headers, 0)).toBe('198.51.100.4');
    expect(clientIp(h({ 'x-forwarded-for': '10.9.9.9' }), 0)).toBeNull();
  });

  it('behind N proxies, takes the Nth X-Forwarded-For entry from the right (the client cannot push it)', () => {
    // The client sent "6.6.6.6"; proxy 1 appended the client's real address; proxy 2 appended proxy 1.
    const xff = h({ 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.0.0.2', [PEER_HEADER]: '10.0.0.3' });
    expect(clientIp(xff, 2)).toBe('203.0.113.9');
    expect(clientIp(h({ 'x-forwarded-for': '6.6.6.6,203.0.113.9' }), 1)).toBe('203.0.113.9');
    // Fewer entries than proxies: the leftmost; none: the socket.
    expect(clientIp(h({ 'x-forwarded-for': '203.0.113.9' }), 3)).toBe('203.0.113.9');
    expect(clientIp(h({ [PEER_HEADER]: '10.0.0.3' }), 1)).toBe('10.0.0.3');
    expect(clientIp(h({ 'x-forwarded-for': '6.6.6.6, garbage' }), 1)).toBeNull();
  });

  it('clientInfo adds a bounded user agent', () => {
    const req = new Request('http://x/', { headers: { [PEER_HEADER]: '198.51.100.4', 'user-agent': 'a'.repeat(2000) } });
    const info = clientInfo(req, 0);
    expect(info.ip).toBe('198.51.100.4');
    expect(info.userAgent).toHaveLength(512);
    expect(clientInfo(new Request('http://x/'), 0)).toEqual({ ip: null, userAgent: null });
  });
});
