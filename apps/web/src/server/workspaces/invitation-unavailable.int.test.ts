/** Without SMTP_URL (no mailer) an invitation says so and hands back the link; without DEV_MAILBOX_URL /dev/mailbox does not exist. */
import { describe, expect, it, vi } from 'vitest';
import { uniqueSuffix } from '@konnect/db/testing';
import { POST as INVITE } from '@/app/api/v1/workspaces/[workspaceId]/members/route';
import { createOwner, testDb } from '@/test/fixtures';
import { call } from '@/test/request';

delete process.env.SMTP_URL;
delete process.env.DEV_MAILBOX_URL;
const signedIn = vi.hoisted(() => ({ user: null as { id: string; name: string; email: string } | null }));
vi.mock('@/server/current-user', () => ({ currentUser: async () => signedIn.user }));

describe('no mailer on this instance', () => {
  it('invites, answers unavailable with the accept link, and queues nothing', async () => {
    const { user, workspaceId } = await createOwner('no-mailer');
    const email = `nomail-${uniqueSuffix()}@example.test`;
    const res = await call(INVITE, 'POST', '/m', { as: { user }, params: { workspaceId }, body: { email } });
    expect(res.status).toBe(201);
    const body = res.json as { kind: string; invitation: { mailStatus: string | null }; mail: { status: string; link: string; reason: string } };
    expect(body.kind).toBe('invitation');
    expect(body.mail.status).toBe('unavailable');
    expect(body.mail.reason).toMatch(/not set up/);
    expect(body.mail.link).toMatch(/^http:\/\/localhost:3000\/invitations\/accept\?token=[\w-]{40,}$/);
    expect(body.invitation.mailStatus).toBeNull();
    expect(await testDb().mailMessage.count({ where: { workspaceId } })).toBe(0);
  });

  it('/dev/mailbox is a 404 without DEV_MAILBOX_URL, even for an owner', async () => {
    const { user } = await createOwner('dev-mailbox-off');
    signedIn.user = user;
    const { default: Page } = await import('@/app/dev/mailbox/page');
    await expect(Page({ searchParams: Promise.resolve({}) })).rejects.toMatchObject({ digest: expect.stringContaining('404') });
  });
});
