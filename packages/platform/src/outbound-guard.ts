/**
 * The outbound guard handed to every connector HTTP client. Two checks, one DNS lookup:
 * - called with each URL (every redirect hop too), it refuses non-http(s) schemes, internal IP
 *   literals in any spelling (the WHATWG URL parser has already normalised them) and local names;
 * - its `lookup` is the DNS lookup of the client's sockets: it resolves a name once, refuses it
 *   when ANY of its addresses is internal, and hands the socket only vetted addresses, so there
 *   is no window between the check and the connection (DNS rebinding).
 * Hosts the instance names explicitly ("host" or "host:port", e.g. the local Custify simulator)
 * are let through, or every private address in development (`allowPrivate`).
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, isIPv6, type LookupFunction } from 'node:net';
import { ConnectorError, type OutboundGuard } from '@konnect/sdk';
import { canonicalIp, internalReason } from './ip-address';

export { internalReason, isInternalAddress } from './ip-address';

export interface GuardOptions {
  /** "host" or "host:port" entries always allowed (compared case-insensitively). */
  allowHosts?: readonly string[];
  /** Allow every private / loopback address (development only). */
  allowPrivate?: boolean;
  /** Resolver (every address of a name), injectable for tests. Default: the system resolver. */
  resolve?: (host: string) => Promise<string[]>;
}

/** The guard the platform builds: the per-URL check and the sockets' lookup. */
export interface PlatformGuard extends OutboundGuard {
  lookup: LookupFunction;
}

const systemResolve = async (host: string): Promise<string[]> =>
  (await dnsLookup(host, { all: true, verbatim: true })).map((a) => a.address);

/** "[::1]" → "::1", "Example.COM." → "example.com". */
function bareHost(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '').toLowerCase();
}

const isLocalName = (host: string) => host === 'localhost' || host.endsWith('.localhost');

function refusedError(target: string, reason: string): ConnectorError {
  return new ConnectorError({ kind: 'refused', message: `Refused to connect to ${target} (${reason})`, retryable: false });
}

/** An allowlist entry's host in the form a parsed URL has it ("0x7f.1" → "127.0.0.1", "[0::1]" → "::1"). */
function canonicalHost(host: string): string {
  const bare = bareHost(host);
  if (isIPv6(bare)) return bareHost(new URL(`http://[${bare}]/`).hostname);
  return canonicalIp(bare) ?? bare;
}

interface Allowlist {
  /** The URL's host and port are named by the instance ("host" allows every port). */
  url(host: string, port: string): boolean;
  /** The name is named by the instance, with any port (the per-URL check has matched the port). */
  name(host: string): boolean;
}

function allowlist(entries: readonly string[]): Allowlist {
  const anyPort = new Set<string>();
  const withPort = new Set<string>();
  for (const raw of entries) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
    const named = bracketed || isIP(entry) ? null : /^([^:]+):(\d+)$/.exec(entry);
    const host = canonicalHost(bracketed?.[1] ?? named?.[1] ?? entry);
    const port = bracketed?.[2] ?? named?.[2];
    if (port) withPort.add(`${host} ${Number(port)}`);
    else anyPort.add(host);
  }
  const names = new Set([...anyPort, ...[...withPort].map((e) => e.split(' ')[0] ?? '')]);
  return {
    url: (host, port) => anyPort.has(host) || withPort.has(`${host} ${Number(port)}`),
    name: (host) => names.has(host),
  };
}

export function createOutboundGuard(opts: GuardOptions = {}): PlatformGuard {
  const allowed = allowlist(opts.allowHosts ?? []);
  const resolve = opts.resolve ?? systemResolve;

  /** Every address of a name, or a refusal naming the first internal one. */
  async function vet(hostname: string): Promise<string[]> {
    const host = bareHost(hostname);
    if (isIP(host)) {
      const reason = opts.allowPrivate || allowed.name(host) ? undefined : internalReason(host);
      if (reason) throw refusedError(host, reason);
      return [host];
    }
    let addresses: string[];
    try {
      addresses = await resolve(host);
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      throw new ConnectorError({ kind: 'network', message: `${host} could not be resolved${typeof code === 'string' ? ` (${code})` : ''}`, retryable: true });
    }
    if (addresses.length === 0) throw new ConnectorError({ kind: 'network', message: `${host} has no address`, retryable: true });
    if (opts.allowPrivate || allowed.name(host)) return addresses;
    for (const address of addresses) {
      const reason = internalReason(address);
      if (reason) throw refusedError(`${host} at ${address}`, reason);
    }
    return addresses;
  }

  const check = async (url: URL): Promise<void> => {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw refusedError(url.href, 'only http and https URLs are allowed');
    const host = bareHost(url.hostname);
    const port = url.port || (url.protocol === 'https:' ? '443' : '80');
    if (opts.allowPrivate || allowed.url(host, port)) return;
    if (isIP(host)) {
      const reason = internalReason(host);
      if (reason) throw refusedError(host, reason);
      return;
    }
    if (isLocalName(host)) throw refusedError(host, 'loopback address');
    // A name is checked where it is resolved: in `lookup`, when the socket connects.
  };

  const lookup: LookupFunction = (hostname, options, callback) => {
    vet(hostname).then(
      (addresses) => {
        const wanted = options.family === 4 || options.family === 'IPv4' ? 4 : options.family === 6 || options.family === 'IPv6' ? 6 : 0;
        const list = addresses.map((address) => ({ address, family: isIP(address) })).filter((a) => wanted === 0 || a.family === wanted);
        const first = list[0];
        if (!first) {
          callback(Object.assign(new Error(`${hostname} has no IPv${wanted} address`), { code: 'ENOTFOUND' }), '', 0);
          return;
        }
        if (options.all) callback(null, list);
        else callback(null, first.address, first.family);
      },
      (err: unknown) => callback(err as NodeJS.ErrnoException, '', 0),
    );
  };

  return Object.assign(check, { lookup });
}

/** "http://127.0.0.1:4010" → "127.0.0.1:4010", "http://[::1]:4010" → "[::1]:4010" (for allowing a configured service such as the simulator). */
export function hostOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`.toLowerCase();
  } catch {
    return undefined;
  }
}
