import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { PEER_HEADER } from './client-ip';
import { stampPeerAddress } from './peer-address';

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

describe('stampPeerAddress', () => {
  it('puts the socket address on every request, replacing a header the client sent', async () => {
    stampPeerAddress();
    stampPeerAddress(); // idempotent
    const server = http.createServer((req, res) => res.end(JSON.stringify({ peer: req.headers[PEER_HEADER] ?? null })));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const spoofed = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: '6.6.6.6', 'x-forwarded-for': '6.6.6.6' } });
    expect(await spoofed.json()).toEqual({ peer: '127.0.0.1' });
    const plain = await fetch(`http://127.0.0.1:${port}/`);
    expect(await plain.json()).toEqual({ peer: '127.0.0.1' });
  });
});
