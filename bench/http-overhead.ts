/**
 * What one request costs through the SDK's HTTP client, next to a bare node:http request (the
 * floor) and a bare axios request (what the client was built on before it had its own transport),
 * over the wire against a local keep-alive server in the same process (so the server's share is in
 * every figure alike). Variants run in short interleaved blocks so machine load hits them alike;
 * median of the blocks, as wall time and as CPU time (user + system, steadier on a busy machine).
 *   cd bench && npx tsx http-overhead.ts
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios from 'axios';
import { createHttpClient } from '@konnect/sdk';

type Run = () => Promise<unknown>;
const median = (xs: number[] = []) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

const BASELINE = 'node:http (floor)';

/** A keep-alive GET with node:http alone, its JSON body parsed. */
function bareRequest(agent: Agent, url: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { Authorization: 'Bearer k' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

function variants(base: string): Record<string, Run> {
  const agent = new Agent({ keepAlive: true });
  const raw = axios.create({ maxRedirects: 0, validateStatus: null, proxy: false, httpAgent: agent });
  const plain = createHttpClient({ baseURL: base, headers: { Authorization: 'Bearer k' } });
  const full = createHttpClient({
    baseURL: base,
    headers: { Authorization: 'Bearer k' },
    secrets: ['sk_live_0123456789abcdef'],
    guard: async () => undefined,
  });
  return {
    [BASELINE]: () => bareRequest(agent, `${base}/people/all?page=1`),
    'axios (the client before)': async () => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 30_000);
      try {
        return await raw.request({ method: 'GET', url: `${base}/people/all?page=1`, headers: { Authorization: 'Bearer k' }, signal: controller.signal });
      } finally {
        clearTimeout(timer);
      }
    },
    'sdk client': () => plain.request({ method: 'GET', url: '/people/all', params: { page: 1 } }),
    'sdk + secrets + guard': () => full.request({ method: 'GET', url: '/people/all', params: { page: 1 } }),
  };
}

async function measure(runs: Record<string, Run>, rounds: number, perRound: number) {
  const wall: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  for (const run of Object.values(runs)) for (let i = 0; i < perRound * 2; i++) await run(); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (const [name, run] of Object.entries(runs)) {
      const started = process.hrtime.bigint();
      const cpuStart = process.cpuUsage();
      for (let i = 0; i < perRound; i++) await run();
      const used = process.cpuUsage(cpuStart);
      (wall[name] ??= []).push(Number(process.hrtime.bigint() - started) / 1000 / perRound);
      (cpu[name] ??= []).push((used.user + used.system) / perRound);
    }
  }
  const baseWall = median(wall[BASELINE]);
  const baseCpu = median(cpu[BASELINE]);
  for (const name of Object.keys(runs)) {
    const w = median(wall[name]);
    const c = median(cpu[name]);
    console.log(
      `  ${name.padEnd(26)} wall ${w.toFixed(1).padStart(7)} µs (${signed(w - baseWall)})   cpu ${c.toFixed(1).padStart(7)} µs (${signed(c - baseCpu)})`,
    );
  }
}

const body = JSON.stringify({ people: [{ id: 'p1', email: 'a@x.io', name: 'Ada' }], total: 1 });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
console.log('over the wire (30 interleaved blocks of 200 requests, median per request):');
await measure(variants(url), 30, 200);
server.closeAllConnections();
server.close();
