/**
 * Polling benchmark: 10,000 people created after the cursor, polled through Custify's
 * person_created trigger (pages of 100) against the local simulator.
 *
 * Prints records/s, requests, the mean HTTP round trip through the SDK client, and the SDK's
 * own overhead per request: the SDK client's round trip minus a plain `http.request` (keep-
 * alive, body read and JSON-parsed) for the same page URLs, measured in interleaved pairs.
 * The pairs run against a replay server that answers each URL with the bytes the simulator
 * sent for it: the simulator re-sorts 10,000 records per request (~10-20 ms, jittery), which
 * would bury a sub-millisecond difference in noise.
 *
 * Run: cd bench && npx tsx poll.ts
 */
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { custify, custifyAuth } from '@konnect/connector-custify';
import { startSimulator } from '@konnect/custify-sim';
import type { HttpClient, TriggerCursorData } from '@konnect/sdk';
import { createHttpClient } from '@konnect/sdk';

const RECORDS = 10_000;
const API_KEY = 'bench-custify-key';
const PAIR_ROUNDS = 6;

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** One plain GET: keep-alive global agent, body read and JSON-parsed, like the SDK does. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ ms: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, { method: 'GET', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        JSON.parse(body.toString('utf8'));
        resolve({ ms: performance.now() - started, body });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Answers each recorded path+query with the recorded body (404 otherwise). */
async function startReplay(bodies: Map<string, Buffer>): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    const body = bodies.get(req.url ?? '');
    res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json', 'Content-Length': body?.length ?? 2 });
    res.end(body ?? '{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('replay server has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Pairs {
  sdk: number[];
  raw: number[];
  diffs: number[];
}

/**
 * Interleaved pairs, alternating which goes first: the SDK client and a plain request for each
 * path. The first round warms both paths up (JIT, sockets) and is not counted.
 */
async function measurePairs(
  client: HttpClient,
  baseUrl: string,
  paths: string[],
  headers: Record<string, string>,
): Promise<Pairs> {
  const out: Pairs = { sdk: [], raw: [], diffs: [] };
  for (let round = 0; round < PAIR_ROUNDS; round++) {
    for (const [i, path] of paths.entries()) {
      const url = `${baseUrl}${path}`;
      let sdkMs = 0;
      let rawMs = 0;
      const viaSdk = async () => {
        const started = performance.now();
        await client.request({ method: 'GET', url });
        sdkMs = performance.now() - started;
      };
      const viaRaw = async () => {
        rawMs = (await rawGet(url, headers)).ms;
      };
      if ((round + i) % 2 === 0) {
        await viaSdk();
        await viaRaw();
      } else {
        await viaRaw();
        await viaSdk();
      }
      if (round === 0) continue;
      out.sdk.push(sdkMs);
      out.raw.push(rawMs);
      out.diffs.push(sdkMs - rawMs);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const sim = await startSimulator({ port: 0, seed: 'empty', apiKeys: [API_KEY] });
  try {
    const trigger = custify.triggers.find((t) => t.key === 'person_created');
    if (!trigger || trigger.kind !== 'polling') throw new Error('person_created polling trigger not found');
    const auth = { apiKey: API_KEY, baseUrl: sim.url };
    const conn = custifyAuth.http(auth);
    const client = createHttpClient({ baseURL: conn.baseURL, headers: conn.headers, secrets: [API_KEY] });

    const sdkTimes: number[] = [];
    const timed: HttpClient = {
      async request(req) {
        const started = performance.now();
        try {
          return await client.request(req);
        } finally {
          sdkTimes.push(performance.now() - started);
        }
      },
    };

    // The cursor is set (first activation, empty account) before the records exist.
    let cursor: TriggerCursorData = (await trigger.poll({ input: {}, auth, http: timed, cursor: null })).cursor;
    await new Promise((r) => setTimeout(r, 5));

    const insertStart = performance.now();
    for (let i = 0; i < RECORDS; i++) {
      sim.store.insert('people', {
        user_id: `bench-${i}`,
        email: `bench${i}@example.com`,
        name: `Bench Person ${i}`,
        session_count: i % 50,
        custom_attributes: { plan: i % 3 ? 'pro' : 'free', seats: i % 17 },
      });
    }
    const insertMs = performance.now() - insertStart;

    sim.clearRequests();
    sdkTimes.length = 0;
    const keys = new Set<string>();
    let duplicates = 0;
    let polls = 0;
    const pollStart = performance.now();
    let allInMs = NaN;
    let emittingRequests = 0;
    for (;;) {
      const result = await trigger.poll({ input: {}, auth, http: timed, cursor });
      polls += 1;
      cursor = result.cursor;
      for (const event of result.events) {
        if (keys.has(event.key)) duplicates += 1;
        keys.add(event.key);
      }
      if (keys.size >= RECORDS && Number.isNaN(allInMs)) {
        allInMs = performance.now() - pollStart;
        emittingRequests = sim.requests.length;
      }
      if (result.events.length === 0 || polls > 50) break;
    }
    const totalPollMs = performance.now() - pollStart;
    const pollRequests = sim.requests.length;
    const pollSdkMean = mean(sdkTimes);
    // The pages the poll read, as path+query, with the bytes the simulator answers for them.
    const rawHeaders = { ...conn.headers, 'User-Agent': 'Konnect' };
    const pagePaths = [...new Set(sim.requests.map((r) => `${r.path}?${new URLSearchParams(r.query).toString()}`))];
    const bodies = new Map<string, Buffer>();
    for (const path of pagePaths) bodies.set(path, (await rawGet(new URL(path, sim.url).href, rawHeaders)).body);

    // SDK overhead: interleaved pairs on the same URLs, for the full pages the poll read and
    // for a one-record page (the fixed per-request cost, without the body-size part).
    const tinyPath = `/people/all?page=1&itemsPerPage=1&sorting=${encodeURIComponent('{"field":"created_at","direction":"desc"}')}`;
    bodies.set(tinyPath, (await rawGet(new URL(tinyPath, sim.url).href, rawHeaders)).body);
    const replay = await startReplay(bodies);
    let pages: Pairs;
    let tiny: Pairs;
    try {
      pages = await measurePairs(client, replay.url, pagePaths, rawHeaders);
      tiny = await measurePairs(client, replay.url, pagePaths.map(() => tinyPath), rawHeaders);
    } finally {
      await replay.close();
    }
    const pageBytes = mean(pagePaths.map((path) => bodies.get(path)?.length ?? 0));

    const ok = keys.size === RECORDS && duplicates === 0;
    const fmt = (n: number, d = 3) => n.toFixed(d);
    console.log(`records inserted: ${RECORDS} (store insert ${fmt(insertMs, 0)} ms)`);
    console.log(`records emitted: ${keys.size}, duplicates: ${duplicates}, polls: ${polls} (last one empty)`);
    console.log(`time to emit all: ${fmt(allInMs, 0)} ms; with the final empty poll: ${fmt(totalPollMs, 0)} ms`);
    console.log(`records/s: ${fmt(RECORDS / (allInMs / 1000), 0)}`);
    console.log(
      `requests: ${emittingRequests} to emit all (itemsPerPage ${sim.requests[0]?.query.itemsPerPage ?? '?'}), ` +
        `${pollRequests} including the final empty poll (it re-reads the 5-minute look-back window)`,
    );
    console.log(`mean HTTP round trip via SDK client during the poll: ${fmt(pollSdkMean)} ms`);
    console.log(
      `paired samples: ${pages.diffs.length} (${PAIR_ROUNDS - 1} counted rounds over ${pagePaths.length} page URLs, ` +
        `mean page ${fmt(pageBytes / 1024, 1)} KiB, replayed)`,
    );
    console.log(`mean round trip: SDK ${fmt(mean(pages.sdk))} ms, plain http.request ${fmt(mean(pages.raw))} ms`);
    console.log(
      `SDK overhead per request (100-record pages): mean ${fmt(mean(pages.diffs))} ms, ` +
        `median ${fmt(median(pages.diffs))} ms (target < 0.2 ms)`,
    );
    console.log(
      `SDK overhead per request (1-record page, ${bodies.get(tinyPath)?.length ?? 0} B): ` +
        `mean ${fmt(mean(tiny.diffs))} ms, median ${fmt(median(tiny.diffs))} ms ` +
        `(SDK ${fmt(median(tiny.sdk))} vs plain ${fmt(median(tiny.raw))} ms median)`,
    );
    console.log(`result: ${ok ? 'OK' : 'FAILED'}`);
    if (!ok) process.exitCode = 1;
  } finally {
    await sim.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
