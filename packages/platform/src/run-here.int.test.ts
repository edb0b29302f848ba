/**
 * Runs executed where their hook call was taken (run-here.ts), on real Postgres and Redis, with no
 * worker anywhere: the run ends without a job; a Respond to Hook answer reaches its caller without a
 * message on Redis; past `runsHere` runs get their jobs (a worker takes them); a run that waits on a
 * Delay gets its job delayed until its time; shutdown waits for the runs in flight.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import type { KonnectorDefinitionInput } from '@konnect/schemas';
import { activate } from './activation';
import { handleHookRequest } from './hook-http';
import { closeHookListener } from './hook-respond-wait';
import { createOutboundGuard, hostOf } from './outbound-guard';
import { createPlatform, type Platform } from './platform';
import { processRun } from './run';
import { drainRunsHere, roomHere, runningHere } from './run-here';
import { createKonnector, createWorkspace, eventually, REDIS_URL, testPlatform, type TestPlatform } from './test-fixtures';
import { serve, type TestServer } from './test-http';

let t: TestPlatform;
let workspaceId: string;
let app: TestServer;
/** POSTs the slow app received, and the releases of the ones it holds. */
let posts = 0;
const held: (() => void)[] = [];
let holding = false;

const hookTrigger = (respond?: boolean) => ({ id: 'trigger' as const, connector: 'catch_hook', event: 'catch_hook', input: {}, ...(respond ? { respond: {} } : {}) });
const post = () => ({ type: 'action' as const, id: 'post', name: 'Post', connector: 'http', action: 'request', input: { url: `${app.url}/app`, method: 'POST', bodyType: 'json', body: { n: '{{trigger.n}}' } } });

/** A platform that executes up to `runsHere` runs of the calls it takes (the ingress's). */
const takingCalls = (runsHere: number): Platform => createPlatform({ ...t.p, runsHere });

let lastKonnectorId = '';

async function hookOf(p: Platform, definition: KonnectorDefinitionInput): Promise<string> {
  const konnectorId = await createKonnector(p.db, workspaceId, definition);
  lastKonnectorId = konnectorId;
  const { hookToken } = await activate(p, workspaceId, konnectorId);
  if (!hookToken) throw new Error('no hook token');
  return hookToken;
}

function call(p: Platform, token: string, body: unknown): Promise<Response> {
  return handleHookRequest(p, token, new Request(`http://konnect.test/hooks/${token}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

const runStatus = (id: string) => t.db.run.findUniqueOrThrow({ where: { id }, select: { status: true, resumeAt: true } });
const jobOf = (id: string) => t.p.queues.queue('run').getJob(id);

beforeAll(async () => {
  app = await serve(async () => {
    posts += 1;
    if (holding) await new Promise<void>((resolve) => held.push(resolve));
    return Response.json({ ok: true });
  });
  const guard = createOutboundGuard({ allowHosts: [hostOf(app.url) ?? ''] });
  t = await testPlatform('run-here', registry, {}, {}, { guard });
  workspaceId = await createWorkspace(t.db);
});

afterAll(async () => {
  for (const release of held) release();
  if (workspaceId) await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t?.close();
  await app?.close();
});

describe('runs executed where their hook call was taken', () => {
  it('a run ends in the process that took its call, without a job in the queue', async () => {
    const here = takingCalls(4);
    const token = await hookOf(here, { trigger: hookTrigger(), steps: [{ type: 'filter', id: 'big', conditions: { all: [{ left: '{{trigger.n}}', op: 'gt', right: '5' }] } }, post()] });
    const before = posts;
    const res = await call(here, token, { n: 7 });
    expect(res.status).toBe(202);
    const { runId } = (await res.json()) as { runId: string };
    await eventually(async () => ((await runStatus(runId)).status === 'succeeded' ? true : undefined), 30_000, 'the run succeeded');
    expect(posts - before).toBe(1);
    expect(await jobOf(runId)).toBeUndefined();
    await eventually(async () => (runningHere(here) === 0 ? true : undefined), 10_000, 'nothing left running here');
    expect(roomHere(here)).toBe(4);
  });

  it('the web app (runsHere unset) still queues every run', async () => {
    const token = await hookOf(t.p, { trigger: hookTrigger(), steps: [post()] });
    const res = await call(t.p, token, { n: 1 });
    const { runId } = (await res.json()) as { runId: string };
    expect(await (await jobOf(runId))?.getState()).toBe('waiting');
    expect((await runStatus(runId)).status).toBe('queued');
    const outcome = await processRun(t.p, { workspaceId, runId, deferrals: 0 });
    expect(outcome).toEqual({ status: 'finished', runStatus: 'succeeded' });
  });

  it('Respond to Hook: the answer reaches the caller in-process, nothing goes over Redis pub/sub, and no worker is needed', async () => {
    const here = takingCalls(4);
    const token = await hookOf(here, {
      trigger: hookTrigger(true),
      steps: [
        { type: 'code', id: 'double', source: 'return { n: input.trigger.n * 2 };' },
        { type: 'respond', id: 'answer', status: 201, body: { kind: 'json', value: { doubled: '{{steps.double.n}}' } } },
      ],
    });
    const listener = new Redis(REDIS_URL);
    const published: string[] = [];
    listener.on('pmessage', (_pattern: string, channel: string) => published.push(channel));
    await listener.psubscribe(`${t.prefix}:*`);
    try {
      const res = await call(here, token, { n: 21 });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ doubled: 42 });
      const konnectorId = lastKonnectorId;
      const run = await eventually(async () => {
        const found = await t.db.run.findFirst({ where: { workspaceId, konnectorId }, select: { id: true, status: true } });
        return found?.status === 'succeeded' ? found : undefined;
      }, 30_000, 'the run succeeded');
      // Stored too (Postgres stays the record of the answer).
      expect((await t.db.hookResponse.findUniqueOrThrow({ where: { runId: run.id } })).status).toBe(201);
      expect(published).toEqual([]);
      expect(await jobOf(run.id)).toBeUndefined();
    } finally {
      await listener.quit();
      await closeHookListener(here);
    }
  });

  it('Respond to Hook with its workspace full: the call waits for a slot, the run freeing it hands the slot on here, and the caller gets its answer', async () => {
    // One slot per workspace: the held run takes it, the responding one waits in the ready set.
    const here = createPlatform({ ...t.p, runsHere: 4, limits: { ...t.p.limits, workspaceConcurrency: 1 } });
    const slow = await hookOf(here, { trigger: hookTrigger(), steps: [post()] });
    const answering = await hookOf(here, { trigger: hookTrigger(true), steps: [{ type: 'respond', id: 'answer', status: 200, body: { kind: 'json', value: { n: '{{trigger.n}}' } } }] });
    holding = true;
    const before = posts;
    try {
      const first = await call(here, slow, { n: 1 });
      expect(first.status).toBe(202);
      await eventually(async () => (posts - before === 1 ? true : undefined), 30_000, 'the slow run reached the app');
      const answer = call(here, answering, { n: 9 });
      // Still waiting while the slot is held.
      const early = await Promise.race([answer.then(() => 'answered'), new Promise((r) => setTimeout(() => r('waiting'), 300))]);
      expect(early).toBe('waiting');
      holding = false;
      for (const release of held.splice(0)) release();
      const res = await answer;
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ n: 9 });
    } finally {
      holding = false;
      for (const release of held.splice(0)) release();
      await closeHookListener(here);
    }
  });

  it('past runsHere the runs get jobs at once, and a worker finishes them: each POST sent once', async () => {
    const here = takingCalls(1);
    const token = await hookOf(here, { trigger: hookTrigger(), steps: [post()] });
    holding = true;
    const before = posts;
    try {
      const answers = await Promise.all([1, 2, 3].map((n) => call(here, token, { n })));
      const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { runId: string }).runId));
      expect(answers.map((r) => r.status)).toEqual([202, 202, 202]);
      // One run executes here (its POST held by the app), two wait in the queue for a worker.
      await eventually(async () => (posts - before === 1 ? true : undefined), 30_000, 'the run here reached the app');
      expect(runningHere(here)).toBe(1);
      expect(roomHere(here)).toBe(0);
      const jobs = await Promise.all(ids.map(jobOf));
      expect(jobs.filter((j) => j !== undefined)).toHaveLength(2);
      holding = false;
      for (const release of held.splice(0)) release();
      // A worker's turn for the queued ones.
      for (const [i, job] of jobs.entries()) if (job) expect(await processRun(t.p, { workspaceId, runId: ids[i] ?? '', deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
      await eventually(async () => ((await Promise.all(ids.map(runStatus))).every((r) => r.status === 'succeeded') ? true : undefined), 30_000, 'every run succeeded');
      expect(posts - before).toBe(3);
    } finally {
      holding = false;
      for (const release of held.splice(0)) release();
    }
  });

  it('a run that reaches a Delay waits in Postgres with its job delayed until its time', async () => {
    const here = takingCalls(4);
    const token = await hookOf(here, { trigger: hookTrigger(), steps: [{ type: 'delay', id: 'wait', mode: 'for', amount: 20, unit: 'minutes' }, post()] });
    const res = await call(here, token, { n: 1 });
    const { runId } = (await res.json()) as { runId: string };
    const waiting = await eventually(async () => {
      const run = await runStatus(runId);
      return run.status === 'waiting' ? run : undefined;
    }, 30_000, 'the run waits');
    const job = await eventually(async () => (await jobOf(runId)) ?? undefined, 10_000, 'its job');
    expect(await job.getState()).toBe('delayed');
    const due = job.timestamp + (job.opts.delay ?? 0);
    expect(Math.abs(due - (waiting.resumeAt?.getTime() ?? 0))).toBeLessThan(60_000);
    expect(waiting.resumeAt!.getTime() - Date.now()).toBeGreaterThan(15 * 60_000);
  });

  it('shutdown waits for the runs executing here, up to its deadline', async () => {
    const here = takingCalls(2);
    const token = await hookOf(here, { trigger: hookTrigger(), steps: [post()] });
    holding = true;
    const before = posts;
    try {
      const res = await call(here, token, { n: 5 });
      const { runId } = (await res.json()) as { runId: string };
      await eventually(async () => (posts - before === 1 ? true : undefined), 30_000, 'the run reached the app');
      expect(await drainRunsHere(here, 200)).toEqual({ finished: false, left: 1 });
      // Closing: no new run starts here.
      expect(roomHere(here)).toBe(0);
      holding = false;
      for (const release of held.splice(0)) release();
      expect(await drainRunsHere(here, 30_000)).toEqual({ finished: true, left: 0 });
      expect((await runStatus(runId)).status).toBe('succeeded');
    } finally {
      holding = false;
      for (const release of held.splice(0)) release();
    }
  });
});
