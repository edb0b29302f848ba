/**
 * Polling within a budget (issue 18): an account of 50,000 records on a Custify list that cannot
 * sort (GET /ticket), two konnectors (Ticket Created, Ticket Updated) on one connection, polled
 * through the real poll job (Postgres cursor, Redis page budget) against a real local HTTP server
 * holding the list in memory. The clock is injected: about an hour of polls runs in seconds.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { custify } from '@konnect/connector-custify';
import { testKeyring } from '@konnect/db/testing';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry, type ScanState } from '@konnect/sdk';
import { activate } from './activation';
import { createPlatform, type Platform } from './platform';
import { processPoll } from './poll';
import { createConnection, createKonnector, createWorkspace, quietLog, testPlatform, type TestPlatform } from './test-fixtures';

const ACCOUNT = 50_000;
const CAP = 60;
const TICK_MS = 20_000;
const RETRY_AFTER_S = 120;
const LIMITS = { pollPagesPerMinute: CAP, connectionRate: { perSecond: 10_000, burst: 10_000 } };

interface Ticket {
  id: string;
  subject: string;
  created_at: string;
  updated_at: string;
}

/** A small deterministic PRNG (mulberry32): a failure can be replayed. */
function rng(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const clock = { now: Date.parse('2026-12-07T08:00:00.000Z') };
const iso = (ms: number) => new Date(ms).toISOString();
const hexId = (n: number) => n.toString(16).padStart(24, '0');

/** GET /ticket over an in-memory list in no particular order; 429 while `limitedAt` is the clock's time. */
const api = {
  tickets: [] as Ticket[],
  requests: [] as { at: number; page: number; status: number }[],
  limitedAt: -1,
};

function startApi(): Promise<Server> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const page = Number(url.searchParams.get('page') ?? '1');
    const perPage = Number(url.searchParams.get('itemsPerPage') ?? '20');
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      api.requests.push({ at: clock.now, page, status });
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== 'Bearer budget-key') return send(401, { error: 'Invalid API key' });
    if (req.method !== 'GET' || url.pathname !== '/ticket' || url.searchParams.has('sorting')) return send(404, { error: 'not found' });
    if (clock.now === api.limitedAt) return send(429, { error: 'Too many requests' }, { 'retry-after': String(RETRY_AFTER_S) });
    const total = api.tickets.length;
    const start = (page - 1) * perPage;
    send(200, { tickets: api.tickets.slice(start, start + perPage), total, page, pages: Math.ceil(total / perPage) });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const registry = createRegistry([custify]);
let t: TestPlatform;
let server: Server;
let workspaceId: string;
let connectionId: string;

function draft(event: string): KonnectorDefinitionInput {
  return {
    trigger: { id: 'trigger', connector: 'custify', event, connectionId, input: {} },
    steps: [
      {
        type: 'action',
        id: 'note',
        connector: 'custify',
        action: 'create_note',
        connectionId,
        input: { entity: '{{trigger.id}}', entityModel: 'People', subject: 'Ticket', text: '{{trigger.subject}}' },
      },
    ],
  };
}

beforeAll(async () => {
  const random = rng(18);
  for (let i = 0; i < ACCOUNT; i++) {
    const at = iso(clock.now - 400 * 86_400_000 + Math.floor(random() * 399 * 86_400_000));
    api.tickets.push({ id: hexId(i), subject: `old ${i}`, created_at: at, updated_at: at });
  }
  // Unsortable: the API answers in an order of its own (here: shuffled).
  for (let i = api.tickets.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [api.tickets[i], api.tickets[j]] = [api.tickets[j] as Ticket, api.tickets[i] as Ticket];
  }
  server = await startApi();
  // The per-second pacing of calls runs on the real clock: out of the way here (the page budget is under test).
  t = await testPlatform('pollbudget', registry, LIMITS);
  t.p.clock = () => clock.now;
  workspaceId = await createWorkspace(t.db);
  const { port } = server.address() as AddressInfo;
  connectionId = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'budget-key', baseUrl: `http://127.0.0.1:${port}` });
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await new Promise((resolve) => server.close(resolve));
});

/** The most requests the API saw in any 60 s window of [from, to). */
function busiestMinute(from = -Infinity, to = Infinity): number {
  const times = api.requests.filter((r) => r.at >= from && r.at < to).map((r) => r.at);
  let most = 0;
  let start = 0;
  for (let end = 0; end < times.length; end++) {
    while ((times[end] as number) - (times[start] as number) >= 60_000) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

const scanOf = async (konnectorId: string) => (await t.db.triggerCursor.findUniqueOrThrow({ where: { konnectorId } })).scan as unknown as ScanState;

describe('polling an unsortable list of 50,000 records within a budget', () => {
  it(`requests stay at or under ${CAP} a minute per connection, a 429 halves the rate, every new or changed record fires once, restart-safe`, async () => {
    const created = await createKonnector(t.db, workspaceId, draft('ticket_created'));
    const updated = await createKonnector(t.db, workspaceId, draft('ticket_updated'));
    let p: Platform = t.p;
    await activate(p, workspaceId, created);
    await activate(p, workspaceId, updated);
    // Activation reads nothing from a list that cannot sort.
    expect(api.requests).toEqual([]);

    const random = rng(7);
    const newIds = new Set<string>();
    const everState = new Set<string>();
    const emitted = { [created]: 0, [updated]: 0 };
    let n = ACCOUNT;
    let limitedTick = -1;
    let restarted = false;
    const CHANGE_TICKS = 90; // 30 minutes of changes
    let lastChangeAt = 0;
    let tick = 0;
    const finished = async () => {
      const scans = await Promise.all([scanOf(created), scanOf(updated)]);
      // A full scan that started after the last change has seen everything.
      return scans.every((s) => s.lastFullScanAt !== null && Date.parse(s.lastFullScanAt) - (s.lastFullScanMs ?? 0) > lastChangeAt);
    };
    for (; tick < 400 && (tick <= CHANGE_TICKS || !(await finished())); tick++) {
      clock.now += TICK_MS;
      if (tick < CHANGE_TICKS) {
        lastChangeAt = clock.now;
        // New tickets land anywhere in the list (pages the scan has read or not), stamped up to 5 s ago.
        for (let c = Math.floor(random() * 3); c > 0; c--) {
          const at = iso(clock.now - Math.floor(random() * 5000));
          const ticket = { id: hexId(n++), subject: `new ${n}`, created_at: at, updated_at: at };
          api.tickets.splice(Math.floor(random() * (api.tickets.length + 1)), 0, ticket);
          newIds.add(ticket.id);
          everState.add(`${ticket.id}@${at}`);
        }
        // And an old or new one changes.
        if (random() < 0.7) {
          const ticket = api.tickets[Math.floor(random() * api.tickets.length)] as Ticket;
          ticket.updated_at = iso(clock.now - Math.floor(random() * 5000));
          ticket.subject = `changed at ${tick}`;
          everState.add(`${ticket.id}@${ticket.updated_at}`);
        }
      }
      if (tick === 30) {
        // The API refuses this tick's first page with Retry-After: 120.
        api.limitedAt = clock.now;
        limitedTick = clock.now;
      }
      if (tick === 60) {
        // A worker restart: a new platform (nothing in memory) carries on from the Postgres cursors.
        const mid = await scanOf(created);
        expect(mid.page).toBeGreaterThan(1);
        expect(mid.startedAt).not.toBeNull();
        p = createPlatform({ db: t.db, queues: t.p.queues, registry, keyring: testKeyring, limits: LIMITS, log: quietLog, clock: () => clock.now });
        restarted = true;
      }
      for (const konnectorId of [created, updated]) {
        const outcome = await processPoll(p, { workspaceId, konnectorId });
        if (outcome.status !== 'polled') throw new Error(`tick ${tick}: ${JSON.stringify(outcome)}`);
        emitted[konnectorId] = (emitted[konnectorId] ?? 0) + outcome.events;
      }
    }
    expect(restarted).toBe(true);
    expect(tick, 'the scans never caught up').toBeLessThan(400);

    // The cap: no 60 s window holds more than CAP requests, and the budget was used.
    expect(busiestMinute()).toBeLessThanOrEqual(CAP);
    expect(busiestMinute()).toBeGreaterThanOrEqual(CAP - 1);

    // The 429: one refused request, then nothing until Retry-After, then half the cap for the calm period.
    const refused = api.requests.filter((r) => r.status === 429);
    expect(refused).toHaveLength(1);
    expect(api.requests.filter((r) => r.at > limitedTick && r.at < limitedTick + RETRY_AFTER_S * 1000)).toEqual([]);
    expect(busiestMinute(limitedTick + RETRY_AFTER_S * 1000, limitedTick + 10 * 60_000)).toBeLessThanOrEqual(CAP / 2);

    // Every new ticket fired Ticket Created once; nothing from before activation did.
    const runs = async (konnectorId: string) => (await t.db.run.findMany({ where: { konnectorId }, select: { eventKey: true } })).map((r) => r.eventKey);
    const createdKeys = await runs(created);
    expect(emitted[created], 'the poller emitted an event twice').toBe(createdKeys.length);
    expect(new Set(createdKeys)).toEqual(newIds);

    // Every ticket's last change fired Ticket Updated once (a ticket changed twice before a scan
    // reached it fires for its last state, as with sorted lists); nothing unchanged fired.
    const updatedKeys = await runs(updated);
    expect(emitted[updated], 'the poller emitted an event twice').toBe(updatedKeys.length);
    expect(updatedKeys.filter((k) => !everState.has(k))).toEqual([]);
    const finalStates = api.tickets.map((r) => `${r.id}@${r.updated_at}`).filter((k) => everState.has(k));
    expect(finalStates.filter((k) => !updatedKeys.includes(k)), 'a change never fired').toEqual([]);

    // What the trigger panel shows: a full scan takes many polls at this cap.
    const scan = await scanOf(created);
    expect(scan.lastFullScanPages).toBeGreaterThanOrEqual(500);
    expect(scan.lastFullScanPolls).toBeGreaterThan(10);
    expect(scan.lastFullScanMs).toBeGreaterThan(10 * 60_000);
  }, 300_000);
});
