/**
 * The notification center's rows: one Notification per user, per event, in a workspace. Alerts
 * (alert-dispatch.ts) write them for their recipients; member events (someone joined, an invitation
 * was accepted) for the workspace's owners and admins.
 */
import type { NotificationKind } from '@konnect/db';

export interface NewNotification {
  kind: NotificationKind;
  title: string;
  body?: string;
  runId?: string | null;
  konnectorId?: string | null;
  connectionId?: string | null;
}

const TITLE_LIMIT = 200;
const BODY_LIMIT = 2000;

type NotificationRow = { workspaceId: string; userId: string; kind: NotificationKind; title: string; body: string; runId: string | null; konnectorId: string | null; connectionId: string | null };
/** Any client or transaction (plain or tenant-scoped) that can write notifications. */
type Writer = { notification: { createMany(args: { data: NotificationRow[] }): PromiseLike<{ count: number }> } };

/** The same notification for each user, in one statement. */
export async function notifyUsers(db: Writer, workspaceId: string, userIds: readonly string[], n: NewNotification): Promise<number> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return 0;
  const { count } = await db.notification.createMany({
    data: unique.map((userId) => ({
      workspaceId,
      userId,
      kind: n.kind,
      title: n.title.slice(0, TITLE_LIMIT),
      body: (n.body ?? '').slice(0, BODY_LIMIT),
      runId: n.runId ?? null,
      konnectorId: n.konnectorId ?? null,
      connectionId: n.connectionId ?? null,
    })),
  });
  return count;
}

type MemberDb = Writer & {
  membership: { findMany(args: { where: { workspaceId: string; role: { in: ('owner' | 'admin')[] } }; select: { userId: true } }): PromiseLike<{ userId: string }[]> };
};

/**
 * A member event (member_joined, invitation_accepted) for the workspace's owners and admins, except
 * the person it is about. Pass the transaction the membership was written in.
 */
export async function notifyMemberEvent(
  db: MemberDb,
  event: { workspaceId: string; kind: 'member_joined' | 'invitation_accepted'; who: { userId: string; label: string }; role: string },
): Promise<number> {
  const admins = await db.membership.findMany({ where: { workspaceId: event.workspaceId, role: { in: ['owner', 'admin'] } }, select: { userId: true } });
  const to = admins.map((a) => a.userId).filter((id) => id !== event.who.userId);
  const verb = event.kind === 'invitation_accepted' ? 'accepted the invitation and joined' : 'was added to';
  return notifyUsers(db, event.workspaceId, to, { kind: event.kind, title: `${event.who.label} ${verb} the workspace`, body: `Role: ${event.role}.` });
}
