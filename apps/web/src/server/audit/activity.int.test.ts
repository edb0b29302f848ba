/** Finding 13: draft saves, exports, test runs, code runs and replays are audit events; the audit log exports as CSV and JSON. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POST as CODE_RUN } from '@/app/api/v1/workspaces/[workspaceId]/code-runs/route';
import { GET as EXPORT_AUDIT } from '@/app/api/v1/workspaces/[workspaceId]/audit-events/export/route';
import { GET as EXPORT_KONNECTOR } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/export/route';
import { PATCH as SAVE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/route';
import { POST as TEST_SAVED } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/test/route';
import { POST as TEST_DRAFT } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/test/route';
import { POST as REPLAY } from '@/app/api/v1/workspaces/[workspaceId]/runs/[runId]/replay/route';
import { PEER_HEADER } from '@/server/client-ip';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION, insertRuns, konnectorWithVersion } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf, sessionCookie } from '@/test/request';
import { csvCell } from './export';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('activity');
});
afterAll(async () => {
  await env.close();
});

const IP = '203.0.113.13';
const CODE = { ...HOOK_DEFINITION, steps: [{ type: 'code', id: 'c1', source: 'return { doubled: input.trigger.n * 2 };' }] };

function as(user: TestUser, workspaceId: string) {
  return (handler: Parameters<typeof call>[0], method: string, params: Record<string, string> = {}, body?: unknown, query?: Record<string, string>) =>
    call(handler, method, '/x', { as: { user }, params: { workspaceId, ...params }, headers: { [PEER_HEADER]: IP, 'user-agent': 'Activity/1' }, ...(body !== undefined ? { body } : {}), ...(query ? { query } : {}) });
}

const lastEvent = async (workspaceId: string, action: string) => testDb().auditEvent.findFirst({ where: { workspaceId, action }, orderBy: { createdAt: 'desc' } });

describe('finding 13: audit events for draft saves, exports, test runs, code runs and replays', { timeout: 60_000 }, () => {
  it('records each with the member who did it, the IP and user agent, and never the draft, sample or code', async () => {
    const { workspaceId } = await createOwner('activity');
    const member = await createUser('activity-member');
    await addMember(workspaceId, member.id, 'member');
    const api = as(member, workspaceId);
    const k = await konnectorWithVersion(workspaceId, CODE, 'Doubler');

    const saved = await api(SAVE, 'PATCH', { konnectorId: k.konnectorId }, { name: 'Doubler v2', draft: CODE });
    expect(saved.status, saved.text).toBe(200);
    expect(await lastEvent(workspaceId, 'konnector.saved')).toMatchObject({ actorUserId: member.id, ip: IP, userAgent: 'Activity/1', targetType: 'konnector', targetId: k.konnectorId, targetLabel: 'Doubler v2', details: { changed: ['name', 'draft'] } });

    expect((await api(EXPORT_KONNECTOR, 'GET', { konnectorId: k.konnectorId })).status).toBe(200);
    expect(await lastEvent(workspaceId, 'konnector.exported')).toMatchObject({ actorUserId: member.id, targetId: k.konnectorId, targetLabel: 'Doubler v2' });

    const tested = await api(TEST_SAVED, 'POST', { konnectorId: k.konnectorId }, { sample: { n: 21 } });
    expect(tested.status, tested.text).toBe(200);
    expect(await lastEvent(workspaceId, 'konnector.tested')).toMatchObject({ targetId: k.konnectorId, targetLabel: 'Doubler v2', details: { status: 'succeeded', draft: 'saved', steps: 1 } });

    const draftTest = await api(TEST_DRAFT, 'POST', {}, { draft: CODE, sample: { n: 4 } });
    expect(draftTest.status, draftTest.text).toBe(200);
    expect(await lastEvent(workspaceId, 'konnector.tested')).toMatchObject({ targetId: null, targetLabel: 'Unsaved konnector', details: { status: 'succeeded', draft: 'unsaved' } });

    const ran = await api(CODE_RUN, 'POST', {}, { source: 'throw new Error("nope")', input: { secretish: 'do-not-log-me' } });
    expect(ran.status, ran.text).toBe(200);
    expect(await lastEvent(workspaceId, 'code.ran')).toMatchObject({ actorUserId: member.id, targetType: 'code', details: { ok: false, error: expect.any(String) } });

    const [failed = ''] = await insertRuns(workspaceId, k.konnectorId, k.versionId, [{ createdAt: new Date(), status: 'failed', trigger: { n: 1 } }]);
    const replayed = await api(REPLAY, 'POST', { runId: failed }, { mode: 'from_start' });
    expect(replayed.status, replayed.text).toBe(202);
    const { runId } = replayed.json as { runId: string };
    expect(await lastEvent(workspaceId, 'run.replayed')).toMatchObject({ actorUserId: member.id, targetType: 'run', targetId: failed, targetLabel: 'Doubler v2', details: { mode: 'from_start', newRunId: runId } });

    // A refused action is not recorded: a replay of another workspace's run is "not found".
    const other = await createOwner('activity-other');
    const theirs = await konnectorWithVersion(other.workspaceId, CODE);
    const [foreign = ''] = await insertRuns(other.workspaceId, theirs.konnectorId, theirs.versionId, [{ createdAt: new Date(), status: 'failed' }]);
    expect((await api(REPLAY, 'POST', { runId: foreign }, { mode: 'from_start' })).status).toBe(404);
    expect(await testDb().auditEvent.count({ where: { workspaceId, action: 'run.replayed' } })).toBe(1);

    const all = JSON.stringify(await testDb().auditEvent.findMany({ where: { workspaceId } }));
    expect(all).not.toContain('do-not-log-me');
    expect(all).not.toContain('input.trigger.n');
  });
});

describe('audit export', { timeout: 60_000 }, () => {
  it('CSV with a header row and formula-proof cells, JSON as an array; events in the retention window only; audited; owners and admins', async () => {
    const { user: owner, workspaceId } = await createOwner('export');
    const member = await createUser('export-member');
    await addMember(workspaceId, member.id, 'member');
    const db = testDb();
    const base = { workspaceId, actorUserId: owner.id, actorLabel: '=HYPERLINK("http://evil.test","x")', targetType: 'konnector', details: { note: 'say "hi", then\nleave' } };
    await db.auditEvent.createMany({
      data: [
        { ...base, action: 'konnector.created', targetLabel: '+cmd|calc', createdAt: new Date(Date.now() - 10 * 86_400_000) },
        { ...base, action: 'konnector.deleted', targetLabel: '-2+3', createdAt: new Date(Date.now() - 5 * 86_400_000) },
        { ...base, action: 'konnector.saved', targetLabel: 'too old', createdAt: new Date(Date.now() - 400 * 86_400_000) },
      ],
    });
    // More than one page (500) of the export's keyset reads.
    await db.auditEvent.createMany({ data: Array.from({ length: 600 }, (_, i) => ({ ...base, action: 'code.ran', targetLabel: `@run ${i}`, actorLabel: 'Bulk', details: {}, createdAt: new Date(Date.now() - 86_400_000 + i) })) });

    // Read as text: call() would parse the body as JSON.
    const res = await EXPORT_AUDIT(new Request(`http://localhost:3000/x?format=csv`, { headers: { cookie: await sessionCookie(owner) } }), { params: Promise.resolve({ workspaceId }) });
    const csv = { status: res.status, headers: res.headers, text: await res.text() };
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="audit-export-[\w-]+-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('"createdAt","action","actor","actorUserId","actorTokenId","targetType","targetId","target","details","ip","userAgent"');
    // 602 events in the window (not the one older than 365 days), plus audit.exported itself, recorded before streaming.
    expect(csv.text).not.toContain('too old');
    const created = lines.find((l) => l.includes('konnector.created')) ?? '';
    expect(created).toContain(`"'=HYPERLINK(""http://evil.test"",""x"")"`);
    expect(created).toContain(`"'+cmd|calc"`);
    expect(lines.find((l) => l.includes('konnector.deleted'))).toContain(`"'-2+3"`);
    expect(csv.text).toContain(`,"'@run 7",`);
    expect(csv.text).not.toContain(`,"@run 7",`);
    expect(lines).toHaveLength(1 + 603);
    expect(lines[1]).toContain('"audit.exported"');
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('\tx')).toBe(`"'\tx"`);

    const json = await as(owner, workspaceId)(EXPORT_AUDIT, 'GET', {}, undefined, { format: 'json' });
    expect(json.headers.get('content-type')).toContain('application/json');
    const events = json.json as { action: string; target: { label: string }; details: Record<string, unknown> }[];
    expect(events).toHaveLength(604);
    expect(events[0]?.action).toBe('audit.exported');
    expect(events.find((e) => e.action === 'konnector.created')?.details).toEqual({ note: 'say "hi", then\nleave' });
    expect(new Set(events.map((e) => e.target.label)).size).toBeGreaterThan(600);

    const exported = await db.auditEvent.findMany({ where: { workspaceId, action: 'audit.exported' }, orderBy: { createdAt: 'asc' } });
    expect(exported.map((e) => e.details)).toEqual([{ format: 'csv', retentionDays: 365 }, { format: 'json', retentionDays: 365 }]);

    expect(errorOf(await as(owner, workspaceId)(EXPORT_AUDIT, 'GET', {}, undefined, { format: 'xml' }))).toMatchObject({ field: 'format' });
    expect((await as(member, workspaceId)(EXPORT_AUDIT, 'GET')).status).toBe(403);
  });
});
