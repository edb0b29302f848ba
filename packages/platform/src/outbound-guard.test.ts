/**
 * The outbound guard through the real HTTP client and real local servers: a corpus of internal
 * addresses in every spelling and trick (all refused, none reached), names resolved through an
 * injected resolver (the only DNS lookup, at connect time), redirects to internal hosts, DNS
 * rebinding, and allowlisted hosts that still work.
 */
import { createServer, type Server } from 'node:http';
import type { LookupAddress } from 'node:dns';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError, createHttpClient, type HttpClient } from '@konnect/sdk';
import { createOutboundGuard, hostOf, internalReason, isInternalAddress, type PlatformGuard } from './outbound-guard';

/** Every request that reached a server, by server. */
const hits = { trap: 0, allowed: 0 };
let trap: Server;
let allowed: Server;
let trapPort = 0;
let allowedPort = 0;

async function listen(handler: Parameters<typeof createServer>[1]): Promise<[Server, number]> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, (server.address() as AddressInfo).port];
}

beforeAll(async () => {
  [trap, trapPort] = await listen((_req, res) => {
    hits.trap++;
    res.end('reached');
  });
  [allowed, allowedPort] = await listen((req, res) => {
    hits.allowed++;
    const to = new URL(req.url ?? '/', 'http://x').searchParams.get('to');
    if (to) res.writeHead(302, { location: to.replace('TRAP', String(trapPort)) }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, path: req.url }));
  });
});

afterAll(async () => {
  for (const server of [trap, allowed]) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/** The test's DNS: names map to fixed answers; anything else does not exist. */
const DNS: Record<string, string[]> = {
  'api.example.test': ['93.184.215.14'],
  'intranet.example.test': ['10.0.0.1'],
  'metadata.google.internal': ['169.254.169.254'],
  'mixed.example.test': ['93.184.215.14', '10.0.0.5'],
  'mixed6.example.test': ['2606:4700::1111', 'fd12::1'],
  '192.168.0.1.nip.io': ['192.168.0.1'],
  'loop.example.test': ['127.0.0.1'],
  'sim.test': ['127.0.0.1'],
};
let lookups: string[] = [];
const resolve = async (host: string): Promise<string[]> => {
  lookups.push(host);
  const found = DNS[host];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
  return found;
};

function clientWith(guard: PlatformGuard): HttpClient {
  return createHttpClient({ guard, retry: { retries: 0 }, timeoutMs: 3000 });
}

async function failure(http: HttpClient, url: string): Promise<ConnectorError> {
  const err: unknown = await http.request({ method: 'GET', url }).then(() => undefined, (e: unknown) => e);
  if (!(err instanceof ConnectorError)) throw new Error(`${url}: expected a ConnectorError, got ${String(err)}`);
  return err;
}

const T = 'TRAP';
/** [url, the reason the refusal names]; TRAP is the port of a live local server that must never be reached. */
const CORPUS: Array<[url: string, reason: string]> = [
  [`http://127.0.0.1:${T}/`, 'loopback address'],
  [`http://2130706433:${T}/`, 'loopback address'],
  [`http://0177.0.0.1:${T}/`, 'loopback address'],
  [`http://0x7f.1:${T}/`, 'loopback address'],
  [`http://127.1:${T}/`, 'loopback address'],
  [`http://0x7f000001:${T}/`, 'loopback address'],
  [`http://017700000001:${T}/`, 'loopback address'],
  [`http://0x7f.0.0.0x1:${T}/`, 'loopback address'],
  [`http://127.0.0.1.:${T}/`, 'loopback address'],
  [`http://%31%32%37.0.0.1:${T}/`, 'loopback address'],
  [`http://[::ffff:127.0.0.1]:${T}/`, 'loopback address'],
  [`http://[::ffff:7f00:1]:${T}/`, 'loopback address'],
  [`http://[0:0:0:0:0:ffff:127.0.0.1]:${T}/`, 'loopback address'],
  [`http://[::1]:${T}/`, 'loopback address'],
  [`http://[::127.0.0.1]:${T}/`, 'loopback address'],
  [`http://[::]:${T}/`, 'unspecified address'],
  [`http://0.0.0.0:${T}/`, 'unspecified address'],
  [`http://0:${T}/`, 'unspecified address'],
  [`http://localhost:${T}/`, 'loopback address'],
  [`http://LOCALHOST.:${T}/`, 'loopback address'],
  [`http://api.localhost:${T}/`, 'loopback address'],
  [`http://loop.example.test:${T}/`, 'loopback address'],
  ['http://169.254.169.254/latest/meta-data/', 'cloud metadata address'],
  ['http://0251.0376.0251.0376/latest/', 'cloud metadata address'],
  ['http://[::ffff:a9fe:a9fe]/latest/', 'cloud metadata address'],
  ['http://[64:ff9b::169.254.169.254]/latest/', 'cloud metadata address'],
  ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata address'],
  ['http://169.254.1.1/', 'link-local address'],
  ['http://10.0.0.1/', 'private address'],
  ['https://10.255.255.255/', 'private address'],
  ['http://172.16.0.1/', 'private address'],
  ['http://172.31.255.255/', 'private address'],
  ['http://192.168.1.1/', 'private address'],
  ['http://100.64.0.1/', 'carrier-grade NAT address'],
  ['http://100.127.255.254/', 'carrier-grade NAT address'],
  ['http://[fd00::1]/', 'unique-local address'],
  ['http://[fc00::1]/', 'unique-local address'],
  ['http://[fe80::1]/', 'link-local address'],
  ['http://[fec0::1]/', 'site-local address'],
  ['http://[64:ff9b::10.0.0.1]/', 'private address'],
  ['http://[64:ff9b::7f00:1]/', 'loopback address'],
  ['http://[64:ff9b:1::1]/', 'reserved address'],
  ['http://[2002:a00:1::]/', 'private address'],
  ['http://[2002:7f00:1::1]/', 'loopback address'],
  ['http://[::ffff:0:10.0.0.1]/', 'private address'],
  ['http://[2001::1]/', 'reserved address'],
  ['http://[2001:db8::1]/', 'documentation address'],
  ['http://224.0.0.1/', 'multicast address'],
  ['http://[ff02::1]/', 'multicast address'],
  ['http://255.255.255.255/', 'broadcast address'],
  ['http://240.0.0.1/', 'reserved address'],
  ['http://198.18.0.1/', 'benchmarking address'],
  ['http://192.0.0.1/', 'reserved address'],
  ['http://intranet.example.test/', 'private address'],
  ['http://192.168.0.1.nip.io/', 'private address'],
  ['http://mixed.example.test/', 'private address'],
  ['http://mixed6.example.test/', 'unique-local address'],
];

describe('outbound guard: the corpus', () => {
  it(`refuses all ${CORPUS.length} internal targets, non-retryable, and none is reached`, async () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(30);
    const http = clientWith(createOutboundGuard({ resolve }));
    const escaped: string[] = [];
    for (const [template, reason] of CORPUS) {
      const url = template.replace(T, String(trapPort));
      const err = await failure(http, url);
      if (err.kind !== 'refused' || err.retryable || !err.message.startsWith('Refused to connect to ') || !err.message.endsWith(`(${reason})`)) {
        escaped.push(`${url}: ${err.kind} ${err.message}`);
      }
      expect(err.exchange?.request.url).toBeTruthy();
    }
    expect(escaped).toEqual([]);
    expect(hits.trap).toBe(0);
  });

  it('names the address in the message', async () => {
    const http = clientWith(createOutboundGuard({ resolve }));
    expect((await failure(http, 'http://10.0.0.1/')).message).toBe('Refused to connect to 10.0.0.1 (private address)');
    expect((await failure(http, 'http://intranet.example.test/x')).message).toBe('Refused to connect to intranet.example.test at 10.0.0.1 (private address)');
    expect((await failure(http, 'http://[::ffff:127.0.0.1]/')).message).toBe('Refused to connect to ::ffff:7f00:1 (loopback address)');
  });

  it('refuses non-http schemes and reports a name that does not resolve as a retryable network error', async () => {
    const guard = createOutboundGuard({ resolve });
    for (const url of ['ftp://example.com/', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO']) {
      const err: unknown = await guard(new URL(url)).catch((e: unknown) => e);
      expect(err, url).toBeInstanceOf(ConnectorError);
      expect((err as ConnectorError).kind).toBe('refused');
    }
    const err = await failure(clientWith(guard), 'http://nowhere.example.test/');
    expect(err).toMatchObject({ kind: 'network', retryable: true, message: 'nowhere.example.test could not be resolved (ENOTFOUND)' });
  });

  it('classifies public addresses as public', () => {
    const publicOnes = ['93.184.215.14', '8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '192.169.0.1', '2606:4700::1111', '2a00:1450:4001::1', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'];
    for (const ip of publicOnes) expect(internalReason(ip), ip).toBeUndefined();
    for (const ip of ['127.0.0.1', '0x7f.1', '2130706433', '[::1]', 'fe80::1%eth0', 'not an ip']) expect(isInternalAddress(ip), ip).toBe(true);
  });
});

/** The guard's lookup as a promise: what a socket would be handed. */
function lookupVia(guard: PlatformGuard, host: string, options: { all?: boolean; family?: number } = {}): Promise<string | LookupAddress[]> {
  return new Promise((res, rej) => {
    guard.lookup(host, { all: false, ...options }, (err, address) => (err ? rej(err) : res(address)));
  });
}

describe('outbound guard: connect-time lookup', () => {
  it('hands sockets every vetted address (all) or the first one, in the family asked for', async () => {
    const guard = createOutboundGuard({ resolve: async () => ['93.184.215.14', '2606:4700::1111'] });
    expect(await lookupVia(guard, 'api.example.test', { all: true })).toEqual([
      { address: '93.184.215.14', family: 4 },
      { address: '2606:4700::1111', family: 6 },
    ]);
    expect(await lookupVia(guard, 'api.example.test')).toBe('93.184.215.14');
    expect(await lookupVia(guard, 'api.example.test', { family: 6 })).toBe('2606:4700::1111');
  });

  it('DNS rebinding: a name that answered public before is refused when it answers private at connect time', async () => {
    let calls = 0;
    const rebinding = async () => (++calls === 1 ? ['93.184.215.14'] : ['127.0.0.1']);
    const guard = createOutboundGuard({ resolve: rebinding });
    // An earlier check (a validation, a previous request) saw the public answer…
    expect(await lookupVia(guard, 'rebind.example.test')).toBe('93.184.215.14');
    // …the socket's own lookup is the one that counts, and it is checked again, every time.
    const http = clientWith(guard);
    for (let i = 0; i < 20; i++) {
      const err = await failure(http, `http://rebind.example.test:${trapPort}/`);
      expect(err).toMatchObject({ kind: 'refused', retryable: false, message: 'Refused to connect to rebind.example.test at 127.0.0.1 (loopback address)' });
    }
    expect(calls).toBe(21);
    expect(hits.trap).toBe(0);
  });

  it('resolves a name once per connection (no separate check-time lookup)', async () => {
    lookups = [];
    const guard = createOutboundGuard({ resolve, allowHosts: [`sim.test:${allowedPort}`] });
    const res = await clientWith(guard).request({ method: 'GET', url: `http://sim.test:${allowedPort}/once` });
    expect(res.data).toEqual({ ok: true, path: '/once' });
    expect(lookups).toEqual(['sim.test']);
  });
});

describe('outbound guard: redirects and allowed hosts', () => {
  const allowHosts = () => [hostOf(`http://127.0.0.1:${allowedPort}`) ?? ''];

  it('a request to an allowlisted local server succeeds; the same address on another port does not', async () => {
    const http = clientWith(createOutboundGuard({ resolve, allowHosts: allowHosts() }));
    const before = hits.allowed;
    const res = await http.request({ method: 'GET', url: `http://127.0.0.1:${allowedPort}/ok` });
    expect(res).toMatchObject({ status: 200, data: { ok: true, path: '/ok' } });
    expect(hits.allowed).toBe(before + 1);
    expect((await failure(http, `http://127.0.0.1:${trapPort}/`)).kind).toBe('refused');
    expect(hits.trap).toBe(0);
  });

  it.each([
    ['a private address', 'http://10.0.0.1/admin', 'Refused to connect to 10.0.0.1 (private address)'],
    ['the metadata service', 'http://169.254.169.254/latest/meta-data/', 'Refused to connect to 169.254.169.254 (cloud metadata address)'],
    ['loopback on a port not allowed', 'http://127.0.0.1:TRAP/', 'Refused to connect to 127.0.0.1 (loopback address)'],
    ['loopback by name', 'http://localhost:TRAP/', 'Refused to connect to localhost (loopback address)'],
    ['a name resolving to private', 'http://intranet.example.test/', 'Refused to connect to intranet.example.test at 10.0.0.1 (private address)'],
  ])('refuses a redirect from the allowed host to %s', async (_name, target, message) => {
    const http = clientWith(createOutboundGuard({ resolve, allowHosts: allowHosts() }));
    const before = hits.allowed;
    const err = await failure(http, `http://127.0.0.1:${allowedPort}/hop?to=${encodeURIComponent(target)}`);
    expect(err).toMatchObject({ kind: 'refused', retryable: false, message });
    expect(hits.allowed).toBe(before + 1);
    expect(hits.trap).toBe(0);
  });

  it('allows by name (any port when no port is given), IPv6 in brackets, and everything in development', async () => {
    const byName = createOutboundGuard({ resolve, allowHosts: ['sim.test', '[::1]:4010', ' LOCALHOST:4011 '] });
    await expect(byName(new URL('http://sim.test:1234/'))).resolves.toBeUndefined();
    await expect(byName(new URL('http://[::1]:4010/'))).resolves.toBeUndefined();
    await expect(byName(new URL('http://[0:0::1]:4010/'))).resolves.toBeUndefined();
    await expect(byName(new URL('http://[::1]:4012/'))).rejects.toThrow(/loopback/);
    await expect(byName(new URL('http://localhost:4011/'))).resolves.toBeUndefined();
    await expect(byName(new URL('http://localhost:4012/'))).rejects.toThrow(/loopback/);
    expect(await lookupVia(byName, 'sim.test')).toBe('127.0.0.1');
    expect(hostOf('http://[::1]:4010/x')).toBe('[::1]:4010');
    const dev = clientWith(createOutboundGuard({ allowPrivate: true }));
    expect((await dev.request({ method: 'GET', url: `http://localhost:${allowedPort}/dev` })).data).toEqual({ ok: true, path: '/dev' });
  });
});
