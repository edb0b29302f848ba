/**
 * The workspace data store on real Postgres: every operation (Set, Get, Delete, Increment, Append
 * to list, Get list, Remove from list), TTL (expired keys are absent and the maintenance purge
 * deletes them), the per-workspace limits held under concurrency, 1,000 concurrent Increments on
 * one key from several database pools = 1,000, tenant isolation, and the Storage tool in a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { storageConnector } from '@konnect/connector-storage';
import type { Db } from '@konnect/db';
import { testDb } from '@konnect/db/testing';
import { createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { processRun } from './run';
import { MAX_STORE_VALUE_BYTES, purgeExpiredStoreEntries, StoreError, storeService, workspaceStore, type StoreOptions } from './data-store';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const registry = createRegistry([catchHookConnector, storageConnector]);
let t: TestPlatform;
const pools: Db[] = [];
const workspaces: string[] = [];

beforeAll(async () => {
  t = await testPlatform('store', registry);
  pools.push(await testDb(), await testDb(), await testDb());
});
afterAll(async () => {
  await t.db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await Promise.all(pools.map((db) => db.$disconnect()));
  await t.close();
});

async function workspace(): Promise<string> {
  const id = await createWorkspace(t.db);
  workspaces.push(id);
  return id;
}

async function store(opts: StoreOptions = {}) {
  return workspaceStore(t.db, await workspace(), opts);
}

/** The error a promise rejects with. */
async function refusal(p: Promise<unknown>): Promise<StoreError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof StoreError)) throw new Error(`expected a StoreError, got ${String(err)}`);
  return err;
}

describe('values: Set, Get, Delete', () => {
  it('keeps any JSON value under a key, replaces it, and deletes it', async () => {
    const s = await store();
    expect(await s.get('a')).toEqual({ key: 'a', found: false, value: null, expiresAt: null });
    for (const value of ['text', 42, 2.5, true, null, [1, 'two', { three: 3 }], { nested: { list: [1, 2] }, é: 'ü' }]) {
      expect(await s.set('a', value)).toMatchObject({ key: 'a', found: true, value, expiresAt: null });
      expect(await s.get('a')).toMatchObject({ found: true, value });
    }
    expect(await s.delete('a')).toEqual({ key: 'a', deleted: true });
    expect(await s.delete('a')).toEqual({ key: 'a', deleted: false });
    expect((await s.get('a')).found).toBe(false);
    expect(await t.db.storeEntry.count({ where: { workspaceId: s.workspaceId } })).toBe(0);
  });

  it('refuses bad keys and values naming the field', async () => {
    const s = await store();
    expect(await refusal(s.set('', 1))).toMatchObject({ reason: 'invalid', field: 'key' });
    expect(await refusal(s.set('k'.repeat(513), 1))).toMatchObject({ reason: 'invalid', field: 'key', message: expect.stringContaining('512') });
    expect((await s.set('k'.repeat(512), 1)).found).toBe(true);
    const big = 'x'.repeat(MAX_STORE_VALUE_BYTES);
    expect(await refusal(s.set('big', big))).toMatchObject({ reason: 'invalid', field: 'value', message: expect.stringContaining('256 KB') });
    expect(await refusal(s.set('k', 1, { ttlSeconds: 0 }))).toMatchObject({ field: 'ttlSeconds' });
    expect((await s.get('big')).found).toBe(false);
  });
});

describe('Increment', () => {
  it('counts from 0, adds negative and decimal steps, and refuses a key holding text', async () => {
    const s = await store();
    expect(await s.increment('n', 1)).toMatchObject({ found: true, value: 1 });
    expect(await s.increment('n', 5)).toMatchObject({ value: 6 });
    expect(await s.increment('n', -2.5)).toMatchObject({ value: 3.5 });
    await s.set('text', 'hello');
    const err = await refusal(s.increment('text', 1));
    expect(err).toMatchObject({ reason: 'type', field: 'key', kind: 'validation', retryable: false });
    expect(err.message).toContain('holds text, not a number');
    expect(await s.get('text')).toMatchObject({ value: 'hello' });
    expect(await refusal(s.increment('n', Number.NaN))).toMatchObject({ field: 'by' });
    // A number typed as text (a Set Value from a text field) counts as that number.
    await s.set('typed', ' 41 ');
    expect(await s.increment('typed', 1)).toMatchObject({ value: 42 });
    await s.set('not-quite', '41 apples');
    expect(await refusal(s.increment('not-quite', 1))).toMatchObject({ reason: 'type' });
  });

  it('1,000 concurrent Increments on one key from three database pools = 1,000', async () => {
    const workspaceId = await workspace();
    const stores = pools.map((db) => workspaceStore(db, workspaceId));
    const results = await Promise.all(Array.from({ length: 1000 }, (_, i) => stores[i % stores.length]!.increment('hits', 1)));
    expect((await stores[0]!.get('hits')).value).toBe(1000);
    // Every increment saw a distinct count: none was lost or applied twice.
    expect(new Set(results.map((r) => r.value)).size).toBe(1000);
    expect(Math.max(...results.map((r) => r.value))).toBe(1000);
  });
});

describe('lists: Append, Get list, Remove', () => {
  it('appends in order, reads the list, removes every equal item', async () => {
    const s = await store();
    expect(await s.getList('l')).toEqual({ key: 'l', found: false, value: [], expiresAt: null });
    await s.append('l', 'a');
    await s.append('l', { id: 1 });
    await s.append('l', 'a');
    // A list item stays one item (not concatenated).
    await s.append('l', [1, 2]);
    expect((await s.getList('l')).value).toEqual(['a', { id: 1 }, 'a', [1, 2]]);
    expect(await s.remove('l', 'a')).toMatchObject({ value: [{ id: 1 }, [1, 2]], removed: 2 });
    expect(await s.remove('l', { id: 1 })).toMatchObject({ value: [[1, 2]], removed: 1 });
    expect(await s.remove('l', 'missing')).toMatchObject({ value: [[1, 2]], removed: 0 });
    expect(await s.remove('none', 'a')).toEqual({ key: 'none', found: false, value: [], expiresAt: null, removed: 0 });
  });

  it('refuses list operations on a key that holds no list', async () => {
    const s = await store();
    await s.set('n', 3);
    expect(await refusal(s.append('n', 'x'))).toMatchObject({ reason: 'type', field: 'key', message: expect.stringContaining('holds a number, not a list') });
    expect(await refusal(s.getList('n'))).toMatchObject({ reason: 'type' });
    expect(await refusal(s.remove('n', 3))).toMatchObject({ reason: 'type' });
    expect((await s.get('n')).value).toBe(3);
  });

  it('concurrent appends keep every item', async () => {
    const s = await store();
    await Promise.all(Array.from({ length: 100 }, (_, i) => s.append('l', i)));
    const list = (await s.getList('l')).value as number[];
    expect([...list].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  it('refuses an append that would grow the list past 256 KB', async () => {
    const s = await store();
    const chunk = 'y'.repeat(100 * 1024);
    await s.append('l', chunk);
    await s.append('l', chunk);
    expect(await refusal(s.append('l', chunk))).toMatchObject({ reason: 'invalid', field: 'item', message: expect.stringContaining('256 KB') });
    expect((await s.getList('l')).value).toHaveLength(2);
  });
});

describe('time to live', () => {
  it('an expired key is absent to every operation, and the purge deletes it', async () => {
    let now = new Date('2026-12-07T10:00:00Z');
    const s = await store({ now: () => now });
    expect((await s.set('flag', true, { ttlSeconds: 60 })).expiresAt).toBe('2026-12-07T10:01:00.000Z');
    await s.increment('count', 5, { ttlSeconds: 60 });
    await s.append('list', 'a', { ttlSeconds: 60 });
    // An increment without a TTL keeps the key's expiry.
    expect((await s.increment('count', 1)).expiresAt).toBe('2026-12-07T10:01:00.000Z');
    now = new Date('2026-12-07T10:00:59Z');
    expect((await s.get('flag')).found).toBe(true);
    now = new Date('2026-12-07T10:01:00Z');
    expect(await s.get('flag')).toMatchObject({ found: false, value: null });
    expect(await s.increment('count', 1)).toMatchObject({ value: 1, expiresAt: null });
    expect(await s.append('list', 'b')).toMatchObject({ value: ['b'] });
    expect(await s.delete('flag')).toEqual({ key: 'flag', deleted: false });
    await s.set('gone', 1, { ttlSeconds: 1 });
    await s.set('stays', 1);
    expect(await purgeExpiredStoreEntries(t.db, { now: new Date('2026-12-07T10:05:00Z') })).toBeGreaterThanOrEqual(1);
    const keys = (await t.db.storeEntry.findMany({ where: { workspaceId: s.workspaceId }, select: { key: true } })).map((r) => r.key).sort();
    expect(keys).toEqual(['count', 'list', 'stays']);
  });
});

describe('limits per workspace', () => {
  it('refuses a new key past the key limit, clearly; replacing a key and expired keys do not count', async () => {
    let now = new Date('2026-12-07T10:00:00Z');
    const s = await store({ limits: { maxKeys: 3 }, now: () => now });
    await s.set('a', 1);
    await s.set('b', 1);
    await s.set('c', 1, { ttlSeconds: 10 });
    const err = await refusal(s.set('d', 1));
    expect(err).toMatchObject({ reason: 'limit', field: 'key', kind: 'rate_limited', retryable: false });
    expect(err.message).toBe("This workspace's store is full: it holds its limit of 3 keys. Delete keys (Storage page) or give keys a time to live.");
    expect(await refusal(s.increment('d', 1))).toMatchObject({ reason: 'limit' });
    expect((await s.get('d')).found).toBe(false);
    await s.set('a', 'replaced');
    now = new Date('2026-12-07T10:00:11Z');
    expect((await s.set('d', 1)).found).toBe(true);
  });

  it('refuses a write past the byte limit; a shrinking write is allowed', async () => {
    const s = await store({ limits: { maxBytes: 1000 } });
    await s.set('a', 'x'.repeat(500));
    const err = await refusal(s.set('b', 'x'.repeat(600)));
    expect(err).toMatchObject({ reason: 'limit', field: 'value', message: expect.stringContaining('over its limit of 1 KB') });
    await s.set('a', 'x'.repeat(10));
    expect((await s.set('b', 'x'.repeat(600))).found).toBe(true);
  });

  it('holds the key limit exactly under 50 concurrent new keys', async () => {
    const workspaceId = await workspace();
    const stores = pools.map((db) => workspaceStore(db, workspaceId, { limits: { maxKeys: 10 } }));
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => stores[i % 3]!.set(`k${i}`, i)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof StoreError && r.reason.reason === 'limit')).toHaveLength(40);
    expect(await t.db.storeEntry.count({ where: { workspaceId } })).toBe(10);
  });

  it('the platform store takes its limits from the platform (STORE_MAX_*)', async () => {
    const workspaceId = await workspace();
    const s = storeService({ ...t.p, limits: { ...t.p.limits, storeMaxKeys: 1 } }, workspaceId);
    await s.set('one', 1);
    expect(await refusal(s.set('two', 2))).toMatchObject({ reason: 'limit' });
  });
});

describe('tenant isolation', () => {
  it('the same key in two workspaces are two values; no operation reaches the other workspace', async () => {
    const a = await store();
    const b = await store();
    await a.set('shared', 'a');
    await b.increment('shared', 7);
    expect((await a.get('shared')).value).toBe('a');
    expect((await b.get('shared')).value).toBe(7);
    expect(await a.delete('shared')).toMatchObject({ deleted: true });
    expect((await b.get('shared')).value).toBe(7);
    await a.append('l', 1);
    expect(await refusal(b.append('shared', 1))).toMatchObject({ reason: 'type' });
    expect((await b.getList('l')).found).toBe(false);
  });
});

describe('the Storage tool in a run', () => {
  async function counterRun(workspaceId: string, hookToken: string): Promise<string> {
    const { runId } = await ingestHook(t.p, hookToken, { body: { customer: 'c-1' }, headers: {}, query: {} });
    if (!runId) throw new Error('no run');
    return runId;
  }

  it('Increment and Append steps write to the run workspace’s store and output the value', async () => {
    const workspaceId = await workspace();
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [
        { type: 'action', id: 'count', connector: 'storage', action: 'increment', input: { key: 'seen:{{trigger.customer}}', by: 1 } },
        { type: 'action', id: 'log', connector: 'storage', action: 'append_to_list', input: { key: 'log', item: '{{steps.count.value}}' } },
      ],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    for (const expected of [1, 2]) {
      const runId = await counterRun(workspaceId, hookToken ?? '');
      expect(await processRun(t.p, { workspaceId, runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
      const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'count' } });
      expect(step.output).toMatchObject({ key: 'seen:c-1', found: true, value: expected });
    }
    expect((await workspaceStore(t.db, workspaceId).getList('log')).value).toEqual([1, 2]);
  });

  it('a step on a key of the wrong type fails the run with the store’s message', async () => {
    const workspaceId = await workspace();
    await workspaceStore(t.db, workspaceId).set('seen:c-1', 'not a number');
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'action', id: 'count', connector: 'storage', action: 'increment', input: { key: 'seen:{{trigger.customer}}' } }],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    const runId = await counterRun(workspaceId, hookToken ?? '');
    expect(await processRun(t.p, { workspaceId, runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'failed' });
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.error).toMatchObject({ kind: 'validation', stepId: 'count', retryable: false, message: expect.stringContaining('holds text, not a number') });
  });
});
