/**
 * Per-request overhead of the SDK's HTTP client over a bare axios call with the same
 * transport settings. Two measurements:
 *  1. over the wire, against a local keep-alive server in the same process: variants run
 *     in short interleaved blocks so machine load hits them alike; median of the blocks,
 *     as wall time and as CPU time (user + system, steadier on a busy machine);
 *  2. in-process only, with a stub axios adapter (no socket): the SDK's own code path.
 *   cd bench && npx tsx http-overhead.ts
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import axios, { type AxiosAdapter } from 'axios';
import { createHttpClient } from '@konnect/sdk';

type Run = () => Promise<unknown>;
const median = (xs: number[] = []) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;

function variants(base: string): Record<string, Run> {
  const raw = axios.create({ maxRedirects: 0, validateStatus: null, proxy: false });
  const plain = createHttpClient({ baseURL: base, headers: { Authorization: 'Bearer k' } });
  const full = createHttpClient({
    baseURL: base,
    headers: { Authorization: 'Bearer k' },
    secrets: ['sk_live_0123456789abcdef'],
    guard: async () => undefined,
  });
  return {
    'axios (baseline)': () => raw.request({ method: 'GET', url: `${base}/people/all?page=1`, headers: { Authorization: 'Bearer k' } }),
    'axios + deadline signal': async () => {
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
  const baseWall = median(wall['axios (baseline)']);
  const baseCpu = median(cpu['axios (baseline)']);
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

const stub: AxiosAdapter = async (config) => ({
  data: body,
  status: 200,
  statusText: 'OK',
  headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
  config,
  request: {},
});
axios.defaults.adapter = stub;
console.log('in-process, stub adapter (20 blocks of 2,000 requests):');
await measure(variants('http://127.0.0.1:9'), 20, 2000);
