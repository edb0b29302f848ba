/** vetSocketTarget: the outbound guard applied to a host and port (SMTP), with one lookup. */
import type { LookupFunction } from 'node:net';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from './errors';
import { vetSocketTarget } from './socket-guard';
import type { OutboundGuard } from './types';

function guard(opts: { refuseUrl?: (url: URL) => string | undefined; dns?: Record<string, string[]> }) {
  const urls: string[] = [];
  const lookups: string[] = [];
  const lookup: LookupFunction = (host, _o, cb) => {
    lookups.push(host);
    const found = opts.dns?.[host] ?? [host];
    if (found.some((a) => a.startsWith('10.'))) return cb(new ConnectorError({ kind: 'refused', message: `Refused to connect to ${host} at ${found[0]} (private address)`, retryable: false }), '', 0);
    (cb as unknown as (e: null, a: { address: string; family: number }[]) => void)(null, found.map((address) => ({ address, family: 4 })));
  };
  const g: OutboundGuard = Object.assign(async (url: URL) => {
    urls.push(url.href);
    const reason = opts.refuseUrl?.(url);
    if (reason) throw new Error(reason);
  }, { lookup });
  return { g, urls, lookups };
}

describe('vetSocketTarget', () => {
  it('checks host and port like a URL, resolves once, and returns the vetted address', async () => {
    const { g, urls, lookups } = guard({ dns: { 'smtp.example.com': ['93.184.215.14', '93.184.215.15'] } });
    expect(await vetSocketTarget(g, 'smtp.example.com', 587)).toBe('93.184.215.14');
    expect(urls).toEqual(['http://smtp.example.com:587/']);
    expect(lookups).toEqual(['smtp.example.com']);
  });

  it('passes the guard’s refusals on, and words other failures as refusals', async () => {
    const { g } = guard({ dns: { 'intranet.test': ['10.0.0.1'] }, refuseUrl: (u) => (u.hostname === 'localhost' ? 'local names are not allowed' : undefined) });
    await expect(vetSocketTarget(g, 'intranet.test', 25)).rejects.toMatchObject({ kind: 'refused', message: 'Refused to connect to intranet.test at 10.0.0.1 (private address)' });
    await expect(vetSocketTarget(g, 'localhost', 25)).rejects.toMatchObject({ kind: 'refused', retryable: false, message: 'Refused to connect to localhost:25: local names are not allowed' });
  });

  it('IPv6 literals, bracketed or not; no guard means no policy', async () => {
    const { g, urls } = guard({});
    expect(await vetSocketTarget(g, '[2606:4700::1111]', 465)).toBe('2606:4700::1111');
    expect(await vetSocketTarget(g, '2606:4700::1111', 465)).toBe('2606:4700::1111');
    expect(urls).toEqual(['http://[2606:4700::1111]:465/', 'http://[2606:4700::1111]:465/']);
    expect(await vetSocketTarget(undefined, 'anything.test', 25)).toBe('anything.test');
  });
});
