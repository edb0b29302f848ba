/**
 * The Storage tool's declarations: inputs are checked before any store call (key length, time to
 * live, "Read text as JSON"), a process without the store fails the step saying so, and each
 * action hands the store what it should. The store itself (atomicity, TTL, limits) is tested on
 * Postgres in packages/platform/src/data-store.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ConnectorError, createTestKit, type StoreValue, type WorkspaceStoreService } from '@konnect/sdk';
import { storageConnector } from './index';

/** Records the calls; answers like a store holding nothing. */
function recorder() {
  const calls: [string, ...unknown[]][] = [];
  const read = (key: string) => ({ key, found: false, value: null, expiresAt: null });
  const store: WorkspaceStoreService = {
    set: async (key, value, opts) => (calls.push(['set', key, value, opts]), { key, found: true, value, expiresAt: null }),
    get: async (key) => (calls.push(['get', key]), read(key)),
    delete: async (key) => (calls.push(['delete', key]), { key, deleted: false }),
    increment: async (key, by, opts) => (calls.push(['increment', key, by, opts]), { key, found: true, value: by, expiresAt: null }),
    append: async (key, item, opts) => (calls.push(['append', key, item, opts]), { key, found: true, value: [item], expiresAt: null }),
    getList: async (key) => (calls.push(['getList', key]), { ...read(key), value: [] as StoreValue[] }),
    remove: async (key, item) => (calls.push(['remove', key, item]), { ...read(key), value: [] as StoreValue[], removed: 0 }),
  };
  return { calls, kit: createTestKit(storageConnector, { services: { store } }) };
}

describe('Storage tool', () => {
  it('is a tool without a connection, with the seven operations', () => {
    expect(storageConnector).toMatchObject({ key: 'storage', name: 'Storage', category: 'tool', auth: { kind: 'none' } });
    expect(storageConnector.actions.map((a) => a.key)).toEqual(['set_value', 'get_value', 'delete_value', 'increment', 'append_to_list', 'get_list', 'remove_from_list']);
  });

  it('hands the store the key, the value as given (or parsed when asked) and the time to live', async () => {
    const { calls, kit } = recorder();
    await kit.runAction('set_value', { key: 'a', value: { n: 1 }, ttlSeconds: 60 });
    await kit.runAction('set_value', { key: 'b', value: '[1,2]' });
    await kit.runAction('set_value', { key: 'c', value: '[1,2]', parseJson: true });
    await kit.runAction('increment', { key: 'n' });
    await kit.runAction('increment', { key: 'n', by: '-2.5', ttlSeconds: '3600' });
    await kit.runAction('append_to_list', { key: 'l', item: 'x' });
    await kit.runAction('remove_from_list', { key: 'l', item: '{"id":1}', parseJson: true });
    expect(await kit.runAction('get_value', { key: 'g', defaultValue: 0 })).toEqual({ key: 'g', found: false, value: 0, expiresAt: null });
    expect(await kit.runAction('get_list', { key: 'l' })).toMatchObject({ value: [], count: 0 });
    expect(calls).toEqual([
      ['set', 'a', { n: 1 }, { ttlSeconds: 60 }],
      ['set', 'b', '[1,2]', {}],
      ['set', 'c', [1, 2], {}],
      ['increment', 'n', 1, {}],
      ['increment', 'n', -2.5, { ttlSeconds: 3600 }],
      ['append', 'l', 'x', {}],
      ['remove', 'l', { id: 1 }],
      ['get', 'g'],
      ['getList', 'l'],
    ]);
  });

  it('refuses bad input before calling the store, naming the field', async () => {
    const { calls, kit } = recorder();
    await expect(kit.runAction('set_value', { key: '', value: 1 })).rejects.toThrow(/key/i);
    await expect(kit.runAction('set_value', { key: 'k'.repeat(513), value: 1 })).rejects.toThrow(/512/);
    await expect(kit.runAction('set_value', { key: 'k', value: 1, ttlSeconds: 0 })).rejects.toThrow(/ttlSeconds|second/i);
    await expect(kit.runAction('increment', { key: 'k', by: 'many' })).rejects.toThrow(/by/i);
    await expect(kit.runAction('set_value', { key: 'k', value: '{oops', parseJson: true })).rejects.toThrow(/value: not valid JSON/);
    expect(calls).toEqual([]);
  });

  it('fails, saying so, where the platform handed no store', async () => {
    const kit = createTestKit(storageConnector);
    const err = await kit.runAction('get_value', { key: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect(err).toMatchObject({ kind: 'config', retryable: false, message: expect.stringContaining('not available') });
  });
});
