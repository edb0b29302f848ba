/**
 * The Catch Hook's fast path for known tokens, on real Postgres and Redis: the cached lookup is
 * only a hint (a deactivated konnector answers 404, a republished one gets runs on its new
 * version), and the queued-run cap holds with the per-process room estimate: exact at the cap,
 * room freed elsewhere is used at once, runs queued elsewhere are seen within a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { createRegistry } from '@konnect/sdk';
import { activate, deactivate, publish } from './activation';
import { answerHook } from './hook-http';
import { ingestHook } from './hooks';
import { insertRuns } from './run-create';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const CAP = 30;
let t: TestPlatform;
const workspaces: string[] = [];

async function hook(steps = [{ type: 'code' as const, id: 'echo', source: 'return { ok: true };' }]) {
  const workspaceId = await createWorkspace(t.db);
  workspaces.push(workspaceId);
  const konnectorId = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
  const { hookToken } = await activate(t.p, workspaceId, konnectorId);
  const token = hookToken ?? '';
  let n = 0;
  const send = () => ingestHook(t.p, token, { body: { n: n++ }, headers: {}, query: {} });
  return { workspaceId, konnectorId, token, send };
}

const errorOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const queued = (workspaceId: string) => t.db.run.count({ where: { workspaceId, status: 'queued' } });

beforeAll(async () => {
  t = await testPlatform('hooks-fast', createRegistry([catchHookConnector]), { maxQueuedRunsPerWorkspace: CAP });
});

afterAll(async () => {
  for (const id of workspaces) await t.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await t.close();
});

/** The platform with its queue counts watched: queueRoom's count goes through $queryRaw. */
function countingQueue() {
  const watched = { counts: 0, p: t.p };
  const db = new Proxy(t.db, {
    get(target, key, receiver) {
      if (key !== '$queryRaw') return Reflect.get(target, key, receiver) as unknown;
      return (query: unknown, ...values: unknown[]) => {
        const text = Array.isArray(query) ? query.join('?') : String((query as { text?: string }).text ?? '');
        if (/^\s*SELECT count\(\*\)/.test(text)) watched.counts += 1;
        return (target.$queryRaw as (q: unknown, ...v: unknown[]) => Promise<unknown>)(query, ...values);
      };
    },
  });
  watched.p = { ...t.p, db };
  return watched;
}

describe('Catch Hook fast path', () => {
  it('a known token of a deactivated konnector answers not found and creates nothing', async () => {
    const h = await hook();
    await h.send();
    await h.send(); // the token is known now
    await deactivate(t.p, h.workspaceId, h.konnectorId);
    expect(await errorOf(h.send())).toMatchObject({ code: 'not_found' });
    expect(await t.db.run.count({ where: { konnectorId: h.konnectorId } })).toBe(2);
  });

  it('after a republish, runs of a known token use the new version', async () => {
    const h = await hook();
    const before = await h.send();
    await t.db.konnector.update({ where: { id: h.konnectorId }, data: { draft: { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] } } });
    await publish(t.p, h.workspaceId, h.konnectorId);
    const after = await h.send();
    const versionOf = async (runId: string | null) => (await t.db.run.findUniqueOrThrow({ where: { id: runId ?? '' } })).versionId;
    const published = (await t.db.konnector.findUniqueOrThrow({ where: { id: h.konnectorId } })).publishedVersionId;
    expect(await versionOf(after.runId)).toBe(published);
    expect(await versionOf(before.runId)).not.toBe(published);
  });

  it('the cap is exact in one process, and room freed elsewhere is used once counted again (within a second)', async () => {
    const h = await hook();
    for (let i = 0; i < CAP; i++) await h.send();
    expect(await errorOf(h.send())).toMatchObject({ code: 'rate_limited' });
    expect(await queued(h.workspaceId)).toBe(CAP);
    // Runs end elsewhere (a worker): refused until the queue is counted again, then they get in.
    const some = await t.db.run.findMany({ where: { workspaceId: h.workspaceId }, take: 3, select: { id: true } });
    await t.db.run.updateMany({ where: { id: { in: some.map((r) => r.id) } }, data: { status: 'succeeded' } });
    await new Promise((r) => setTimeout(r, 1100));
    for (let i = 0; i < 3; i++) expect((await h.send()).runId).toBeTruthy();
    expect(await errorOf(h.send())).toMatchObject({ code: 'rate_limited' });
    expect(await queued(h.workspaceId)).toBe(CAP);
  });

  it('at a full queue, calls are refused without counting the queue each time (once a second at most)', async () => {
    const h = await hook();
    const watched = countingQueue();
    const send = (n: number) => ingestHook(watched.p, h.token, { body: { n }, headers: {}, query: {} });
    for (let i = 0; i < CAP; i++) await send(i);
    watched.counts = 0;
    const refused = await Promise.allSettled(Array.from({ length: 20 }, (_, i) => send(CAP + i)));
    expect(refused.every((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'rate_limited')).toBe(true);
    expect(watched.counts).toBeLessThanOrEqual(2); // a recount if the calls straddle a second; each call counting would make 20
    expect(await queued(h.workspaceId)).toBe(CAP);
  });

  it('once counted full, a call without an Idempotency-Key is refused before its body is read; a repeat of a stored one still gets its run', async () => {
    const h = await hook();
    const first = await ingestHook(t.p, h.token, { body: { n: 'first' }, headers: { 'idempotency-key': 'kept-1' }, query: {} });
    for (let i = 1; i < CAP; i++) await h.send();
    // The call that finds the queue full counts it (and is refused); the next ones know it is full.
    expect(await errorOf(h.send())).toMatchObject({ code: 'rate_limited' });
    let bodiesRead = 0;
    const httpCall = (headers: Record<string, string>) =>
      answerHook(t.p, {
        token: h.token,
        headers: { 'content-type': 'application/json', ...headers },
        search: '',
        body: async () => {
          bodiesRead += 1;
          return new TextEncoder().encode('{"n":1}');
        },
      });
    const refused = await Promise.all(Array.from({ length: 5 }, () => httpCall({})));
    expect(refused.map((a) => a.status)).toEqual([429, 429, 429, 429, 429]);
    expect(refused[0]?.headers['retry-after']).toMatch(/^\d+$/);
    expect(JSON.parse(String(refused[0]?.body))).toMatchObject({ error: { code: 'rate_limited', message: expect.stringMatching(/Too many queued runs/) } });
    expect(bodiesRead).toBe(0);
    const repeat = await httpCall({ 'idempotency-key': 'kept-1' });
    expect(repeat.status).toBe(202);
    expect(JSON.parse(String(repeat.body))).toMatchObject({ runId: first.runId });
    expect(bodiesRead).toBe(1);
    expect(await queued(h.workspaceId)).toBe(CAP);
  });

  it('runs queued by another producer are counted within a second', async () => {
    const h = await hook();
    for (let i = 0; i < 10; i++) await h.send();
    const version = (await t.db.konnector.findUniqueOrThrow({ where: { id: h.konnectorId } })).publishedVersionId ?? '';
    const owner = { workspaceId: h.workspaceId, konnectorId: h.konnectorId, versionId: version };
    await insertRuns(t.db, owner, Array.from({ length: CAP - 10 }, (_, i) => ({ key: `elsewhere-${i}`, data: {} })));
    expect(await queued(h.workspaceId)).toBe(CAP);
    await new Promise((r) => setTimeout(r, 1100));
    expect(await errorOf(h.send())).toMatchObject({ code: 'rate_limited' });
    expect(await queued(h.workspaceId)).toBe(CAP);
  });
  it('calls arriving while the queue is being counted share that one count', async () => {
    const h = await hook();
    const watched = countingQueue();
    let n = 0;
    const burst = () => Promise.all(Array.from({ length: 12 }, () => ingestHook(watched.p, h.token, { body: { n: n++ }, headers: {}, query: {} })));
    await ingestHook(watched.p, h.token, { body: { first: true }, headers: {}, query: {} }); // the full path makes the token known
    watched.counts = 0;
    await new Promise((r) => setTimeout(r, 1100)); // the count has expired
    expect((await burst()).every((r) => r.runId)).toBe(true);
    expect(watched.counts).toBe(1);
    expect(await queued(h.workspaceId)).toBe(13);
  });
  it('calls in the same turn share one insert, each answered with its own runs; a repeated Idempotency-Key makes one run', async () => {
    const a = await hook();
    const b = await hook();
    const off = await hook();
    await off.send(); // known token
    await deactivate(t.p, off.workspaceId, off.konnectorId);
    const withKey = (token: string) => ingestHook(t.p, token, { body: { same: true }, headers: { 'idempotency-key': 'same-key' }, query: {} });
    const results = await Promise.allSettled([a.send(), b.send(), a.send(), off.send(), withKey(b.token), withKey(b.token)]);
    const [a1, b1, a2, gone, k1, k2] = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason)) as [
      { runId: string }, { runId: string }, { runId: string }, { code: string }, { runId: string; duplicate: boolean }, { runId: string; duplicate: boolean },
    ];
    expect(gone).toMatchObject({ code: 'not_found' });
    expect(new Set([a1.runId, b1.runId, a2.runId, k1.runId]).size).toBe(4);
    expect(k2.runId).toBe(k1.runId);
    expect([k1.duplicate, k2.duplicate].sort()).toEqual([false, true]);
    const runsOf = (konnectorId: string) => t.db.run.findMany({ where: { konnectorId }, select: { id: true, workspaceId: true } });
    expect((await runsOf(a.konnectorId)).map((r) => r.id).sort()).toEqual([a1.runId, a2.runId].sort());
    expect((await runsOf(b.konnectorId)).map((r) => r.id).sort()).toEqual([b1.runId, k1.runId].sort());
    expect((await runsOf(b.konnectorId)).every((r) => r.workspaceId === b.workspaceId)).toBe(true);
    expect(await t.db.run.count({ where: { konnectorId: off.konnectorId } })).toBe(1);
  });
});
