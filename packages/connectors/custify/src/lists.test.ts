import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HttpClient } from '@konnect/sdk';
import { createHttpClient } from '@konnect/sdk';
import { LIST_SOURCES } from './endpoints';
import { fetchListPage, listParams } from './lists';

/** A real local server answering canned bodies: the shapes the real API documents. */
let body: unknown = null;
let lastUrl = '';
const server = http.createServer((req, res) => {
  lastUrl = req.url ?? '';
  res.writeHead(200, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(body));
});
let client: HttpClient;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  client = createHttpClient({ baseURL: `http://127.0.0.1:${address.port}` });
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: String(i) }));

describe('fetchListPage', () => {
  it('{ objectives, total, page } without pages: more pages while page * perPage < total', async () => {
    body = { objectives: rows(100), total: 150, page: 1 };
    await expect(fetchListPage(client, LIST_SOURCES.objectives, { page: 1, perPage: 100 })).resolves.toMatchObject({
      hasMore: true,
    });
    body = { objectives: rows(50), total: 150, page: 2 };
    await expect(fetchListPage(client, LIST_SOURCES.objectives, { page: 2, perPage: 100 })).resolves.toMatchObject({
      hasMore: false,
    });
  });

  it('plain arrays (health scores): a full page means maybe more', async () => {
    body = rows(100);
    const page = await fetchListPage(client, LIST_SOURCES.healthScores, { page: 1, perPage: 100 });
    expect(page.items).toHaveLength(100);
    expect(page.hasMore).toBe(true);
    body = rows(7);
    await expect(fetchListPage(client, LIST_SOURCES.healthScores, { page: 2, perPage: 100 })).resolves.toMatchObject({
      hasMore: false,
    });
  });

  it('array-wrapped people: an empty outer array is an empty list', async () => {
    body = [];
    await expect(fetchListPage(client, LIST_SOURCES.people, { page: 1, perPage: 100 })).resolves.toEqual({
      items: [],
      hasMore: false,
    });
    expect(lastUrl).toBe('/people/all?page=1&itemsPerPage=100');
  });

  it('a response of the wrong shape is a clear, non-retryable error', async () => {
    body = { error: 'weird' };
    await expect(fetchListPage(client, LIST_SOURCES.healthScores, { page: 1, perPage: 10 })).rejects.toMatchObject({
      kind: 'server',
      retryable: false,
      message: expect.stringContaining('GET /health_score/simple'),
    });
  });

  it('caps itemsPerPage per source and adds the sort and fixed params', () => {
    expect(listParams(LIST_SOURCES.tasks, { page: 2, perPage: 100, sortBy: 'updated_at' })).toEqual({
      page: 2,
      itemsPerPage: 50,
      sorting: '{"field":"updated_at","direction":"desc"}',
    });
    expect(listParams(LIST_SOURCES.objectives, { page: 1, perPage: 100, sortBy: 'created_at' })).toEqual({
      page: 1,
      itemsPerPage: 100,
      sort: 'created_at',
      order: 'desc',
    });
    expect(listParams(LIST_SOURCES.segments, { page: 1, perPage: 100, sortBy: 'created_at', params: { type: 'people' } })).toEqual({
      type: 'people',
      page: 1,
      itemsPerPage: 100,
    });
  });
});
