/**
 * Invitations and the mail log over real HTTP-less route calls, a real SMTP server on loopback and
 * real mail workers on Redis: the invitation mail arrives with its accept link, the members list
 * shows its status, a 550 is visible in the admin mail log, and the log never returns sealed data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { startTestSmtp, type TestSmtp } from '@konnect/mail/testing';
import { createPlatform, createQueues, createRedis, queueMail, startWorkers, type Platform, type RunningWorkers } from '@konnect/platform';
import { GET as MAIL_LOG } from '@/app/api/v1/admin/mail/route';
import { GET as MEMBERS, POST as INVITE } from '@/app/api/v1/workspaces/[workspaceId]/members/route';
import { invitationForSignUp } from '@/server/account/invitation-lookup';
import { db, keyring, platform } from '@/server/services';
import { createOwner, createUser, testDb } from '@/test/fixtures';
import { platformTestEnv, type PlatformTestEnv } from '@/test/platform';
import { call, errorOf } from '@/test/request';

const adminEmail = `mail-admin-${uniqueSuffix()}@example.test`;
let smtp: TestSmtp;
let env: PlatformTestEnv;
let workers: RunningWorkers;
let workerPlatform: Platform;

beforeAll(async () => {
  smtp = await startTestSmtp();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = 'Konnect <no-reply@konnect.test>';
  process.env.INSTANCE_ADMIN_EMAILS = `someone@else.test, ${adminEmail.toUpperCase()}`;
  env = await platformTestEnv('invite-mail');
  // A worker's own platform, as apps/worker builds it: BullMQ workers need a Redis connection that never gives up.
  const web = platform();
  const queues = createQueues(createRedis(process.env.REDIS_URL || 'redis://127.0.0.1:6379'), web.queues.prefix);
  workerPlatform = createPlatform({ db: db(), queues, registry: web.registry, keyring: keyring(), ...(web.mailer ? { mailer: web.mailer } : {}) });
  workers = startWorkers(workerPlatform, { mailRetryDelayMs: 50, concurrency: { run: 1, poll: 1, schedule: 1 } });
});
afterAll(async () => {
  await workers.close(5000);
  await workerPlatform.queues.close();
  await workerPlatform.queues.redis.quit();
  platform().mailer?.close();
  await env.close();
  await smtp.close();
});

async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

type Invited = { kind: string; invitation?: { id: string; email: string; mailStatus: string | null }; mail: { status: string; mailId?: string; link?: string } };

describe('invitation mail', () => {
  it('emails an accept link to the invitation page, and the members list shows the mail status', async () => {
    const { user, workspaceId } = await createOwner('inviter');
    const newcomer = `newcomer-${uniqueSuffix()}@example.test`;
    const res = await call(INVITE, 'POST', '/m', { as: { user }, params: { workspaceId }, body: { email: newcomer, role: 'admin' } });
    expect(res.status).toBe(201);
    const body = res.json as Invited;
    expect(body).toMatchObject({ kind: 'invitation', mail: { status: 'queued' }, invitation: { email: newcomer, mailStatus: 'queued' } });
    // The link is a secret: it goes by mail only, never back in the API response.
    expect(res.text).not.toMatch(/invite=/);

    const got = await eventually(async () => smtp.received.find((r) => r.envelope.to.includes(newcomer)), 'the invitation mail');
    expect(got.mail.subject).toBe(`${user.name} invited you to inviter workspace on Konnect`);
    const link = /http:\/\/localhost:3000\/invitations\/accept\?token=([\w-]+)/.exec(got.mail.text ?? '');
    expect(link?.[1]).toBeTruthy();
    expect(got.mail.html).toContain('Accept the invitation');
    expect(await invitationForSignUp(link?.[1], newcomer)).toEqual({ email: newcomer, workspaceName: 'inviter workspace', token: link?.[1] });
    expect(await invitationForSignUp('x'.repeat(43), newcomer)).toEqual({ email: newcomer });

    const listed = await eventually(async () => {
      const list = (await call(MEMBERS, 'GET', '/m', { as: { user }, params: { workspaceId } })).json as { invitations: { email: string; mailStatus: string }[] };
      const inv = list.invitations.find((i) => i.email === newcomer);
      return inv?.mailStatus === 'sent' ? inv : undefined;
    }, 'mailStatus sent');
    expect(listed.mailStatus).toBe('sent');
  });

  it('an existing account gets the same invitation mail (an accept link), and is not added', async () => {
    const { user, workspaceId } = await createOwner('adder');
    const existing = await createUser('existing');
    const res = await call(INVITE, 'POST', '/m', { as: { user }, params: { workspaceId }, body: { email: existing.email } });
    expect(res.json).toMatchObject({ kind: 'invitation', mail: { status: 'queued' } });
    const got = await eventually(async () => smtp.received.find((r) => r.envelope.to.includes(existing.email)), 'the invitation mail');
    expect(got.mail.subject).toBe(`${user.name} invited you to adder workspace on Konnect`);
    expect(got.mail.text).toMatch(/http:\/\/localhost:3000\/invitations\/accept\?token=[\w-]{40,}/);
    expect(await testDb().membership.count({ where: { workspaceId, userId: existing.id } })).toBe(0);
  });
});

describe('GET /api/v1/admin/mail', () => {
  it('shows instance admins a 550 as failed, newest first, by status; 404 for everyone else; never the sealed data', async () => {
    const { workspaceId } = await createOwner('mail-log');
    const admin = await testDb().user.create({ data: { email: adminEmail, name: 'Instance admin', passwordHash: 'x' }, select: { id: true, email: true, name: true } });
    const stranger = await createUser('not-admin');
    const secretLink = `http://localhost:3000/signup?invite=tok-${uniqueSuffix()}-secretsecret`;
    smtp.rejectNext(550, 'No such mailbox');
    const q = await queueMail(platform(), { to: [`gone-${uniqueSuffix()}@example.test`], workspaceId, template: 'invitation', data: { workspaceName: 'Acme', inviterName: 'Ada', role: 'member', acceptUrl: secretLink } });
    await eventually(async () => ((await testDb().mailMessage.findUnique({ where: { id: q.id } }))?.status === 'failed' ? true : undefined), 'the 550 to fail the mail');

    const failed = await call(MAIL_LOG, 'GET', '/a', { as: { user: admin }, query: { status: 'failed', limit: '100' } });
    expect(failed.status).toBe(200);
    const page = failed.json as { mails: { id: string; status: string; attempts: number; lastError: string; template: string; subject: string }[]; total: number };
    const row = page.mails.find((m) => m.id === q.id);
    expect(row).toMatchObject({ status: 'failed', attempts: 1, template: 'invitation', subject: 'Ada invited you to Acme on Konnect' });
    expect(row?.lastError).toContain('550 No such mailbox');
    expect(page.mails.every((m) => m.status === 'failed')).toBe(true);
    expect(failed.text).not.toContain('payload');
    expect(failed.text).not.toContain('secretsecret');

    const all = (await call(MAIL_LOG, 'GET', '/a', { as: { user: admin } })).json as { mails: { createdAt: string }[] };
    const times = all.mails.map((m) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);

    expect((await call(MAIL_LOG, 'GET', '/a', { as: { user: stranger } })).status).toBe(404);
    expect((await call(MAIL_LOG, 'GET', '/a')).status).toBe(401);
    expect(errorOf(await call(MAIL_LOG, 'GET', '/a', { as: { user: admin }, query: { status: 'lost' } }))).toMatchObject({ code: 'bad_request', field: 'status' });
  });
});
