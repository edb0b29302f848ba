/**
 * The mail queue end to end on real Postgres, Redis and a real SMTP server on loopback: delivery
 * with both parts, 550 (failed at once, not retried), 451 (retried, then sent), a server that holds
 * its reply (the caller returned long before), secrets kept out of every log line and error, and
 * the reconciler enqueueing a mail whose job Redis lost.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createMailer, parseSmtpUrl } from '@konnect/mail';
import { startTestSmtp, type TestSmtp } from '@konnect/mail/testing';
import { createRegistry } from '@konnect/sdk';
import { isAppError } from './errors';
import { queueMail } from './mail';
import { reviveMail } from './mail-revive';
import { createWorkspace, eventually, testPlatform, type TestPlatform } from './test-fixtures';
import { startWorkers, type RunningWorkers } from './workers';

const PASSWORD = 'smtp-pa55word-XYZ';
const TOKEN = 'inv1te-t0ken-abcdefghijklmnop';
let t: TestPlatform;
let smtp: TestSmtp;
let workspaceId: string;
let owner: string;
let running: RunningWorkers | undefined;
const lines: string[] = [];

beforeAll(async () => {
  t = await testPlatform('mail', createRegistry([]));
  smtp = await startTestSmtp({ auth: { user: 'konnect', pass: PASSWORD } });
  t.p.mailer = createMailer({ ...parseSmtpUrl(smtp.url), from: 'Konnect <alerts@konnect.test>', tlsInsecure: false });
  t.p.log = { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) };
  workspaceId = await createWorkspace(t.db);
  const user = await t.db.user.create({ data: { email: `mail-owner-${workspaceId}@example.test`, name: 'Owner', passwordHash: 'x', memberships: { create: { workspaceId, role: 'owner' } } } });
  owner = user.id;
});
afterEach(async () => {
  await running?.close(5000);
  running = undefined;
});
afterAll(async () => {
  t.p.mailer?.close();
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.db.user.delete({ where: { id: owner } }).catch(() => undefined);
  await smtp.close();
  await t.close();
});

const start = () => (running = startWorkers(t.p, { mailRetryDelayMs: 50, concurrency: { run: 1, poll: 1, schedule: 1 } }));
const row = (id: string) => t.db.mailMessage.findUniqueOrThrow({ where: { id } });
const settled = (id: string) =>
  eventually(async () => {
    const r = await row(id);
    return r.status === 'sent' || r.status === 'failed' ? r : undefined;
  }, 30_000, `mail ${id} to settle`);

const notice = (subject: string, to = 'ada@example.test') => ({
  to: [to],
  workspaceId,
  template: 'notice' as const,
  data: { subject, heading: subject, intro: 'Something happened.', action: { label: 'Open the failed run', url: 'http://localhost:3000/app/w/runs/r1' } },
});

describe('queueMail and the mail worker', () => {
  it('sends a queued mail with both parts and records it as sent', async () => {
    start();
    const q = await queueMail(t.p, notice('Delivered'));
    expect(q.status).toBe('queued');
    const done = await settled(q.id);
    expect(done).toMatchObject({ status: 'sent', attempts: 1, lastError: null, workspaceId, to: ['ada@example.test'], template: 'notice', subject: 'Delivered' });
    expect(done.messageId).toContain(q.id);
    const got = smtp.received.find((r) => r.mail.subject === 'Delivered');
    expect(got?.mail.html).toContain('Open the failed run');
    expect(got?.mail.text).toContain('http://localhost:3000/app/w/runs/r1');
    expect(got?.mail.from?.text).toContain('alerts@konnect.test');
    expect(got?.envelope.to).toEqual(['ada@example.test']);
    expect(got?.mail.messageId).toBe(done.messageId);
  });

  it('fails a mail at once on 550 (not retried), and retries a 451 until it is sent', async () => {
    start();
    const before = smtp.attempts();
    smtp.rejectNext(550, 'No such user here');
    const rejected = await queueMail(t.p, notice('Rejected', 'gone@example.test'));
    expect(await settled(rejected.id)).toMatchObject({ status: 'failed', attempts: 1, sentAt: null });
    expect((await row(rejected.id)).lastError).toContain('550 No such user here');
    // Not only in the instance admins' mail log: the workspace's owners and admins are told in-app
    // (written just after the mail's status, so waited for).
    const told = await eventually(
      async () => {
        const rows = await t.db.notification.findMany({ where: { workspaceId, kind: 'mail_failed' }, select: { userId: true, title: true, body: true } });
        return rows.length ? rows : undefined;
      },
      30_000,
      'the mail_failed notification',
    );
    expect(told).toEqual([{ userId: owner, title: 'An alert mail to gone@example.test could not be delivered', body: expect.stringContaining('550 No such user here') }]);

    smtp.rejectNext(451, 'Greylisted, try again', 2);
    const greylisted = await queueMail(t.p, notice('Greylisted'));
    expect(await settled(greylisted.id)).toMatchObject({ status: 'sent', attempts: 3, lastError: null });
    // DATA commands seen since: 1 (the 550, never retried) + 3 (two 451s, then accepted).
    expect(smtp.attempts() - before).toBe(4);
    expect((await row(rejected.id)).status).toBe('failed');
  });

  it('returns to the caller while the SMTP server still holds its reply', async () => {
    start();
    const held = smtp.holdNext();
    const q = await queueMail(t.p, notice('Slow server'));
    // The caller has its answer; only now does the mail reach the server, which holds the reply.
    expect(q.status).toBe('queued');
    await held.arrived;
    expect((await row(q.id)).status).toBe('sending');
    held.release();
    expect(await settled(q.id)).toMatchObject({ status: 'sent' });
  });

  it('keeps the SMTP password and the invitation token out of logs, errors and the plain columns', async () => {
    const spies = (['log', 'info', 'warn', 'error'] as const).map((m) => vi.spyOn(console, m));
    start();
    const acceptUrl = `http://localhost:3000/signup?invite=${TOKEN}&email=bob%40example.test`;
    smtp.rejectNext(451, `Temporary trouble with ${acceptUrl}`);
    const invite = await queueMail(t.p, {
      to: ['bob@example.test'],
      workspaceId,
      template: 'invitation',
      data: { workspaceName: 'Acme', inviterName: 'Ada', role: 'member', acceptUrl },
    });
    smtp.rejectNext(554, `Rejected: login konnect/${PASSWORD}`);
    const bounced = await queueMail(t.p, notice('Bounced'));
    const sent = await settled(invite.id);
    const failed = await settled(bounced.id);
    expect(sent.status).toBe('sent');
    expect(failed.status).toBe('failed');
    const got = smtp.received.find((r) => r.mail.subject === 'Ada invited you to Acme on Konnect');
    expect(got?.mail.text).toContain(acceptUrl);
    expect(got?.user).toBe('konnect');

    const printed = spies.flatMap((s) => s.mock.calls.map((c) => c.map(String).join(' ')));
    spies.forEach((s) => s.mockRestore());
    const everything = [...lines, ...printed, JSON.stringify(await t.db.mailMessage.findMany({ where: { workspaceId }, omit: { payload: true } }))].join('\n');
    expect(lines.some((l) => l.includes(bounced.id))).toBe(true);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(TOKEN);
    expect(failed.lastError).toContain('[redacted]');
    const sealed = await row(invite.id);
    expect(sealed.payload).not.toContain(TOKEN);
    expect(sealed.payload).not.toContain('bob@example.test'.replace('@', '%40'));
  });

  it('enqueues again a queued mail whose job Redis lost', async () => {
    const q = await queueMail(t.p, notice('Lost in Redis'));
    await t.p.queues.queue('mail').remove(q.id);
    expect(await t.p.queues.queue('mail').getJobState(q.id)).toBe('unknown');
    expect(await reviveMail(t.p, { workspaceIds: [workspaceId], queuedGraceMs: 60_000 })).toEqual([]);
    expect(await reviveMail(t.p, { workspaceIds: [workspaceId], queuedGraceMs: 0 })).toEqual([q.id]);
    // Its job waits now: a second pass leaves it alone.
    expect(await reviveMail(t.p, { workspaceIds: [workspaceId], queuedGraceMs: 0 })).toEqual([]);
    start();
    expect(await settled(q.id)).toMatchObject({ status: 'sent' });
  });

  it("answers 'unavailable' without a mailer, and refuses a bad request naming the field", async () => {
    const mailer = t.p.mailer;
    delete t.p.mailer;
    try {
      expect(await queueMail(t.p, notice('Nowhere'))).toEqual({ id: '', status: 'unavailable' });
      expect(await t.db.mailMessage.count({ where: { subject: 'Nowhere' } })).toBe(0);
    } finally {
      if (mailer) t.p.mailer = mailer;
    }
    const bad = await queueMail(t.p, { ...notice('Bad'), to: ['not-an-address'] }).catch((e: unknown) => e);
    expect(isAppError(bad) && bad.message).toMatch(/^to\.0: /);
  });
});
