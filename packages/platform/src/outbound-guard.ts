/**
 * The outbound guard handed to every connector HTTP client: refuses URLs whose host is (or
 * resolves to) a private, loopback, link-local or otherwise internal address, unless the
 * instance allows that host explicitly (e.g. the local Custify simulator) or allows private
 * addresses altogether (development). Only http and https are allowed.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { ConnectorError } from '@konnect/sdk';

export interface GuardOptions {
  /** "host" or "host:port" entries always allowed (compared case-insensitively). */
  allowHosts?: readonly string[];
  /** Allow every private / loopback address (development only). */
  allowPrivate?: boolean;
  /** Resolver, injectable for tests. */
  resolve?: (host: string) => Promise<string[]>;
}

function ipv4Parts(ip: string): number[] | undefined {
  const parts = ip.split('.').map(Number);
  return parts.length === 4 && parts.every((n) => Number.isInteger(n) && n >= 0 && n <= 255) ? parts : undefined;
}

/** True for addresses a public integration has no business calling. */
export function isInternalAddress(ip: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped?.[1]) return isInternalAddress(mapped[1]);
  const v4 = ipv4Parts(ip);
  if (v4) {
    const [a = 0, b = 0] = v4;
    return (
      a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b <= 127) || (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224
    );
  }
  const v6 = ip.toLowerCase();
  return v6 === '::' || v6 === '::1' || /^f[cd]/.test(v6) || /^fe[89ab]/.test(v6) || v6.startsWith('ff') || v6.startsWith('64:ff9b:');
}

const refuse = (url: URL, why: string) =>
  new ConnectorError({ kind: 'refused', message: `Konnect does not call ${url.host}: ${why}`, retryable: false });

export function createOutboundGuard(opts: GuardOptions = {}): (url: URL) => Promise<void> {
  const allowed = new Set((opts.allowHosts ?? []).map((h) => h.trim().toLowerCase()).filter(Boolean));
  const resolve = opts.resolve ?? (async (host: string) => (await lookup(host, { all: true, verbatim: true })).map((a) => a.address));
  return async (url) => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refuse(url, `${url.protocol} URLs are not allowed`);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (opts.allowPrivate || allowed.has(host) || allowed.has(`${host}:${port}`)) return;
    let addresses: string[];
    if (isIP(host)) addresses = [host];
    else {
      try {
        addresses = await resolve(host);
      } catch {
        throw new ConnectorError({ kind: 'network', message: `${url.host} could not be resolved`, retryable: true });
      }
    }
    if (host === 'localhost' || addresses.some(isInternalAddress)) throw refuse(url, 'it is a private or local address');
  };
}

/** "http://127.0.0.1:4010" → "127.0.0.1:4010" (for allowing a configured service such as the simulator). */
export function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname.replace(/^\[|\]$/g, '')}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`.toLowerCase();
  } catch {
    return undefined;
  }
}
