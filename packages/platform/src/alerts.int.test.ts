/**
 * Alerts end to end on real Postgres, Redis and local HTTP servers: a run that fails on the app's
 * 422 enqueues its alert job from the run path; the alert names the konnector, the step, what the
 * app answered and what to do; Slack receives the documented incoming-webhook JSON and the generic
 * webhook a body whose signature verifies with the documented algorithm (computed here
 * independently); the next success is reported because the claim saw the failing streak, and sends
 * "recovered"; a failed delivery is retried and, at its last attempt, shown to owners and admins;
 * without a mailer every alert says so.
 */
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@konnect/connectors';
import { activate } from './activation';
import { MAIL_UNAVAILABLE } from './alert-dispatch';
import { addPeople, capture, startReceiver, writeAlertSettings, type People, type Receiver } from './alert-fixtures';
import { processAlert } from './alerts';
import { ingestHook } from './hooks';
import { parseJob, type AlertJob } from './jobs';
import { createOutboundGuard, hostOf } from './outbound-guard';
import { processRun } from './run';
import { createKonnector, createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { markConnectionNeedsAttention } from './trigger-health';

let t: TestPlatform;
let rx: Receiver;
let workspaceId: string;
let people: People;
const SECRET = 'whsec_test_0123456789';

beforeAll(async () => {
  rx = await startReceiver();
  const guard = createOutboundGuard({ allowHosts: [hostOf(rx.url) ?? ''] });
  t = await testPlatform('alerts', registry, {}, {}, { guard });
  workspaceId = await createWorkspace(t.db);
  people = await addPeople(t.db, workspaceId);
  await writeAlertSettings(t.db, t.p.keyring, workspaceId, {}, { slackWebhookUrl: `${rx.url}/slack`, webhookUrl: `${rx.url}/hook`, webhookSecret: SECRET });
});

afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.db.user.deleteMany({ where: { id: { in: [people.owner.userId, people.admin.userId, people.member.userId] } } });
  await t.close();
  await rx.close();
});

async function queued(jobId: string): Promise<AlertJob> {
  const job = await eventually(async () => (await t.p.queues.queue('alert').getJob(jobId)) ?? undefined, 10_000, `alert job ${jobId}`);
  return parseJob('alert', job.data);
}

async function deliveries(): Promise<AlertJob[]> {
  const jobs = await t.p.queues.queue('alert').getJobs(['waiting', 'prioritized']);
  const out = jobs.map((j) => parseJob('alert', j.data)).filter((j) => j.type === 'deliver');
  await Promise.all(jobs.map((j) => j.remove()));
  return out;
}

describe('alerts end to end', () => {
  it('a failed run alerts on every channel; the next success sends "recovered"', async () => {
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'action', id: 'call', name: 'Create contact', connector: 'http', action: 'request', input: { url: `${rx.url}/app`, method: 'POST', bodyType: 'json', body: { email: '{{trigger.email}}' } } }],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    rx.status.set('/app', 422);
    const fire = async () => {
      const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { email: 'nope' }, headers: {}, query: {} });
      return { runId: runId ?? '', outcome: await processRun(t.p, { workspaceId, runId: runId ?? '', deferrals: 0 }) };
    };
    const failed = await fire();
    expect(failed.outcome).toEqual({ status: 'finished', runStatus: 'failed' });

    const c = capture();
    const result = await processAlert(t.p, c.ctx, await queued(`fail-${failed.runId}`));
    expect(result.decision).toEqual(['immediate']);
    expect(result.sent).toEqual([{ notifications: 2, mailed: 2, deliveries: 2 }]);
    const notice = c.mails[0]?.data;
    expect(notice?.heading).toMatch(/failed$/);
    expect(notice?.facts?.find((f) => f.label === 'Step')?.value).toBe('Create contact (HTTP · HTTP Request)');
    expect(notice?.facts?.find((f) => f.label === 'What the app answered')?.value).toMatch(/^422 — .*is invalid/);
    expect(notice?.advice).toMatch(/mapping/);
    expect(notice?.action?.url).toBe(`https://konnect.example.test/app/${workspaceId}/runs/${failed.runId}`);

    const [slackJob, hookJob] = await deliveries();
    for (const job of [slackJob, hookJob]) expect((await processAlert(t.p, c.ctx, job as AlertJob)).decision).toEqual(['delivered 200']);
    const slack = rx.received.find((r) => r.path === '/slack');
    const slackBody = JSON.parse(slack?.raw ?? '{}') as { text: string; blocks: { type: string; text?: { type: string; text: string } }[] };
    expect(slackBody.text).toContain('Konnector failed');
    expect(slackBody.blocks[0]).toMatchObject({ type: 'section', text: { type: 'mrkdwn' } });
    expect(slackBody.blocks.some((b) => b.text?.text.includes(`|Open the failed run>`))).toBe(true);

    const hook = rx.received.find((r) => r.path === '/hook');
    const timestamp = String(hook?.headers['x-konnect-timestamp']);
    const expected = `v1=${createHmac('sha256', SECRET).update(`${timestamp}.${hook?.raw ?? ''}`).digest('hex')}`;
    expect(hook?.headers['x-konnect-signature']).toBe(expected);
    const event = JSON.parse(hook?.raw ?? '{}') as Record<string, unknown>;
    expect(event).toMatchObject({ event: 'run_failed', workspace: { id: workspaceId }, konnector: { id }, run: { id: failed.runId }, error: { kind: 'validation', status: 422 } });
    expect(typeof event.occurredAt).toBe('string');
    const status = await t.db.alertSetting.findFirstOrThrow({ where: { workspaceId, konnectorId: '' } });
    expect(status.lastDelivery).toMatchObject({ slack: { ok: true }, webhook: { ok: true }, email: { ok: true } });

    // The app works again: the claim saw the failing streak, so the success is reported.
    rx.status.set('/app', 200);
    const ok = await fire();
    expect(ok.outcome).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect((await processAlert(t.p, c.ctx, await queued(`ok-${ok.runId}`))).decision).toEqual(['recovered']);
    await deliveries();
    // The streak is over: the next success costs the run path nothing (no job).
    const quiet = await fire();
    await new Promise((r) => setTimeout(r, 200));
    expect(await t.p.queues.queue('alert').getJob(`ok-${quiet.runId}`)).toBeUndefined();
    const inbox = await t.db.notification.findMany({ where: { userId: people.owner.userId, konnectorId: id }, orderBy: { createdAt: 'asc' } });
    expect(inbox.map((n) => n.kind)).toEqual(['run_failed', 'konnector_recovered']);
  });

  it('a failed delivery is retried, and after its last attempt owners and admins are told', async () => {
    rx.status.set('/slack', 500);
    const c = capture();
    const job = parseJob('alert', { type: 'deliver', channel: 'slack', workspaceId, event: 'run_failed', at: new Date().toISOString(), body: { text: 'x' } });
    await expect(processAlert(t.p, c.ctx, job, false)).rejects.toThrow(/500/);
    let status = await t.db.alertSetting.findFirstOrThrow({ where: { workspaceId, konnectorId: '' } });
    expect(status.lastDelivery).toMatchObject({ slack: { ok: false, message: expect.stringMatching(/^will retry/) } });
    await expect(processAlert(t.p, c.ctx, job, true)).rejects.toThrow(/500/);
    status = await t.db.alertSetting.findFirstOrThrow({ where: { workspaceId, konnectorId: '' } });
    expect(status.lastDelivery).toMatchObject({ slack: { ok: false, message: expect.stringMatching(/^gave up/) } });
    // The Slack URL (a secret) is not in what people see.
    expect(JSON.stringify(status.lastDelivery)).not.toContain('/slack');
    const told = await t.db.notification.findMany({ where: { workspaceId, kind: 'alert_delivery_failed' } });
    expect(told.map((n) => n.userId).sort()).toEqual([people.owner.userId, people.admin.userId].sort());
    expect(told[0]?.title).toBe('Alert delivery to Slack failed');
    rx.status.delete('/slack');
  });

  it('a connection that starts needing attention alerts once; without a mailer the alert says email is not configured', async () => {
    const connection = await t.db.connection.create({ data: { workspaceId, connectorKey: 'custify', name: 'Custify EU', secret: 'x', keyVersion: 'test' } });
    await markConnectionNeedsAttention(t.p, workspaceId, connection.id, 'Custify rejected the credentials (401)');
    await markConnectionNeedsAttention(t.p, workspaceId, connection.id, 'Custify rejected the credentials (401) again');
    const jobs = await eventually(async () => {
      const all = (await t.p.queues.queue('alert').getJobs(['waiting', 'prioritized'])).map((j) => parseJob('alert', j.data));
      const mine = all.filter((j) => j.type === 'connection');
      return mine.length > 0 ? mine : undefined;
    });
    expect(jobs).toHaveLength(1);
    const c = capture(new Date(), 'unavailable');
    await processAlert(t.p, c.ctx, jobs[0] as AlertJob);
    const n = await t.db.notification.findFirstOrThrow({ where: { userId: people.owner.userId, connectionId: connection.id } });
    expect(n).toMatchObject({ kind: 'connection_attention', title: 'Connection Custify EU needs attention' });
    expect(n.body).toContain(MAIL_UNAVAILABLE);
    const status = await t.db.alertSetting.findFirstOrThrow({ where: { workspaceId, konnectorId: '' } });
    expect(status.lastDelivery).toMatchObject({ email: { ok: false, message: MAIL_UNAVAILABLE } });
    await deliveries();
  });

  it('an unverified address gets the in-app notification but no alert mail', async () => {
    const ws = await createWorkspace(t.db);
    const crew = await addPeople(t.db, ws);
    await t.db.user.update({ where: { id: crew.admin.userId }, data: { emailVerifiedAt: null } });
    try {
      const connection = await t.db.connection.create({ data: { workspaceId: ws, connectorKey: 'custify', name: 'Custify US', secret: 'x', keyVersion: 'test' } });
      await markConnectionNeedsAttention(t.p, ws, connection.id, 'Custify rejected the credentials (401)');
      const job = await eventually(async () => {
        const all = (await t.p.queues.queue('alert').getJobs(['waiting', 'prioritized'])).map((j) => parseJob('alert', j.data));
        return all.find((j) => j.type === 'connection' && j.workspaceId === ws);
      });
      const c = capture(new Date());
      await processAlert(t.p, c.ctx, job);
      expect(c.mails).toHaveLength(1);
      expect(c.mails[0]?.to).toEqual([crew.owner.email]);
      const notified = await t.db.notification.findMany({ where: { workspaceId: ws, connectionId: connection.id }, select: { userId: true } });
      expect(notified.map((n) => n.userId).sort()).toEqual([crew.owner.userId, crew.admin.userId].sort());
    } finally {
      await t.db.workspace.delete({ where: { id: ws } });
      await t.db.user.deleteMany({ where: { id: { in: [crew.owner.userId, crew.admin.userId, crew.member.userId] } } });
      await deliveries();
    }
  });
});
