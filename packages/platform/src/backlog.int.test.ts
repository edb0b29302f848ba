/**
 * Execution limits on real Postgres, Redis and the Custify simulator: the cap on queued runs per
 * workspace (polls hold back without losing anything, the Catch Hook answers 429), the step
 * limit at activation, and event-log truncation with its marker.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { startSimulator, type Simulator } from '@konnect/custify-sim';
import { MAX_STEPS, type KonnectorDefinitionInput } from '@konnect/schemas';
import { createRegistry } from '@konnect/sdk';
import { activate, deactivate } from './activation';
import { AppError } from './errors';
import { handleHookRequest } from './hook-http';
import { processPoll } from './poll';
import { processRun } from './run';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';
import { serve, type TestServer } from './test-http';
import { isTruncated } from './truncate';

const CAP = 3;
const registry = createRegistry([custify, catchHookConnector]);
let t: TestPlatform;
let sim: Simulator;
let server: TestServer;
const workspaces: string[] = [];

async function workspace(): Promise<string> {
  const id = await createWorkspace(t.db);
  workspaces.push(id);
  return id;
}

beforeAll(async () => {
  sim = await startSimulator({ port: 0, seed: 'empty' });
  t = await testPlatform('backlog', registry, { maxQueuedRunsPerWorkspace: CAP, fieldLimitBytes: 1024 });
  server = await serve(async (request) => {
    const token = /^\/hooks\/([^/]+)$/.exec(new URL(request.url).pathname)?.[1] ?? '';
    return handleHookRequest(t.p, token, request);
  });
});

afterAll(async () => {
  await server.close();
  for (const id of workspaces) await t.db.workspace.delete({ where: { id } }).catch(() => undefined);
  await t.close();
  await sim.close();
});

const queued = (workspaceId: string) => t.db.run.count({ where: { workspaceId, status: 'queued' } });
/** Runs leave the queue (as if a worker had run them). */
const drain = (workspaceId: string) => t.db.run.updateMany({ where: { workspaceId, status: 'queued' }, data: { status: 'succeeded' } });

describe('queued runs per workspace', () => {
  it('a poll at the cap creates what fits, keeps its cursor, and the next polls pick up the rest: none lost, none twice', async () => {
    const ws = await workspace();
    const connectionId = await createConnection(t.db, ws, 'custify', { apiKey: 'demo-custify-key', baseUrl: sim.url });
    const id = await createKonnector(t.db, ws, {
      trigger: { id: 'trigger', connector: 'custify', event: 'person_created', connectionId, input: {} },
      steps: [{ type: 'code', id: 'noop', source: 'return {};' }],
    });
    await activate(t.p, ws, id);
    const cursorBefore = await t.db.triggerCursor.findUniqueOrThrow({ where: { konnectorId: id } });
    const people = Array.from({ length: 7 }, (_, i) => sim.store.insert('people', { name: `Backlog ${i}` }));

    const first = await processPoll(t.p, { workspaceId: ws, konnectorId: id });
    expect(first).toMatchObject({ status: 'polled', events: 7, held: 4 });
    if (first.status !== 'polled') return;
    expect(first.created).toHaveLength(CAP);
    expect(await queued(ws)).toBe(CAP);
    const cursorHeld = await t.db.triggerCursor.findUniqueOrThrow({ where: { konnectorId: id } });
    expect({ watermark: cursorHeld.watermark, seenKeys: cursorHeld.seenKeys }).toEqual({ watermark: cursorBefore.watermark, seenKeys: cursorBefore.seenKeys });

    // Still full: nothing more, nothing twice.
    expect(await processPoll(t.p, { workspaceId: ws, konnectorId: id })).toMatchObject({ status: 'polled', created: [], held: 4 });

    await drain(ws);
    expect(await processPoll(t.p, { workspaceId: ws, konnectorId: id })).toMatchObject({ status: 'polled', held: 1 });
    await drain(ws);
    const last = await processPoll(t.p, { workspaceId: ws, konnectorId: id });
    expect(last).toMatchObject({ status: 'polled' });
    expect(last.status === 'polled' ? last.held : 'x').toBeUndefined();
    expect((await t.db.triggerCursor.findUniqueOrThrow({ where: { konnectorId: id } })).watermark).not.toBe(cursorBefore.watermark);
    expect(await processPoll(t.p, { workspaceId: ws, konnectorId: id })).toMatchObject({ status: 'polled', events: 0 });

    const keys = (await t.db.run.findMany({ where: { konnectorId: id }, select: { eventKey: true } })).map((r) => r.eventKey);
    expect(keys.sort()).toEqual(people.map((p) => p.id).sort());
    await deactivate(t.p, ws, id);
  });

  it('the Catch Hook answers 429 "too many queued runs" at the cap, still answers a repeated key, and accepts again once the queue is counted again with room (within a second)', async () => {
    const ws = await workspace();
    const id = await createKonnector(t.db, ws, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'code', id: 'noop', source: 'return {};' }],
    });
    const { hookToken } = await activate(t.p, ws, id);
    const post = (n: number, key?: string) =>
      fetch(`${server.url}/hooks/${hookToken ?? ''}`, {
        method: 'POST',
        body: JSON.stringify({ n }),
        headers: { 'content-type': 'application/json', ...(key ? { 'idempotency-key': key } : {}) },
      });

    const accepted: string[] = [];
    for (let n = 0; n < CAP; n++) {
      const res = await post(n, `order-${n}`);
      expect(res.status).toBe(202);
      accepted.push(((await res.json()) as { runId: string }).runId);
    }
    const refused = await post(99, 'order-99');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await refused.json()) as { error: { message: string } }).error.message).toMatch(/^Too many queued runs/);
    expect(await t.db.run.count({ where: { konnectorId: id } })).toBe(CAP);

    const repeated = await post(0, 'order-0');
    expect(repeated.status).toBe(202);
    expect(((await repeated.json()) as { runId: string }).runId).toBe(accepted[0]);

    await processRun(t.p, { workspaceId: ws, runId: accepted[0] ?? '', deferrals: 0 });
    // The room is counted at most once a second (hooks.ts, roomEstimate).
    await new Promise((r) => setTimeout(r, 1100));
    const later = await post(99, 'order-99');
    expect(later.status).toBe(202);
    expect(await t.db.run.count({ where: { konnectorId: id } })).toBe(CAP + 1);
    await deactivate(t.p, ws, id);
  });
});

describe('other limits', () => {
  it(`activation refuses more than ${MAX_STEPS} steps, naming the limit`, async () => {
    const ws = await workspace();
    const steps: KonnectorDefinitionInput['steps'] = Array.from({ length: MAX_STEPS + 1 }, (_, i) => ({ type: 'code' as const, id: `s${i}`, source: 'return {};' }));
    const id = await createKonnector(t.db, ws, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps });
    const err: unknown = await activate(t.p, ws, id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'invalid' });
    expect((err as AppError).message).toContain(`A konnector has at most ${MAX_STEPS} steps (this one has ${MAX_STEPS + 1})`);
    expect((await t.db.konnector.findUniqueOrThrow({ where: { id } })).status).toBe('inactive');
  });

  it('stores an oversized step output as a truncation marker with a preview', async () => {
    const ws = await workspace();
    const id = await createKonnector(t.db, ws, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'code', id: 'big', source: "return { blob: 'x'.repeat(5000) };" }],
    });
    const { hookToken } = await activate(t.p, ws, id);
    const res = await fetch(`${server.url}/hooks/${hookToken ?? ''}`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    const { runId } = (await res.json()) as { runId: string };
    expect(await processRun(t.p, { workspaceId: ws, runId, deferrals: 0 })).toMatchObject({ status: 'finished', runStatus: 'succeeded' });
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'big' } });
    expect(isTruncated(step.output)).toBe(true);
    expect(step.output).toMatchObject({ __truncated: true, bytes: '{"blob":""}'.length + 5000 });
    expect((step.output as { preview: string }).preview).toMatch(/^\{"blob":"x{100}/);
    await deactivate(t.p, ws, id);
  });
});
