/**
 * The caller's IP address, for rate limits and the audit log.
 *
 * Next.js does not hand route handlers the socket, and it keeps an `X-Forwarded-For` the client
 * sent itself, so that header proves nothing on its own. Hence:
 * - no proxy (TRUSTED_PROXIES=0): the socket address, which peer-address.ts writes on every
 *   request as `x-konnect-peer` (overwriting anything the client sent under that name);
 * - behind N trusted proxies that each append the address they saw to `X-Forwarded-For`: the
 *   Nth entry from the right. Entries further left were written by the client and are ignored.
 */
import { isIP } from 'node:net';

export const PEER_HEADER = 'x-konnect-peer';

/** A bare IP: IPv4-mapped IPv6 unwrapped, brackets and an IPv4 port stripped; null if not an IP. */
export function normalIp(raw: string | undefined | null): string | null {
  if (!raw) return null;
  let ip = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(ip);
  if (bracketed?.[1]) ip = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(ip)) ip = ip.slice(0, ip.lastIndexOf(':'));
  if (/^::ffff:\d{1,3}(\.\d{1,3}){3}$/i.test(ip)) ip = ip.slice(7);
  return isIP(ip) ? ip.toLowerCase() : null;
}

export function clientIp(headers: Headers, trustedProxies: number): string | null {
  if (trustedProxies <= 0) return normalIp(headers.get(PEER_HEADER));
  const hops = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (hops.length === 0) return normalIp(headers.get(PEER_HEADER));
  return normalIp(hops[Math.max(0, hops.length - trustedProxies)]);
}

/** Where a request came from, as the audit log records it. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export function clientInfo(req: Request, trustedProxies: number): ClientInfo {
  const userAgent = req.headers.get('user-agent');
  return { ip: clientIp(req.headers, trustedProxies), userAgent: userAgent ? userAgent.slice(0, 512) : null };
}
