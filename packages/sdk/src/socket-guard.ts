/**
 * The outbound guard for connectors that open sockets themselves (SMTP) instead of going through
 * the HTTP client: the same policy, applied to a host and port. The host is checked the way a URL
 * to it would be (IP literals, local names, the instance's "host:port" allowances), then resolved
 * once through the guard's lookup, which refuses a name when any of its addresses is internal. The
 * caller connects to the address returned, never to the name again, so there is no window for DNS
 * rebinding between the check and the connection (keep the name for TLS: SNI and certificate).
 */
import type { LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import { ConnectorError } from './errors';
import type { OutboundGuard } from './types';

function refused(host: string, port: number, err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new ConnectorError({ kind: 'refused', message: `Refused to connect to ${host}:${port}: ${reason}`, retryable: false });
}

function lookupOnce(guard: OutboundGuard, host: string): Promise<string> {
  const lookup = guard.lookup;
  if (!lookup) return Promise.resolve(host);
  return new Promise((resolve, reject) => {
    lookup(host, { all: true }, (err, addresses) => {
      if (err) return reject(err);
      const list = (Array.isArray(addresses) ? addresses : []) as LookupAddress[];
      const first = list[0];
      if (!first) return reject(Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' }));
      resolve(first.address);
    });
  });
}

/**
 * The address to connect to for `host:port` under the guard: a vetted IP address, or a
 * ConnectorError (`refused` for a policy refusal, `network` when the name does not resolve).
 * Without a guard there is no policy and the host is returned as given.
 */
export async function vetSocketTarget(guard: OutboundGuard | undefined, host: string, port: number): Promise<string> {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  if (!guard) return bare;
  let probe: URL;
  try {
    probe = new URL(`http://${isIP(bare) === 6 ? `[${bare}]` : bare}:${port}/`);
  } catch {
    throw new ConnectorError({ kind: 'config', message: `"${host}" is not a valid host name`, retryable: false });
  }
  try {
    // The per-URL rules (IP literals, local names, allowed "host:port") apply to a host and port alike.
    await guard(probe);
    return await lookupOnce(guard, bare);
  } catch (err) {
    throw refused(bare, port, err);
  }
}
