/**
 * The notification center's API: the caller's own notifications in this workspace (newest first,
 * keyset-paginated, with the unread count), mark one read, mark all read. Another user's (or
 * another workspace's) notification is "not found".
 */
import type { NotificationKind } from '@konnect/db';
import { notFound } from '../errors';
import type { WorkspaceScope } from '../workspace-scope';

export interface NotificationDto {
  id: string;
  kind: NotificationKind;
  title: string;
  body: string;
  runId: string | null;
  konnectorId: string | null;
  connectionId: string | null;
  read: boolean;
  createdAt: string;
}

export interface NotificationPage {
  items: NotificationDto[];
  unreadCount: number;
  /** Pass as `before` for the next (older) page; null at the end. */
  nextCursor: string | null;
}

export interface ListQuery {
  limit: number;
  before?: string | undefined;
  unread?: boolean | undefined;
}

export async function listNotifications(ws: WorkspaceScope, q: ListQuery): Promise<NotificationPage> {
  const mine = { userId: ws.userId };
  const cursor = q.before ? await ws.tenant.notification.findFirst({ where: { ...mine, id: q.before }, select: { id: true, createdAt: true } }) : null;
  if (q.before && !cursor) throw notFound('Notification');
  const rows = await ws.tenant.notification.findMany({
    where: {
      ...mine,
      ...(q.unread ? { readAt: null } : {}),
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: q.limit + 1,
  });
  const unreadCount = await ws.tenant.notification.count({ where: { ...mine, readAt: null } });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((n) => ({
      id: n.id,
      kind: n.kind,
      title: n.title,
      body: n.body,
      runId: n.runId,
      konnectorId: n.konnectorId,
      connectionId: n.connectionId,
      read: n.readAt !== null,
      createdAt: n.createdAt.toISOString(),
    })),
    unreadCount,
    nextCursor: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null,
  };
}

export async function markNotificationRead(ws: WorkspaceScope, id: string): Promise<{ unreadCount: number }> {
  const found = await ws.tenant.notification.findFirst({ where: { id, userId: ws.userId }, select: { readAt: true } });
  if (!found) throw notFound('Notification');
  if (!found.readAt) await ws.tenant.notification.updateMany({ where: { id, userId: ws.userId, readAt: null }, data: { readAt: new Date() } });
  return { unreadCount: await ws.tenant.notification.count({ where: { userId: ws.userId, readAt: null } }) };
}

export async function markAllNotificationsRead(ws: WorkspaceScope): Promise<{ updated: number; unreadCount: number }> {
  const { count } = await ws.tenant.notification.updateMany({ where: { userId: ws.userId, readAt: null }, data: { readAt: new Date() } });
  return { updated: count, unreadCount: 0 };
}
