/**
 * The alert engine's flood control on real Postgres and Redis, with a clock the test moves: 100
 * failures in 10 minutes make exactly one immediate alert and one digest (counts and distinct
 * errors right); a due digest whose delayed job Redis lost is still sent (the reconciler's
 * reviveDigests); N failures in a row turn the konnector off (trigger unregistered, notification,
 * audit) and turning it on again resumes it; recovery notices only after an alert.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { activate } from './activation';
import { addPeople, capture, minutes, writeAlertSettings, type People } from './alert-fixtures';
import { processAlert, reviveDigests } from './alerts';
import { parseJob } from './jobs';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

let t: TestPlatform;
let workspaceId: string;
let people: People;

const ERRORS = ['email: is invalid', 'Not found: person 7', 'Rate limited'];

async function hookKonnector(): Promise<{ id: string; versionId: string }> {
  const id = await createKonnector(t.db, workspaceId, {
    trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
    steps: [{ type: 'action', id: 'call', name: 'Create contact', connector: 'http', action: 'request', input: { url: 'https://example.test/x' } }],
  });
  const { versionId } = await activate(t.p, workspaceId, id);
  return { id, versionId };
}

/** Failed runs as the run path leaves them (status failed, the step's error on the run). */
async function failedRuns(k: { id: string; versionId: string }, n: number, tag: string): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    workspaceId,
    konnectorId: k.id,
    versionId: k.versionId,
    eventKey: `${tag}-${i}`,
    status: 'failed' as const,
    trigger: {},
    summary: 'Failed',
    error: { kind: 'validation', message: ERRORS[i % ERRORS.length] ?? '', stepId: 'call', status: 422, retryable: false },
  }));
  const created = await t.db.run.createManyAndReturn({ data: rows, select: { id: true } });
  return created.map((r) => r.id);
}

const notificationsOf = (userId: string, konnectorId: string) => t.db.notification.findMany({ where: { userId, workspaceId, konnectorId }, orderBy: { createdAt: 'asc' } });

beforeAll(async () => {
  t = await testPlatform('alert-digest', registry);
  workspaceId = await createWorkspace(t.db);
  people = await addPeople(t.db, workspaceId);
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.db.user.deleteMany({ where: { id: { in: [people.owner.userId, people.admin.userId, people.member.userId] } } });
  await t.close();
});

describe('alert engine: never a flood', () => {
  it('100 failures in 10 minutes → exactly 1 immediate alert and 1 digest with the counts and distinct errors', async () => {
    const k = await hookKonnector();
    const runIds = await failedRuns(k, 100, 'flood');
    const c = capture();
    const start = c.clock.now;
    const decisions: string[] = [];
    for (const [i, runId] of runIds.entries()) {
      c.clock.now = new Date(start.getTime() + i * 6000);
      decisions.push(...(await processAlert(t.p, c.ctx, { type: 'run_failed', workspaceId, runId })).decision);
    }
    expect(decisions.filter((d) => d === 'immediate')).toHaveLength(1);
    expect(decisions.filter((d) => d === 'pending')).toHaveLength(99);
    expect(c.mails).toHaveLength(1);
    expect(c.mails[0]?.to.sort()).toEqual([people.owner.email, people.admin.email].sort());
    expect(c.mails[0]?.data.facts).toEqual(expect.arrayContaining([{ label: 'Step', value: 'Create contact (HTTP · HTTP Request)' }]));
    expect(c.mails[0]?.data.action?.url).toBe(`https://konnect.example.test/app/${workspaceId}/runs/${runIds[0]}`);

    // The digest's delayed job waits for the end of the window (60 min after the immediate alert).
    const delayed = await t.p.queues.queue('alert').getDelayed();
    const digestJob = delayed.find((j) => j.id?.startsWith(`digest-${k.id}-`));
    expect(digestJob?.id).toBe(`digest-${k.id}-${minutes(start, 60).getTime()}`);

    c.clock.now = minutes(start, 9.9); // early: nothing is sent
    expect((await processAlert(t.p, c.ctx, { type: 'digest', workspaceId, konnectorId: k.id })).decision).toEqual(['not due yet']);
    c.clock.now = minutes(start, 60);
    const digest = await processAlert(t.p, c.ctx, parseJob('alert', digestJob?.data));
    expect(digest.decision).toEqual(['digest']);
    expect(c.mails).toHaveLength(2);
    const sent = c.mails[1]?.data;
    expect(sent?.subject).toContain('99 more failed runs');
    // The first failure went out at once; the other 99 are 33 of each distinct error.
    expect(sent?.facts).toHaveLength(3);
    expect(sent?.facts).toEqual(expect.arrayContaining(ERRORS.map((value) => ({ label: '33×', value }))));
    expect(sent?.items).toHaveLength(20);
    expect(sent?.items?.[0]?.url).toBe(`https://konnect.example.test/app/${workspaceId}/runs/${runIds[99]}`);
    // A second digest job for the same window finds nothing to send.
    expect((await processAlert(t.p, c.ctx, { type: 'digest', workspaceId, konnectorId: k.id })).decision).toEqual(['skipped: nothing pending']);

    const inbox = await notificationsOf(people.owner.userId, k.id);
    expect(inbox.map((n) => n.kind)).toEqual(['run_failed', 'run_digest']);
    expect(await notificationsOf(people.member.userId, k.id)).toEqual([]);
  });

  it('a due digest whose delayed job Redis lost is still sent: the reconciler enqueues it again', async () => {
    const k = await hookKonnector();
    const runIds = await failedRuns(k, 3, 'lost');
    const c = capture();
    const start = c.clock.now;
    for (const runId of runIds) await processAlert(t.p, c.ctx, { type: 'run_failed', workspaceId, runId });
    const queue = t.p.queues.queue('alert');
    const jobId = `digest-${k.id}-${minutes(start, 60).getTime()}`;
    await (await queue.getJob(jobId))?.remove();
    expect(await queue.getJob(jobId)).toBeUndefined();

    // Not due yet: nothing to revive.
    expect(await reviveDigests(t.p, { now: minutes(start, 30), workspaceIds: [workspaceId] })).toBe(0);
    expect(await reviveDigests(t.p, { now: minutes(start, 62), workspaceIds: [workspaceId] })).toBe(1);
    const revived = await queue.getJob(jobId);
    expect(revived).toBeDefined();
    c.clock.now = minutes(start, 62);
    expect((await processAlert(t.p, c.ctx, parseJob('alert', revived?.data))).decision).toEqual(['digest']);
    expect(c.subjects()).toEqual([expect.stringContaining('Konnector failed'), expect.stringContaining('2 more failed runs')]);
    // Sent: no longer due, nothing to revive.
    expect(await reviveDigests(t.p, { now: minutes(start, 120), workspaceIds: [workspaceId] })).toBe(0);
  });

  it('recovery notice after an alerted failure; none for a streak that sent no alert', async () => {
    const k = await hookKonnector();
    const [first, second] = await failedRuns(k, 2, 'rec');
    const c = capture();
    const start = c.clock.now;
    await processAlert(t.p, c.ctx, { type: 'run_failed', workspaceId, runId: first ?? '' });
    c.clock.now = minutes(start, 5);
    expect((await processAlert(t.p, c.ctx, { type: 'run_succeeded', workspaceId, runId: 'ok-1', konnectorId: k.id })).decision).toEqual(['recovered']);
    // Fails again inside the window: no second immediate alert (it waits for the digest)...
    c.clock.now = minutes(start, 10);
    expect((await processAlert(t.p, c.ctx, { type: 'run_failed', workspaceId, runId: second ?? '' })).decision).toEqual(['pending']);
    // ...so nothing was alerted in this streak, and its end sends no notice.
    expect((await processAlert(t.p, c.ctx, { type: 'run_succeeded', workspaceId, runId: 'ok-2', konnectorId: k.id })).decision).toEqual(['streak ended']);
    expect(c.subjects()).toEqual([expect.stringContaining('Konnector failed'), expect.stringContaining('Recovered')]);
    const kinds = (await notificationsOf(people.admin.userId, k.id)).map((n) => n.kind);
    expect(kinds).toEqual(['run_failed', 'konnector_recovered']);
  });

  it('auto-pause after N failed runs in a row: off, trigger unregistered, notified and audited; turning it on resumes it', async () => {
    const k = await hookKonnector();
    await writeAlertSettings(t.db, t.p.keyring, workspaceId, { autoPauseAfter: 3 }, {}, '');
    try {
      const runIds = await failedRuns(k, 3, 'pause');
      const c = capture();
      const decisions: string[] = [];
      for (const runId of runIds) decisions.push(...(await processAlert(t.p, c.ctx, { type: 'run_failed', workspaceId, runId })).decision);
      expect(decisions).toEqual(['immediate', 'pending', 'pending', 'auto-paused']);
      const row = await t.db.konnector.findUniqueOrThrow({ where: { id: k.id }, include: { webhook: true } });
      expect(row.status).toBe('inactive');
      expect(row.webhook?.enabled).toBe(false);
      const paused = (await notificationsOf(people.owner.userId, k.id)).find((n) => n.kind === 'konnector_auto_paused');
      expect(paused?.title).toContain('after 3 failed runs in a row');
      expect(c.mails.at(-1)?.data.action).toEqual({ label: 'Resume the konnector', url: `https://konnect.example.test/app/${workspaceId}/konnectors/${k.id}?panel=alerts` });
      const audit = await t.db.auditEvent.findFirst({ where: { workspaceId, targetId: k.id, action: 'konnector.deactivated' } });
      expect(audit?.details).toMatchObject({ autoPaused: true, failedRunsInARow: 3 });

      await activate(t.p, workspaceId, k.id);
      const resumed = await t.db.konnector.findUniqueOrThrow({ where: { id: k.id }, include: { webhook: true } });
      expect(resumed.status).toBe('active');
      expect(resumed.webhook?.enabled).toBe(true);
    } finally {
      await t.db.alertSetting.deleteMany({ where: { workspaceId } });
    }
  });
});
