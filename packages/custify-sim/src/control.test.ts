import { describe, expect, it } from 'vitest';
import type { Person } from './records-core';
import type { Meeting } from './records-more';
import type { RecordedRequest } from './request-log';
import { call, useSimulator } from './testing';

const sim = useSimulator({ seed: 'demo', apiKeys: ['demo-custify-key', 'second-key-9876'] });

const control = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
  call<T>(sim(), method, `/__control${path}`, { body, key: null });

describe('request log', () => {
  it('records method, path, query, parsed body, masked Authorization and status; control calls are not logged', async () => {
    await control('DELETE', '/requests');
    await call(sim(), 'POST', '/people?x=1', { body: { email: 'log@x.io' }, key: 'second-key-9876' });
    await call(sim(), 'GET', '/note?page=2', { key: 'wrong' });
    await call(sim(), 'GET', '/nowhere');
    await control('GET', '/faults');
    const log = await control<{ total: number; requests: RecordedRequest[] }>('GET', '/requests');
    expect(log.body.total).toBe(3);
    expect(log.body.requests.map(({ at: _at, ...r }) => r)).toEqual([
      { method: 'POST', path: '/people', query: { x: '1' }, body: { email: 'log@x.io' }, authorization: 'Bearer ***9876', status: 200 },
      { method: 'GET', path: '/note', query: { page: '2' }, body: null, authorization: 'Bearer ***rong', status: 401 },
      { method: 'GET', path: '/nowhere', query: {}, body: null, authorization: 'Bearer ***-key', status: 404 },
    ]);
    expect(sim().requests).toHaveLength(3);
    sim().clearRequests();
    expect((await control<{ total: number }>('GET', '/requests')).body.total).toBe(0);
  });
});

describe('HTTP errors', () => {
  it('401 without or with a bad key, 400 on bad JSON, 404 unknown route, 405 wrong method', async () => {
    expect((await call(sim(), 'GET', '/people/all', { key: null })).body).toEqual({ error: 'Invalid API key' });
    expect((await call(sim(), 'GET', '/people/all', { key: 'nope' })).status).toBe(401);
    const badJson = await call<{ error: string }>(sim(), 'POST', '/people', {
      rawBody: '{"email":',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.status).toBe(400);
    expect(badJson.body.error).toMatch(/^Invalid JSON body/);
    expect((await call(sim(), 'GET', '/unknown/route')).body).toEqual({ error: 'Not found' });
    expect((await call(sim(), 'PATCH', '/people/all')).status).toBe(405);
    const badMultipart = await call(sim(), 'POST', '/file', { rawBody: 'x', headers: { 'content-type': 'multipart/form-data' } });
    expect(badMultipart.status).toBe(400);
  });
});

describe('records and reset', () => {
  it('creates any object (with given timestamps) and patches it', async () => {
    const created = await control<Meeting>('POST', '/records/meetings', {
      title: 'Demo', attendees: ['a@b.c'], created_at: '2025-01-01T00:00:00Z', updated_at: '2025-01-03T00:00:00Z',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ title: 'Demo', status: 'scheduled', created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-03T00:00:00.000Z' });
    const patched = await control<Meeting>('PATCH', `/records/meetings/${created.body.id}`, { status: 'completed', updated_at: '2025-01-02T00:00:00Z' });
    expect(patched.body).toMatchObject({ status: 'completed', updated_at: '2025-01-02T00:00:00.000Z', created_at: '2025-01-01T00:00:00.000Z' });
    const listed = await call<{ meetings: Meeting[] }>(sim(), 'GET', `/calendar/meeting?filters=${encodeURIComponent(JSON.stringify({ title: 'Demo' }))}`);
    expect(listed.body.meetings.map((m) => m.id)).toEqual([created.body.id]);
    expect((await control('GET', `/records/meetings/${created.body.id}`)).body).toMatchObject({ title: 'Demo' });
    expect((await control('DELETE', `/records/meetings/${created.body.id}`)).body).toEqual({ deleted: 1 });
  });

  it('validates control records (422 naming the field, 404 for unknown collections or ids)', async () => {
    expect((await control('POST', '/records/health_scores', { score: 500 })).body).toEqual({
      errors: ['score: Too big: expected number to be <=100'],
    });
    expect((await control('POST', '/records/tags', { name: 'x' })).body).toEqual({ errors: [expect.stringMatching(/^category/)] });
    expect((await control('POST', '/records/unicorns', {})).status).toBe(404);
    expect((await control('PATCH', `/records/people/${'9'.repeat(24)}`, {})).status).toBe(404);
    expect((await control('POST', '/records/segments', { created_at: 'yesterday' })).body).toEqual({
      errors: ['created_at: must be an ISO-8601 date'],
    });
  });

  it('resets to empty and back to the same demo data', async () => {
    const before = sim().store.list('people');
    const empty = await control<{ counts: Record<string, number> }>('POST', '/reset', { seed: 'empty' });
    expect(Object.values(empty.body.counts).every((n) => n === 0)).toBe(true);
    const demo = await control<{ counts: Record<string, number> }>('POST', '/reset', { seed: 'demo' });
    expect(demo.body.counts.people).toBe(10);
    const after = sim().store.list('people') as Person[];
    expect(after.map((p) => [p.id, p.email])).toEqual(before.slice(0, 10).map((p) => [p.id, p.email]));
    expect((await control('POST', '/reset', { seed: 'full' })).status).toBe(422);
    sim().reset('empty');
    expect(sim().store.count('companies')).toBe(0);
  });
});
