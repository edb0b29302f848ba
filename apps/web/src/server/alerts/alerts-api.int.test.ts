/**
 * The notification center and alert settings API through the real route handlers and Postgres:
 * a user sees and marks only their own notifications, another workspace's are 404, bad settings are
 * 400s naming the field, only owners and admins change settings (audited), the webhook URLs and the
 * signing secret are never returned (the secret once, when generated), and member events notify
 * owners and admins.
 */
import { describe, expect, it } from 'vitest';
import { addMember, createOwner, createUser, testDb } from '@/test/fixtures';
import { call, errorOf } from '@/test/request';
import { GET as LIST } from '@/app/api/v1/workspaces/[workspaceId]/notifications/route';
import { POST as READ_ALL } from '@/app/api/v1/workspaces/[workspaceId]/notifications/read-all/route';
import { POST as READ } from '@/app/api/v1/workspaces/[workspaceId]/notifications/[notificationId]/read/route';
import { GET as SETTINGS, PUT as SAVE } from '@/app/api/v1/workspaces/[workspaceId]/alert-settings/route';
import { DELETE as UNOVERRIDE, GET as K_SETTINGS, PUT as OVERRIDE } from '@/app/api/v1/workspaces/[workspaceId]/konnectors/[konnectorId]/alert-settings/route';
import { POST as INVITE } from '@/app/api/v1/workspaces/[workspaceId]/members/route';
import { POST as ACCEPT } from '@/app/api/v1/invitations/accept/route';
import { newInvitationToken } from '@/server/workspaces/invitation-mail';

type Page = { items: { id: string; title: string; read: boolean }[]; unreadCount: number; nextCursor: string | null };

async function notify(workspaceId: string, userId: string, title: string) {
  return testDb().notification.create({ data: { workspaceId, userId, kind: 'run_failed', title } });
}

describe('notifications API', () => {
  it('lists only the caller’s own, newest first, paginated, with the unread count; marks read', async () => {
    const { user, workspaceId } = await createOwner();
    const other = await createUser('member');
    await addMember(workspaceId, other.id, 'member');
    for (let i = 0; i < 3; i++) await notify(workspaceId, user.id, `mine ${i}`);
    const theirs = await notify(workspaceId, other.id, 'theirs');

    const first = await call(LIST, 'GET', '/n', { as: { user }, params: { workspaceId }, query: { limit: '2' } });
    const page = first.json as Page;
    expect(page.items.map((n) => n.title)).toEqual(['mine 2', 'mine 1']);
    expect(page.unreadCount).toBe(3);
    const next = (await call(LIST, 'GET', '/n', { as: { user }, params: { workspaceId }, query: { limit: '2', before: page.nextCursor ?? '' } })).json as Page;
    expect(next.items.map((n) => n.title)).toEqual(['mine 0']);
    expect(next.nextCursor).toBeNull();

    // Someone else's notification: not found, and left unread.
    expect((await call(READ, 'POST', '/n', { as: { user }, params: { workspaceId, notificationId: theirs.id } })).status).toBe(404);
    expect((await testDb().notification.findUniqueOrThrow({ where: { id: theirs.id } })).readAt).toBeNull();

    const read = await call(READ, 'POST', '/n', { as: { user }, params: { workspaceId, notificationId: page.items[0]?.id ?? '' } });
    expect(read.json).toEqual({ unreadCount: 2 });
    expect((await call(READ_ALL, 'POST', '/n', { as: { user }, params: { workspaceId } })).json).toEqual({ updated: 2, unreadCount: 0 });
    const theirList = (await call(LIST, 'GET', '/n', { as: { user: other }, params: { workspaceId } })).json as Page;
    expect(theirList).toMatchObject({ unreadCount: 1, items: [{ title: 'theirs', read: false }] });
  });

  it('another workspace: 404 for its notifications and its settings', async () => {
    const a = await createOwner();
    const b = await createOwner();
    const n = await notify(b.workspaceId, b.user.id, 'b only');
    const k = await testDb().konnector.create({ data: { workspaceId: b.workspaceId, name: 'B', draft: {} } });
    expect((await call(LIST, 'GET', '/n', { as: { user: a.user }, params: { workspaceId: b.workspaceId } })).status).toBe(404);
    expect((await call(READ, 'POST', '/n', { as: { user: a.user }, params: { workspaceId: a.workspaceId, notificationId: n.id } })).status).toBe(404);
    expect((await call(SETTINGS, 'GET', '/s', { as: { user: a.user }, params: { workspaceId: b.workspaceId } })).status).toBe(404);
    expect((await call(K_SETTINGS, 'GET', '/s', { as: { user: a.user }, params: { workspaceId: a.workspaceId, konnectorId: k.id } })).status).toBe(404);
    expect((await call(OVERRIDE, 'PUT', '/s', { as: { user: a.user }, params: { workspaceId: a.workspaceId, konnectorId: k.id }, body: { digestMinutes: 5 } })).status).toBe(404);
  });
});

describe('alert settings API', () => {
  it('validates with 400s naming the field; members cannot change settings', async () => {
    const { user, workspaceId } = await createOwner();
    const member = await createUser('member');
    await addMember(workspaceId, member.id, 'member');
    const put = (body: unknown, as = user) => call(SAVE, 'PUT', '/s', { as: { user: as }, params: { workspaceId }, body });
    for (const [body, field] of [
      [{ digestMinutes: 0 }, 'digestMinutes'],
      [{ slackWebhookUrl: 'http://hooks.slack.com/x' }, 'slackWebhookUrl'],
      [{ webhookUrl: 'ftp://example.com' }, 'webhookUrl'],
      [{ recipients: { owners: true, admins: true, members: ['not-an-email'] } }, 'recipients.members.0'],
      [{ autoPauseAfter: 1 }, 'autoPauseAfter'],
      [{ events: { runFailed: true } }, 'events.recovered'],
    ] as const) {
      const res = await put(body);
      expect(res.status, res.text).toBe(400);
      expect(errorOf(res).field).toBe(field);
    }
    expect((await put({ digestMinutes: 5 }, member)).status).toBe(403);
  });

  it('seals the webhook URLs and secret: never returned, the secret shown once; audited', async () => {
    const { user, workspaceId } = await createOwner();
    const slack = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';
    const hook = 'https://example.com/konnect-events?token=abc123';
    const saved = await call(SAVE, 'PUT', '/s', { as: { user }, params: { workspaceId }, body: { slackWebhookUrl: slack, webhookUrl: hook, digestMinutes: 15, autoPauseAfter: 5 } });
    expect(saved.status, saved.text).toBe(200);
    const dto = saved.json as { webhookSecret: string; settings: { digestMinutes: number; autoPauseAfter: number }; slack: { configured: boolean; hint: string }; webhook: { secretSet: boolean } };
    expect(dto.webhookSecret).toMatch(/^whsec_/);
    expect(dto).toMatchObject({ settings: { digestMinutes: 15, autoPauseAfter: 5 }, slack: { configured: true }, webhook: { secretSet: true } });
    expect(saved.text).not.toContain('XXXXSECRETXXXX');
    expect(saved.text).not.toContain('abc123');

    const read = await call(SETTINGS, 'GET', '/s', { as: { user }, params: { workspaceId } });
    for (const secret of ['XXXXSECRETXXXX', 'abc123', dto.webhookSecret]) expect(read.text).not.toContain(secret);
    expect(read.json).not.toHaveProperty('webhookSecret');
    const row = await testDb().alertSetting.findFirstOrThrow({ where: { workspaceId, konnectorId: '' } });
    expect(JSON.stringify(row)).not.toContain('XXXXSECRETXXXX');
    // Saving other fields keeps the secret (not regenerated, not returned).
    const again = await call(SAVE, 'PUT', '/s', { as: { user }, params: { workspaceId }, body: { digestMinutes: 30 } });
    expect(again.json).not.toHaveProperty('webhookSecret');
    const audit = await testDb().auditEvent.findMany({ where: { workspaceId, action: 'alerts.updated' } });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('XXXXSECRETXXXX');
  });

  it('a konnector override: effective settings, own channel off, removed again', async () => {
    const { user, workspaceId } = await createOwner();
    const k = await testDb().konnector.create({ data: { workspaceId, name: 'K', draft: {} } });
    await call(SAVE, 'PUT', '/s', { as: { user }, params: { workspaceId }, body: { slackWebhookUrl: 'https://hooks.slack.com/services/A/B/C' } });
    const params = { workspaceId, konnectorId: k.id };
    const put = await call(OVERRIDE, 'PUT', '/s', { as: { user }, params, body: { digestMinutes: 10, events: { recovered: false }, slackWebhookUrl: null } });
    expect(put.status, put.text).toBe(200);
    expect(put.json).toMatchObject({ override: { digestMinutes: 10, events: { recovered: false } }, settings: { digestMinutes: 10, events: { recovered: false, runFailed: true } }, slack: { source: 'off', configured: false } });
    expect((await call(UNOVERRIDE, 'DELETE', '/s', { as: { user }, params })).status).toBe(204);
    const after = await call(K_SETTINGS, 'GET', '/s', { as: { user }, params });
    expect(after.json).toMatchObject({ override: null, settings: { digestMinutes: 60 }, slack: { source: 'workspace', configured: true }, status: 'inactive' });
  });
});

describe('member events', () => {
  it('an invitee accepting notifies the owners and admins (not the new member); the invitation alone notifies no one', async () => {
    const { user, workspaceId } = await createOwner();
    const admin = await createUser('admin');
    await addMember(workspaceId, admin.id, 'admin');
    const joiner = await createUser('joiner');
    const res = await call(INVITE, 'POST', '/m', { as: { user }, params: { workspaceId }, body: { email: joiner.email, role: 'member' } });
    expect(res.status, res.text).toBe(201);
    expect(await testDb().notification.count({ where: { workspaceId } })).toBe(0);
    // The link's token is only in the (sealed) mail: give the row one this test knows.
    const { token, hash } = newInvitationToken();
    await testDb().invitation.updateMany({ where: { workspaceId, email: joiner.email }, data: { tokenHash: hash } });
    const accepted = await call(ACCEPT, 'POST', '/a', { as: { user: joiner }, body: { token } });
    expect(accepted.status, accepted.text).toBe(200);
    const rows = await testDb().notification.findMany({ where: { workspaceId, kind: 'invitation_accepted' } });
    expect(rows.map((r) => r.userId).sort()).toEqual([user.id, admin.id].sort());
    expect(rows[0]?.title).toContain(joiner.email);
  });
});
