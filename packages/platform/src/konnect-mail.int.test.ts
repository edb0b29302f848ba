/**
 * Konnect mail on real Postgres and Redis: the daily quota takes exactly N under concurrent sends
 * from several database pools and refuses the rest; it is per workspace and per UTC day; a mail the
 * queue did not take gives its unit back; no mail queue means "unavailable" without touching the
 * quota. End to end, a run's Konnect Mail step reaches the queue through the action context, and
 * fails visibly on an instance without a mailer.
 */
import { createMailer, parseSmtpUrl } from '@konnect/mail';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { konnectMailConnector } from '@konnect/connector-email';
import type { Db } from '@konnect/db';
import { testDb } from '@konnect/db/testing';
import { ConnectorError, createRegistry } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { konnectMailService, mailQuotaUsed, utcDay, type CustomMailRequest, type MailQueue } from './konnect-mail';
import { processRun } from './run';
import { createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const registry = createRegistry([catchHookConnector, konnectMailConnector]);
let t: TestPlatform;
const pools: Db[] = [];
const workspaces: string[] = [];

beforeAll(async () => {
  t = await testPlatform('konnect-mail', registry);
  pools.push(await testDb(), await testDb(), await testDb());
});
afterAll(async () => {
  await t.db.workspace.deleteMany({ where: { id: { in: workspaces } } });
  await Promise.all(pools.map((db) => db.$disconnect()));
  await t.close();
});

async function workspace(): Promise<string> {
  const id = await createWorkspace(t.db);
  workspaces.push(id);
  return id;
}

function recordingQueue(status: 'queued' | 'unavailable' = 'queued') {
  const queued: CustomMailRequest[] = [];
  const queue: MailQueue = async (msg) => {
    queued.push(msg);
    return { id: `mail-${queued.length}`, status };
  };
  return { queue, queued };
}

const msg = { to: ['ada@example.com'], subject: 'Hello', text: 'Hi' };
const today = utcDay(new Date());

describe('Konnect mail quota', () => {
  it('takes exactly N of many concurrent sends, from several pools, and refuses the rest', async () => {
    const workspaceId = await workspace();
    const { queue, queued } = recordingQueue();
    const limits = { ...t.p.limits, konnectMailDailyLimit: 7 };
    const services = pools.map((db) => konnectMailService({ ...t.p, db, limits }, workspaceId, { queue }));
    const results = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => services[i % services.length]!.send(msg)));
    const sent = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(sent).toHaveLength(7);
    expect(queued).toHaveLength(7);
    expect(refused).toHaveLength(23);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ConnectorError);
      expect(r.reason).toMatchObject({
        kind: 'rate_limited',
        retryable: false,
        message: "This workspace's daily Konnect mail limit of 7 is reached; it resets at 00:00 UTC. Use the Email tool with an SMTP connection to send more.",
      });
    }
    expect(await mailQuotaUsed(t.db, workspaceId, today)).toBe(7);
  });

  it('counts per workspace and per UTC day', async () => {
    const [a, b] = [await workspace(), await workspace()];
    const { queue } = recordingQueue();
    const limits = { ...t.p.limits, konnectMailDailyLimit: 1 };
    let now = new Date('2026-03-01T23:59:59.000Z');
    const serviceA = konnectMailService({ ...t.p, db: t.db, limits }, a, { now: () => now, queue });
    await serviceA.send(msg);
    await expect(serviceA.send(msg)).rejects.toMatchObject({ kind: 'rate_limited' });
    await konnectMailService({ ...t.p, db: t.db, limits }, b, { now: () => now, queue }).send(msg);
    now = new Date('2026-03-02T00:00:00.000Z');
    await expect(serviceA.send(msg)).resolves.toMatchObject({ status: 'queued' });
    expect(await mailQuotaUsed(t.db, a, '2026-03-01')).toBe(1);
    expect(await mailQuotaUsed(t.db, a, '2026-03-02')).toBe(1);
    expect(await mailQuotaUsed(t.db, b, '2026-03-01')).toBe(1);
  });

  it('hands the queue a custom mail for the workspace', async () => {
    const workspaceId = await workspace();
    const { queue, queued } = recordingQueue();
    const result = await konnectMailService({ ...t.p, db: t.db, limits: t.p.limits }, workspaceId, { queue }).send({ ...msg, cc: ['c@example.com'], replyTo: 'r@example.com', html: '<p>Hi</p>' });
    expect(result).toEqual({ id: 'mail-1', status: 'queued' });
    expect(queued).toEqual([{ to: ['ada@example.com'], cc: ['c@example.com'], replyTo: 'r@example.com', workspaceId, template: 'custom', data: { subject: 'Hello', text: 'Hi', html: '<p>Hi</p>' } }]);
  });

  it('gives the unit back when the queue did not take the mail', async () => {
    const workspaceId = await workspace();
    const unavailable = recordingQueue('unavailable');
    expect(await konnectMailService({ ...t.p, db: t.db, limits: t.p.limits }, workspaceId, { queue: unavailable.queue }).send(msg)).toMatchObject({ status: 'unavailable' });
    const broken: MailQueue = async () => Promise.reject(new Error('redis is away'));
    await expect(konnectMailService({ ...t.p, db: t.db, limits: t.p.limits }, workspaceId, { queue: broken }).send(msg)).rejects.toMatchObject({
      kind: 'server',
      retryable: true,
      message: 'Konnect mail could not be queued: redis is away',
    });
    expect(await mailQuotaUsed(t.db, workspaceId, today)).toBe(0);
  });

  it('without a mailer: unavailable, and the quota untouched', async () => {
    const workspaceId = await workspace();
    expect(await konnectMailService({ ...t.p, mailer: undefined }, workspaceId).send(msg)).toEqual({ id: '', status: 'unavailable' });
    expect(await mailQuotaUsed(t.db, workspaceId, today)).toBe(0);
  });
});

describe('Konnect Mail in a run', () => {
  async function mailRun(workspaceId: string): Promise<string> {
    const id = await createKonnector(t.db, workspaceId, {
      trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
      steps: [{ type: 'action', id: 'mail', connector: 'konnect_mail', action: 'send_email', input: { to: '{{trigger.email}}', subject: 'Order {{trigger.order}}', text: 'Thanks!' } }],
    });
    const { hookToken } = await activate(t.p, workspaceId, id);
    const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { email: 'ada@example.com', order: 'A-1' }, headers: {}, query: {} });
    if (!runId) throw new Error('no run');
    return runId;
  }

  it('the step reaches the instance mailer through the action context', async () => {
    const workspaceId = await workspace();
    // A mailer that is never reached here: queueMail only stores the mail and enqueues its job.
    t.p.mailer = createMailer({ ...parseSmtpUrl('smtp://127.0.0.1:9'), from: 'Konnect <no-reply@konnect.test>', tlsInsecure: false });
    try {
      const runId = await mailRun(workspaceId);
      expect(await processRun(t.p, { workspaceId, runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
      const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'mail' } });
      expect(step).toMatchObject({ status: 'succeeded', output: { status: 'queued', recipients: 1 } });
      const mail = await t.db.mailMessage.findFirstOrThrow({ where: { workspaceId } });
      expect(mail).toMatchObject({ id: (step.output as { id: string }).id, to: ['ada@example.com'], template: 'custom', subject: 'Order A-1', status: 'queued' });
      expect(await mailQuotaUsed(t.db, workspaceId, today)).toBe(1);
    } finally {
      t.p.mailer?.close();
      delete t.p.mailer;
    }
  });

  it('an instance without a mailer fails the run, saying so', async () => {
    const workspaceId = await workspace();
    const runId = await mailRun(workspaceId);
    expect(await processRun(t.p, { workspaceId, runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'failed' });
    const row = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    expect(row.error).toMatchObject({ kind: 'config', stepId: 'mail', retryable: false, message: expect.stringMatching(/^This Konnect instance has no mailer configured/) });
  });
});
