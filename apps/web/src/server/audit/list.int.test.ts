/** GET /api/v1/workspaces/:ws/audit-events: newest first, keyset pages, filter; owners and admins of that workspace only. */
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/v1/workspaces/[workspaceId]/audit-events/route';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { generateApiToken } from '../token-secret';

type Page = { events: { id: string; action: string; actor: { label: string }; target: { type: string; id: string | null; label: string }; details: Record<string, unknown>; ip: string | null; createdAt: string }[]; nextCursor: string | null };

/** `n` events one second apart, oldest first, alternating actions. */
async function seed(workspaceId: string, n: number, base = Date.UTC(2026, 0, 1)): Promise<string[]> {
  const rows = await testDb().auditEvent.createManyAndReturn({
    data: Array.from({ length: n }, (_, i) => ({
      workspaceId,
      actorLabel: 'Seeder (seed@example.test)',
      action: i % 2 === 0 ? 'token.created' : 'member.removed',
      targetType: i % 2 === 0 ? 'token' : 'member',
      targetId: `t${i}`,
      targetLabel: `target ${i}`,
      ip: '198.51.100.1',
      createdAt: new Date(base + i * 1000),
    })),
    select: { id: true, targetId: true },
  });
  return rows.sort((a, b) => (a.targetId ?? '').localeCompare(b.targetId ?? '', 'en', { numeric: true })).map((r) => r.id);
}

describe('GET audit-events', () => {
  it('lists newest first in keyset pages with no gaps or repeats, and filters by action or target type', async () => {
    const { user, workspaceId } = await createOwner();
    const ids = await seed(workspaceId, 7);
    // Two events in the same millisecond: the id breaks the tie, still no gaps.
    await seed(workspaceId, 1, Date.UTC(2026, 0, 1) + 6000);
    const get = (query: Record<string, string>) => call(GET, 'GET', '/a', { as: { user }, params: { workspaceId }, query });

    const seen: string[] = [];
    let cursor: string | null = '';
    let pages = 0;
    while (cursor !== null) {
      const res = await get({ limit: '3', ...(cursor ? { cursor } : {}) });
      expect(res.status, res.text).toBe(200);
      const page = res.json as Page;
      seen.push(...page.events.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(8);
    const all = (await get({ limit: '100' })).json as Page;
    expect(all.events.map((e) => e.id)).toEqual(seen);
    expect(all.events.slice(2).map((e) => e.id)).toEqual(ids.slice(0, 6).reverse());
    expect(all.events[0]).toMatchObject({ actor: { label: 'Seeder (seed@example.test)' }, ip: '198.51.100.1', target: { type: expect.any(String), label: expect.stringMatching(/^target/) } });

    const exact = (await get({ action: 'member.removed' })).json as Page;
    expect(exact.events.map((e) => e.action)).toEqual(['member.removed', 'member.removed', 'member.removed']);
    const byType = (await get({ action: 'token' })).json as Page;
    expect(byType.events).toHaveLength(5);
    expect(byType.events.every((e) => e.action === 'token.created')).toBe(true);
  });

  it('names the bad parameter with 400', async () => {
    const { user, workspaceId } = await createOwner();
    const get = (query: Record<string, string>) => call(GET, 'GET', '/a', { as: { user }, params: { workspaceId }, query });
    expect(errorOf(await get({ limit: '0' })).field).toBe('limit');
    expect(errorOf(await get({ limit: '101' })).field).toBe('limit');
    expect(errorOf(await get({ action: 'DROP TABLE' })).field).toBe('action');
    expect(errorOf(await get({ cursor: 'garbage!' })).field).toBe('cursor');
  });

  it('is for owners and admins: members get 403, other workspaces 404, anonymous 401', async () => {
    const { user: owner, workspaceId } = await createOwner();
    await seed(workspaceId, 2);
    const admin = await createUser('admin');
    await addMember(workspaceId, admin.id, 'admin');
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const params = { workspaceId };

    expect((await call(GET, 'GET', '/a', { as: { user: owner }, params })).status).toBe(200);
    expect(((await call(GET, 'GET', '/a', { as: { user: admin }, params })).json as Page).events).toHaveLength(2);
    const asMember = await call(GET, 'GET', '/a', { as: { user: member }, params });
    expect(asMember.status).toBe(403);
    expect(asMember.text).not.toContain('target');

    const stranger = await createOwner('stranger');
    await seed(stranger.workspaceId, 1);
    const peek = await call(GET, 'GET', '/a', { as: { user: stranger.user }, params });
    expect(peek.status).toBe(404);
    expect(peek.text).not.toContain('target');
    // Their own log holds only their own event.
    expect(((await call(GET, 'GET', '/a', { as: { user: stranger.user }, params: { workspaceId: stranger.workspaceId } })).json as Page).events).toHaveLength(1);
    // An API token of the other workspace sees nothing here either.
    const t = generateApiToken();
    await testDb().apiToken.create({ data: { workspaceId: stranger.workspaceId, userId: stranger.user.id, name: 'x', hash: t.hash, prefix: t.prefix } });
    expect((await call(GET, 'GET', '/a', { as: { token: t.token }, params })).status).toBe(404);
    expect((await call(GET, 'GET', '/a', { params })).status).toBe(401);
  });
});
