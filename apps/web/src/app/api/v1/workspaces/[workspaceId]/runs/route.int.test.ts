import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queues } from '@/server/services';
import { addMember, createOwner, createUser, testDb, type TestUser } from '@/test/fixtures';
import { HOOK_DEFINITION, insertRuns, insertSteps, konnectorWithVersion } from '@/test/konnectors';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';
import { GET as LIST } from './route';
import { GET as DETAIL } from './[runId]/route';
import { POST as REPLAY } from './[runId]/replay/route';
import { GET as KONNECTOR_RUNS } from '../konnectors/[konnectorId]/runs/route';

let env: PlatformTestEnv;
beforeAll(async () => {
  env = await platformTestEnv('runs');
});
afterAll(async () => {
  await env.close();
});

type RunPage = { runs: { id: string; status: string; createdAt: string; konnector: { id: string; name: string } }[]; nextCursor: string | null };
type Node = { stepId: string; step: number | null; branches?: { id: string; taken: boolean; steps: Node[] }[]; iterations?: { index: number; iteration: string; steps: Node[] }[] };
type Detail = { id: string; status: string; trigger: unknown; live: boolean; konnector: { name: string }; version: { number: number }; steps: { stepId: string; iteration: string; name: string }[]; tree: Node[] };

const action = (id: string) => ({ type: 'action', id, connector: 'formatter', action: 'text', input: {}, onError: 'stop' });

const TREE_DEFINITION = {
  trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
  steps: [
    {
      type: 'path',
      id: 'p1',
      branches: [
        { id: 'big', name: 'Big orders', conditions: { all: [{ left: '{{trigger.n}}', op: 'gt', right: '5' }] }, steps: [{ type: 'repeater', id: 'r1', items: '{{trigger.items}}', maxIterations: 10, steps: [action('a1')] }] },
        { id: 'small', name: 'Small orders', conditions: { all: [{ left: '{{trigger.n}}', op: 'lte', right: '5' }] }, steps: [action('a2')] },
      ],
    },
  ],
};

function pageOf(user: TestUser, workspaceId: string, query: Record<string, string>, konnectorId?: string) {
  return konnectorId
    ? call(KONNECTOR_RUNS, 'GET', '/r', { as: { user }, params: { workspaceId, konnectorId }, query })
    : call(LIST, 'GET', '/r', { as: { user }, params: { workspaceId }, query });
}

async function allPages(user: TestUser, workspaceId: string, query: Record<string, string>, konnectorId?: string): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res = await pageOf(user, workspaceId, { ...query, ...(cursor ? { cursor } : {}) }, konnectorId);
    expect(res.status, res.text).toBe(200);
    const page = res.json as RunPage;
    ids.push(...page.runs.map((r) => r.id));
    cursor = page.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids, pages };
}

describe('event log: list', () => {
  it('pages newest first by keyset with no duplicates or gaps, even when timestamps are equal', async () => {
    const { user, workspaceId } = await createOwner();
    const a = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, 'Alpha');
    const b = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, 'Beta');
    const base = Date.UTC(2026, 10, 20, 12, 0, 0);
    const stamps = [base, base + 1, base + 60_000];
    await insertRuns(workspaceId, a.konnectorId, a.versionId, Array.from({ length: 37 }, (_, i) => ({ createdAt: new Date(stamps[i % 3] ?? base), status: i % 4 === 0 ? 'failed' : 'succeeded' })));
    await insertRuns(workspaceId, b.konnectorId, b.versionId, Array.from({ length: 20 }, () => ({ createdAt: new Date(base + 1) })));
    const other = await createOwner('other');
    const o = await konnectorWithVersion(other.workspaceId, HOOK_DEFINITION);
    await insertRuns(other.workspaceId, o.konnectorId, o.versionId, [{ createdAt: new Date(base) }]);

    const truth = await testDb().run.findMany({ where: { workspaceId }, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, konnectorId: true, status: true } });
    expect(truth).toHaveLength(57);

    const { ids, pages } = await allPages(user, workspaceId, { limit: '10' });
    expect(pages).toBe(6);
    expect(new Set(ids).size).toBe(57);
    expect(ids).toEqual(truth.map((r) => r.id));

    const alpha = await allPages(user, workspaceId, { limit: '7' }, a.konnectorId);
    expect(alpha.ids).toEqual(truth.filter((r) => r.konnectorId === a.konnectorId).map((r) => r.id));

    const failed = await allPages(user, workspaceId, { limit: '3', status: 'failed' });
    expect(failed.ids).toEqual(truth.filter((r) => r.status === 'failed').map((r) => r.id));
    const either = await allPages(user, workspaceId, { status: 'failed,succeeded', limit: '100' });
    expect(either.ids).toHaveLength(57);

    const first = (await pageOf(user, workspaceId, {})).json as RunPage;
    expect(first.runs).toHaveLength(25);
    expect(first.runs[0]).toMatchObject({ konnector: { name: expect.stringMatching(/Alpha|Beta/) } });
  });

  it('bug 5 (issue 17): each row says which record triggered the run (name, title or email, and id)', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await konnectorWithVersion(workspaceId, HOOK_DEFINITION, 'Records');
    const base = Date.UTC(2026, 10, 21, 12, 0, 0);
    await insertRuns(workspaceId, k.konnectorId, k.versionId, [
      { createdAt: new Date(base), trigger: { id: 'p-1', first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' } },
      { createdAt: new Date(base + 1), trigger: { ticket_id: 'T-9', subject: 'Printer on fire' } },
      { createdAt: new Date(base + 2), trigger: { email: 'solo@example.com' } },
      { createdAt: new Date(base + 3), trigger: { nested: { name: 'x' } } },
    ]);
    const page = (await pageOf(user, workspaceId, {})).json as { runs: { record: string }[] };
    expect(page.runs.map((r) => r.record)).toEqual(['', 'solo@example.com', 'Printer on fire · #T-9', 'Ada Lovelace · #p-1']);
  });

  it('filters by date (a date-only "to" includes that day) and refuses bad queries naming the field', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await konnectorWithVersion(workspaceId, HOOK_DEFINITION);
    const [d20, d21, d22] = await insertRuns(workspaceId, k.konnectorId, k.versionId, [
      { createdAt: new Date('2026-11-20T10:00:00Z') },
      { createdAt: new Date('2026-11-21T23:59:00Z') },
      { createdAt: new Date('2026-11-22T00:00:00Z') },
    ]);
    const ids = async (query: Record<string, string>) => ((await pageOf(user, workspaceId, query)).json as RunPage).runs.map((r) => r.id);
    expect(await ids({ from: '2026-11-21' })).toEqual([d22, d21]);
    expect(await ids({ to: '2026-11-21' })).toEqual([d21, d20]);
    expect(await ids({ from: '2026-11-21T00:00:00Z', to: '2026-11-21T23:59:00Z' })).toEqual([d21]);

    const bad: [Record<string, string>, string][] = [
      [{ limit: '101' }, 'limit'],
      [{ limit: '0' }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ status: 'exploded' }, 'status'],
      [{ from: 'yesterday' }, 'from'],
      [{ to: '2026-13-01' }, 'to'],
      [{ cursor: 'not-a-cursor' }, 'cursor'],
      [{ cursor: Buffer.from('123.bad id').toString('base64url') }, 'cursor'],
    ];
    for (const [query, field] of bad) {
      const res = await pageOf(user, workspaceId, query);
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(errorOf(res)).toMatchObject({ code: 'bad_request', field });
    }
  });

  it('401 without a session; 404 for another workspace or its konnector; members may read', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await konnectorWithVersion(workspaceId, HOOK_DEFINITION);
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    expect((await pageOf(member, workspaceId, {})).status).toBe(200);
    expect((await call(LIST, 'GET', '/r', { params: { workspaceId } })).status).toBe(401);
    expect((await call(KONNECTOR_RUNS, 'GET', '/r', { params: { workspaceId, konnectorId: k.konnectorId } })).status).toBe(401);
    const other = await createOwner('other');
    expect((await pageOf(other.user, workspaceId, {})).status).toBe(404);
    expect((await pageOf(other.user, other.workspaceId, {}, k.konnectorId)).status).toBe(404);
    expect((await pageOf(user, workspaceId, {}, 'missing')).status).toBe(404);
  });
});

describe('event log: run detail and replay', () => {
  it('returns trigger data and steps in order, nested into path branches and repeater iterations', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await konnectorWithVersion(workspaceId, TREE_DEFINITION, 'Orders');
    const [runId = ''] = await insertRuns(workspaceId, k.konnectorId, k.versionId, [{ createdAt: new Date(), trigger: { n: 9, items: ['x', 'y'] } }]);
    await insertSteps(runId, [
      { stepId: 'p1', type: 'path', output: { branchId: 'big', branchName: 'Big orders', reason: '' } },
      { stepId: 'a1', iteration: '0', input: { text: 'x' } },
      { stepId: 'a1', iteration: '1', status: 'failed', error: { kind: 'validation', message: 'Custify said: bad text', stepId: 'a1', iteration: '1', status: 422, retryable: false, exchange: { request: { method: 'POST', url: 'http://x/y' }, response: { status: 422, body: { error: 'bad text' } } } } },
      { stepId: 'r1', type: 'repeater', output: { count: 2 } },
      { stepId: 'gone', type: 'code' },
    ]);
    const res = await call(DETAIL, 'GET', '/r', { as: { user }, params: { workspaceId, runId } });
    expect(res.status, res.text).toBe(200);
    const run = res.json as Detail;
    expect(run).toMatchObject({ id: runId, trigger: { n: 9, items: ['x', 'y'] }, konnector: { name: 'Orders' }, version: { number: 1 }, live: false });
    expect(run.steps.map((s) => `${s.stepId}@${s.iteration}`)).toEqual(['p1@', 'a1@0', 'a1@1', 'r1@', 'gone@']);
    expect(run.steps[1]).toMatchObject({ name: 'Formatter: Text', input: { text: 'x' } });
    expect(run.steps[2]).toMatchObject({ status: 'failed', error: { message: 'Custify said: bad text', exchange: { response: { status: 422 } } } });
    expect(run.tree).toEqual([
      {
        stepId: 'p1',
        type: 'path',
        name: 'Paths',
        step: 0,
        branches: [
          {
            id: 'big',
            name: 'Big orders',
            taken: true,
            steps: [
              {
                stepId: 'r1',
                type: 'repeater',
                name: 'Repeater',
                step: 3,
                iterations: [
                  { index: 0, iteration: '0', steps: [{ stepId: 'a1', type: 'action', name: 'Formatter: Text', step: 1 }] },
                  { index: 1, iteration: '1', steps: [{ stepId: 'a1', type: 'action', name: 'Formatter: Text', step: 2 }] },
                ],
              },
            ],
          },
        ],
      },
      { stepId: 'gone', type: 'code', name: 'gone', step: 4 },
    ]);

    const other = await createOwner('other');
    expect((await call(DETAIL, 'GET', '/r', { as: { user: other.user }, params: { workspaceId: other.workspaceId, runId } })).status).toBe(404);
    expect((await call(DETAIL, 'GET', '/r', { params: { workspaceId, runId } })).status).toBe(401);
  });

  it('replays from the failed step (earlier steps reused) or from the start, as a new queued run', async () => {
    const { user, workspaceId } = await createOwner();
    const definition = { ...HOOK_DEFINITION, steps: [action('a1'), action('a2')] };
    const k = await konnectorWithVersion(workspaceId, definition);
    const [failed = '', succeeded = '', running = ''] = await insertRuns(workspaceId, k.konnectorId, k.versionId, [
      { createdAt: new Date(), status: 'failed', trigger: { email: 'a@b.c' } },
      { createdAt: new Date(), status: 'succeeded' },
      { createdAt: new Date(), status: 'running' },
    ]);
    await insertSteps(failed, [
      { stepId: 'a1', output: { text: 'done' } },
      { stepId: 'a2', status: 'failed', error: { kind: 'server', message: 'boom', stepId: 'a2', retryable: true } },
    ]);
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const replay = (runId: string, body: unknown, as: TestUser = member) => call(REPLAY, 'POST', '/r', { as: { user: as }, params: { workspaceId, runId }, body });

    const res = await replay(failed, { mode: 'from_failed' });
    expect(res.status, res.text).toBe(202);
    const { runId } = res.json as { runId: string };
    const copy = await testDb().run.findUniqueOrThrow({ where: { id: runId }, include: { steps: true } });
    expect(copy).toMatchObject({ replayOfId: failed, status: 'queued', eventKey: `replay:${failed}:1`, trigger: { email: 'a@b.c' } });
    expect(copy.steps.map((s) => s.stepId)).toEqual(['a1']);
    expect(await queues().queue('run').getJob(runId)).toBeTruthy();

    const fromStart = (await replay(failed, { mode: 'from_start' })).json as { runId: string };
    expect(await testDb().runStep.count({ where: { runId: fromStart.runId } })).toBe(0);
    const detail = (await call(DETAIL, 'GET', '/r', { as: { user }, params: { workspaceId, runId: failed } })).json as { replays: { id: string }[] };
    expect(detail.replays.map((r) => r.id).sort()).toEqual([runId, fromStart.runId].sort());

    expect(errorOf(await replay(succeeded, { mode: 'from_failed' }))).toMatchObject({ code: 'bad_request', message: expect.stringContaining('no failed step') });
    expect(errorOf(await replay(running, { mode: 'from_start' }))).toMatchObject({ code: 'conflict' });
    expect(errorOf(await replay(failed, { mode: 'sideways' }))).toMatchObject({ field: 'mode' });
    expect(errorOf(await replay(failed, {}))).toMatchObject({ field: 'mode' });
    expect((await call(REPLAY, 'POST', '/r', { params: { workspaceId, runId: failed }, body: { mode: 'from_start' } })).status).toBe(401);
    const other = await createOwner('other');
    expect((await call(REPLAY, 'POST', '/r', { as: { user: other.user }, params: { workspaceId: other.workspaceId, runId: failed }, body: { mode: 'from_start' } })).status).toBe(404);
    expect(await testDb().run.count({ where: { replayOfId: failed } })).toBe(2);
  });
});
