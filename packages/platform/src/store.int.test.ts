/** The checkpoint store on RunStep and the connection resolver, against the test database. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { custify } from '@konnect/connector-custify';
import { seal } from '@konnect/db';
import { testKeyring } from '@konnect/db/testing';
import type { StepRecord } from '@konnect/schemas';
import { ConnectorError, createRegistry } from '@konnect/sdk';
import { checkpointStore, loadSteps } from './checkpoints';
import { connectionResolver } from './connections';
import { insertRuns } from './run-create';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';
import { isTruncated } from './truncate';

const registry = createRegistry([custify, catchHookConnector]);
let t: TestPlatform;
let workspaceId: string;
let runId: string;

const record = (stepId: string, extra: Partial<StepRecord> = {}): StepRecord => ({
  stepId,
  iteration: '',
  type: 'action',
  status: 'succeeded',
  input: { a: 1 },
  output: { ok: true },
  logs: ['sent'],
  attempts: 1,
  durationMs: 12,
  startedAt: new Date('2026-11-22T10:00:00Z').toISOString(),
  ...extra,
});

beforeAll(async () => {
  t = await testPlatform('store', registry);
  workspaceId = await createWorkspace(t.db);
  const konnectorId = await createKonnector(t.db, workspaceId, { trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} }, steps: [] });
  const version = await t.db.konnectorVersion.create({ data: { konnectorId, number: 1, definition: {} } });
  const [run] = await insertRuns(t.db, { workspaceId, konnectorId, versionId: version.id }, [{ key: 'e1', data: { x: 1 } }]);
  if (!run) throw new Error('no run');
  runId = run.id;
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
});

describe('checkpoint store', () => {
  it('saves records in order, loads them back, and upserts on (run, step, iteration)', async () => {
    const store = checkpointStore(t.db, runId);
    expect(await store.load()).toEqual([]);
    await store.save(record('filter', { type: 'filter', output: { passed: true } }));
    await store.save(record('loop', { iteration: '0' }));
    await store.save(record('loop', { iteration: '1', status: 'failed', error: { kind: 'server', message: 'boom', stepId: 'loop', retryable: true } }));
    await store.save(record('loop', { iteration: '1', attempts: 2 })); // the retry replaces the failure
    const loaded = await checkpointStore(t.db, runId).load();
    expect(loaded.map((r) => `${r.stepId}/${r.iteration}/${r.status}/${r.attempts}`)).toEqual(['filter//succeeded/1', 'loop/0/succeeded/1', 'loop/1/succeeded/2']);
    expect(loaded[0]).toEqual(record('filter', { type: 'filter', output: { passed: true } }));
    const rows = await t.db.runStep.findMany({ where: { runId }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.seq)).toEqual([0, 1, 3]);
  });

  it("an action's attempts held before a retry and its outcome, both still waiting, are written as one row (the outcome)", async () => {
    const { konnectorId, versionId } = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    const [other] = await insertRuns(t.db, { workspaceId, konnectorId, versionId }, [{ key: 'held', data: {} }]);
    if (!other) throw new Error('no run');
    const store = checkpointStore(t.db, other.id, { fresh: true, holdActionsMs: 60_000 });
    await store.save(record('send', { status: 'failed', attempts: 1, error: { kind: 'server', message: 'busy', stepId: 'send', retryable: true } }));
    await store.save(record('shape', { type: 'code' }));
    await store.save(record('send', { attempts: 2 }));
    expect((await store.pending()).map((r) => `${r.record.stepId}:${r.record.status}:${r.record.attempts}`)).toEqual(['shape:succeeded:1', 'send:succeeded:2']);
    await store.flush();
    expect((await loadSteps(t.db, other.id)).map((r) => `${r.stepId}:${r.status}:${r.attempts}`)).toEqual(['shape:succeeded:1', 'send:succeeded:2']);
  });

  it('continues the sequence in a new store (a resumed run) and truncates big payloads with a marker', async () => {
    const store = checkpointStore(t.db, runId, { fieldLimitBytes: 1024 });
    await store.save(
      record('big', {
        input: { text: 'x'.repeat(5000) },
        status: 'failed',
        error: { kind: 'validation', message: 'too long', stepId: 'big', retryable: false, exchange: { request: { method: 'POST', url: '/x', body: 'y'.repeat(5000) } } },
        logs: Array.from({ length: 500 }, (_, i) => `line ${i}`),
      }),
    );
    const row = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'big' } });
    expect(row.seq).toBe(4);
    expect(isTruncated(row.input)).toBe(true);
    expect(row.input).toMatchObject({ __truncated: true, bytes: 5011 });
    const [big] = (await loadSteps(t.db, runId)).filter((r) => r.stepId === 'big');
    expect(big?.error?.message).toBe('too long');
    expect(big?.error?.exchange?.request).toMatchObject({ method: 'POST', url: '/x' });
    expect(isTruncated(big?.error?.exchange?.request.body)).toBe(true);
    expect(big?.logs.length).toBeLessThanOrEqual(201);
  });
});

describe('connection resolver', () => {
  it('opens the secret, validates it and builds the client; each connection once per resolver', async () => {
    const id = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'demo-custify-key', baseUrl: 'http://127.0.0.1:1' });
    const resolve = connectionResolver({ db: t.db, keyring: testKeyring, registry, use: 'steps' }, workspaceId);
    const first = resolve(id, 'custify');
    expect(resolve(id, 'custify')).toBe(first);
    expect((await first).auth).toEqual({ apiKey: 'demo-custify-key', baseUrl: 'http://127.0.0.1:1' });
    const none = await resolve('', 'catch_hook');
    expect(none.auth).toBeUndefined();
    expect(typeof none.http.request).toBe('function');
  });

  it('refuses other workspaces, wrong connectors, tampered secrets and bad values with config errors', async () => {
    const other = await createWorkspace(t.db);
    try {
      const foreign = await createConnection(t.db, other, 'custify', { apiKey: 'k' });
      const resolve = connectionResolver({ db: t.db, keyring: testKeyring, registry, use: 'steps' }, workspaceId);
      const errorOf = async (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

      const notHere = await errorOf(resolve(foreign, 'custify'));
      expect(notHere).toBeInstanceOf(ConnectorError);
      expect((notHere as ConnectorError).message).toMatch(/does not exist in this workspace/);

      const mine = await createConnection(t.db, workspaceId, 'custify', { apiKey: 'k' });
      const hubspot = await createConnection(t.db, workspaceId, 'hubspot', { apiKey: 'k' });
      expect(((await errorOf(resolve(hubspot, 'custify'))) as Error).message).toMatch(/is a hubspot connection, not custify/);
      expect(((await errorOf(resolve(undefined, 'custify'))) as Error).message).toMatch(/Custify needs a connection/);

      // A secret sealed for another workspace does not open here (associated data).
      const moved = seal(testKeyring, JSON.stringify({ apiKey: 'k' }), other);
      await t.db.connection.update({ where: { id: mine }, data: { secret: moved.envelope } });
      const resolveAgain = connectionResolver({ db: t.db, keyring: testKeyring, registry, use: 'steps' }, workspaceId);
      expect(((await errorOf(resolveAgain(mine, 'custify'))) as Error).message).toMatch(/cannot be opened/);

      const empty = await createConnection(t.db, workspaceId, 'custify', { apiKey: '' });
      const bad = (await errorOf(resolveAgain(empty, 'custify'))) as ConnectorError;
      expect(bad.kind).toBe('config');
      expect(bad.message).toMatch(/apiKey/);
      expect(((await errorOf(resolveAgain(mine, 'nope'))) as Error).message).toMatch(/unknown connector "nope"/);
    } finally {
      await t.db.workspace.delete({ where: { id: other } });
    }
  });
});
