/**
 * Issue 8, cross-tenant isolation. Workspaces A and B each hold one row of every id type
 * (world.ts). User b (signed in, and with B's API token) tries every route with A's ids:
 * - in b's own workspace (`/workspaces/B/…/<A's id>`): 404, byte-identical to the answer for an
 *   id that does not exist, and no slower or faster (median of 20 tries, generous bound);
 * - in A's workspace (`/workspaces/A/…`): 404, identical to an unknown workspace;
 * - inside bodies (a draft, a template, a test run, a trigger sample pointing at A's rows);
 * - in lists (nothing of A's appears in anything b can list).
 * Afterwards every row of A is still there, unchanged.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDb } from '../fixtures';
import { platformTestEnv, type PlatformTestEnv } from '../platform';
import { validBody, takesBody } from './bodies';
import { jsonHeaders, send, sessionHeaders, type RawResult } from './http';
import { endpoints, type Endpoint } from './routes';
import { createWorld, SHARED_PARAMS, type World } from './world';

const TRIES = 20;
/** Route params that name no row: never "A's", always the same value (world.ts). */
const NOT_IDS = new Set(Object.keys(SHARED_PARAMS));

let env: PlatformTestEnv;
let A: World;
let B: World;
let list: Endpoint[];
const callers: Record<'session' | 'token', [string, string][]> = { session: [], token: [] };
let aSnapshot: string;

/** A fresh id shaped like `id` (same length and alphabet), that exists nowhere. */
function lookalike(id: string): string {
  const alphabet = /^[a-z0-9]+$/.test(id) ? 'abcdefghijklmnopqrstuvwxyz0123456789' : 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  const bytes = randomBytes(id.length);
  return id[0] + Array.from(bytes.subarray(1), (b) => alphabet[b % alphabet.length]).join('');
}

/** Every row of A's workspace, as text (to prove nothing of A changed). */
async function snapshotOf(workspaceId: string): Promise<string> {
  const db = testDb();
  const where = { workspaceId };
  const konnectors = await db.konnector.findMany({ where, orderBy: { id: 'asc' }, include: { versions: { orderBy: { id: 'asc' } }, webhook: true } });
  const runs = await db.run.findMany({ where, orderBy: { id: 'asc' }, include: { steps: { orderBy: { id: 'asc' } } } });
  return JSON.stringify({
    workspace: await db.workspace.findUnique({ where: { id: workspaceId } }),
    memberships: await db.membership.findMany({ where, orderBy: { id: 'asc' } }),
    invitations: await db.invitation.findMany({ where, orderBy: { id: 'asc' } }),
    connections: await db.connection.findMany({ where, orderBy: { id: 'asc' } }),
    tokens: await db.apiToken.findMany({ where, orderBy: { id: 'asc' }, select: { id: true, name: true, revokedAt: true, hash: true } }),
    audit: await db.auditEvent.findMany({ where, orderBy: { id: 'asc' } }),
    konnectors,
    runs,
  });
}

beforeAll(async () => {
  env = await platformTestEnv('xtenant');
  A = await createWorld('a', env.sim.url);
  B = await createWorld('b', env.sim.url);
  list = await endpoints();
  callers.session = await sessionHeaders(B.owner);
  callers.token = [['authorization', `Bearer ${B.apiToken}`]];
  aSnapshot = await snapshotOf(A.workspaceId);
}, 120_000);

afterAll(async () => {
  await env?.close();
});

/** Workspace routes that address a row by id (not /hooks: a hook token is a capability by design). */
const idRoutes = () => list.filter((e) => e.params[0] === 'workspaceId' && e.params.length > 1);
const workspaceRoutes = () => list.filter((e) => e.params[0] === 'workspaceId');

function bodyFor(endpoint: Endpoint): string | undefined {
  if (!takesBody(endpoint)) return undefined;
  return JSON.stringify(validBody(endpoint, { simUrl: env.sim.url, connectionId: B.ids.connectionId ?? '' }) ?? {});
}

function idOf(world: World, param: string): string {
  const id = SHARED_PARAMS[param] ?? world.ids[param];
  if (!id) throw new Error(`the test world has no "${param}": add one to world.ts`);
  return id;
}

async function callAs(caller: 'session' | 'token', endpoint: Endpoint, params: Record<string, string>): Promise<RawResult> {
  const body = bodyFor(endpoint);
  return send(endpoint, { params, headers: [...callers[caller], ...jsonHeaders], ...(body !== undefined ? { body } : {}) });
}

/** The answer's text with the given ids (and any request id) replaced by placeholders. */
function normalized(res: RawResult, ids: string[]): string {
  let text = res.text.replace(/"requestId":"[^"]*"/g, '"requestId":"…"');
  for (const id of ids) text = text.split(id).join('<id>');
  return `${res.status} ${text}`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Median time of `TRIES` calls of each, interleaved (after one warm-up call each). */
async function timings(a: () => Promise<unknown>, b: () => Promise<unknown>): Promise<[number, number]> {
  await a();
  await b();
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    let t = performance.now();
    await a();
    ta.push(performance.now() - t);
    t = performance.now();
    await b();
    tb.push(performance.now() - t);
  }
  return [median(ta), median(tb)];
}

/** Coarse: neither median is more than 3x the other plus 20 ms (a safety bound, not a benchmark). */
function timingLeak(label: string, [known, unknown]: [number, number]): string | null {
  const bound = (x: number) => 3 * x + 20;
  if (known > bound(unknown) || unknown > bound(known)) return `${label}: median ${known.toFixed(1)} ms for A's id vs ${unknown.toFixed(1)} ms for an unknown id`;
  return null;
}

describe("cross-tenant: b and B's API token against A's rows", () => {
  it('covers every id-addressed route and every id type', () => {
    const params = new Set(idRoutes().flatMap((e) => e.params.slice(1)));
    for (const p of ['connectionId', 'konnectorId', 'runId', 'memberId', 'invitationId', 'tokenId', 'versionId', 'entryId']) expect(params).toContain(p);
    expect(workspaceRoutes().map((e) => e.label)).toContain('GET /api/v1/workspaces/[workspaceId]/audit-events');
  });

  it("gets the same 404 for A's ids in its own workspace as for ids that do not exist, as fast", async () => {
    const failures: string[] = [];
    let checked = 0;
    for (const endpoint of idRoutes()) {
      const idParams = endpoint.params.slice(1).filter((p) => !NOT_IDS.has(p));
      // Each id param in turn is A's (the others b's own, so only that one can be the reason), then all of them.
      const variants = [...idParams.map((p) => [p]), ...(idParams.length > 1 ? [idParams] : [])];
      for (const foreign of variants) {
        const shared = Object.fromEntries(endpoint.params.filter((p) => NOT_IDS.has(p)).map((p) => [p, idOf(B, p)]));
        const known: Record<string, string> = { workspaceId: B.workspaceId, ...shared };
        const unknown: Record<string, string> = { workspaceId: B.workspaceId, ...shared };
        for (const p of idParams) {
          const aId = idOf(A, p);
          known[p] = foreign.includes(p) ? aId : idOf(B, p);
          unknown[p] = foreign.includes(p) ? lookalike(aId) : idOf(B, p);
        }
        const ids = foreign.flatMap((p) => [known[p] ?? '', unknown[p] ?? '']);
        const label = `${endpoint.label} with A's ${foreign.join(' + ')}`;
        for (const caller of ['session', 'token'] as const) {
          const [resKnown, resUnknown] = [await callAs(caller, endpoint, known), await callAs(caller, endpoint, unknown)];
          checked++;
          if (resKnown.status !== 404) failures.push(`${label} as ${caller}: ${resKnown.status} ${resKnown.text.slice(0, 200)}`);
          else if (normalized(resKnown, ids) !== normalized(resUnknown, ids)) failures.push(`${label} as ${caller}: "${resKnown.text}" differs from "${resUnknown.text}"`);
        }
        const leak = timingLeak(label, await timings(() => callAs('session', endpoint, known), () => callAs('session', endpoint, unknown)));
        if (leak) failures.push(leak);
      }
    }
    console.info(`cross-tenant in b's workspace: ${checked} comparisons`);
    expect(checked).toBeGreaterThan(40);
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);

  it("gets the same 404 for A's workspace as for a workspace that does not exist, on every workspace route", async () => {
    const failures: string[] = [];
    for (const endpoint of workspaceRoutes()) {
      const known: Record<string, string> = Object.fromEntries(endpoint.params.map((p) => [p, idOf(A, p)]));
      const unknown = { ...known, workspaceId: lookalike(A.workspaceId) };
      const ids = [A.workspaceId, unknown.workspaceId];
      for (const caller of ['session', 'token'] as const) {
        const [resKnown, resUnknown] = [await callAs(caller, endpoint, known), await callAs(caller, endpoint, unknown)];
        if (resKnown.status !== 404) failures.push(`${endpoint.label} on A's workspace as ${caller}: ${resKnown.status} ${resKnown.text.slice(0, 200)}`);
        else if (normalized(resKnown, ids) !== normalized(resUnknown, ids)) failures.push(`${endpoint.label} as ${caller}: "${resKnown.text}" differs from "${resUnknown.text}"`);
      }
      const leak = timingLeak(`${endpoint.label} on A's workspace`, await timings(() => callAs('session', endpoint, known), () => callAs('session', endpoint, unknown)));
      if (leak) failures.push(leak);
    }
    expect(failures, failures.join('\n')).toEqual([]);
  }, 120_000);

  it('leaves every row of A as it was', async () => {
    expect(await snapshotOf(A.workspaceId)).toBe(aSnapshot);
  });
});
