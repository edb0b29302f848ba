/** The per-process cache of opened connections: fingerprint, idle expiry and size bound. */
import { describe, expect, it } from 'vitest';
import type { HttpClient } from '@konnect/sdk';
import { httpOptionsFor, openedConnections, openedConnectionsOf, type ConnectionRow, type ResolvedConnection } from './connections';

const http: HttpClient = { request: () => Promise.reject(new Error('no HTTP here')) };
const row = (id: string, extra: Partial<ConnectionRow> = {}): ConnectionRow => ({
  id,
  workspaceId: 'ws1',
  connectorKey: 'custify',
  name: id,
  secret: `v1.k.${id}`,
  settings: {},
  ...extra,
});

function opener() {
  let built = 0;
  return {
    get built() {
      return built;
    },
    build: (): ResolvedConnection => {
      built++;
      return { auth: { n: built }, http, secrets: [] };
    },
  };
}

describe('openedConnections', () => {
  it('reuses an entry while everything it was built from is the same', () => {
    const cache = openedConnections();
    const o = opener();
    const first = cache.get(row('a'), 'custify', o.build);
    expect(cache.get(row('a'), 'custify', o.build)).toBe(first);
    for (const changed of [row('a', { secret: 'v1.k.other' }), row('a', { settings: { x: 1 } }), row('a', { workspaceId: 'ws2' }), row('a', { connectorKey: 'hubspot' })]) {
      expect(cache.get(changed, 'custify', o.build)).not.toBe(first);
    }
    expect(cache.get(row('a'), 'other', o.build)).not.toBe(first);
    expect(o.built).toBe(6);
  });

  it('drops entries idle longer than the TTL and the least recently used past the limit', () => {
    let now = 0;
    const cache = openedConnections({ ttlMs: 1000, max: 2, now: () => now });
    const o = opener();
    const a = cache.get(row('a'), 'custify', o.build);
    now = 900;
    expect(cache.get(row('a'), 'custify', o.build)).toBe(a); // used again: idle time starts over
    now = 1800;
    expect(cache.get(row('a'), 'custify', o.build)).toBe(a);
    now = 2801;
    const a2 = cache.get(row('a'), 'custify', o.build);
    expect(a2).not.toBe(a);
    cache.get(row('b'), 'custify', o.build);
    cache.get(row('a'), 'custify', o.build); // a is now the most recently used
    cache.get(row('c'), 'custify', o.build); // over the limit: b goes
    expect(cache.size).toBe(2);
    const built = o.built;
    expect(cache.get(row('a'), 'custify', o.build)).toBe(a2);
    cache.get(row('b'), 'custify', o.build);
    expect(o.built).toBe(built + 1);
  });
});

describe('connections by use', () => {
  it("steps' clients never retry on their own, whatever the extras; triggers' keep the extras", () => {
    const guard = async () => undefined;
    expect(httpOptionsFor('steps')).toEqual({ retry: { retries: 0 } });
    expect(httpOptionsFor('steps', { guard, retry: { retries: 5, baseDelayMs: 10 } })).toEqual({ guard, retry: { retries: 0, baseDelayMs: 10 } });
    expect(httpOptionsFor('triggers', { guard, retry: { retries: 5 } })).toEqual({ guard, retry: { retries: 5 } });
    expect(httpOptionsFor('triggers')).toEqual({});
  });

  it('an owner keeps one cache per use, so a client built for a poll is never handed to a run', () => {
    const owner = {};
    expect(openedConnectionsOf(owner, 'steps')).toBe(openedConnectionsOf(owner, 'steps'));
    expect(openedConnectionsOf(owner, 'triggers')).not.toBe(openedConnectionsOf(owner, 'steps'));
    expect(openedConnectionsOf({}, 'steps')).not.toBe(openedConnectionsOf(owner, 'steps'));
  });
});
