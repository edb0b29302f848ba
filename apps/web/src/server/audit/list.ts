/**
 * Reading the audit log: newest first, keyset pages on (createdAt, id) like the event log
 * (runs/cursor.ts), optionally one action ("member.removed") or every action on one kind of
 * target ("member"). Owners and admins only (the route's access).
 */
import { z } from 'zod';
import type { Prisma } from '@konnect/db';
import { decodeCursor, encodeCursor } from '../runs/cursor';
import type { WorkspaceScope } from '../workspace-scope';

export const AuditEventQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  action: z
    .string()
    .regex(/^[a-z_]{1,32}(\.[a-z_]{1,32})?$/, 'expected an action such as "member.removed", or a target type such as "member"')
    .optional(),
});
export type AuditEventQuery = z.infer<typeof AuditEventQuery>;

export interface AuditEventDto {
  id: string;
  action: string;
  actor: { userId: string | null; tokenId: string | null; label: string };
  target: { type: string; id: string | null; label: string };
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
}

export interface AuditPage {
  events: AuditEventDto[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

type Row = {
  id: string;
  action: string;
  actorUserId: string | null;
  actorTokenId: string | null;
  actorLabel: string;
  targetType: string;
  targetId: string | null;
  targetLabel: string;
  details: unknown;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
};

export function auditEventDto(row: Row): AuditEventDto {
  const details = typeof row.details === 'object' && row.details !== null && !Array.isArray(row.details) ? (row.details as Record<string, unknown>) : {};
  return {
    id: row.id,
    action: row.action,
    actor: { userId: row.actorUserId, tokenId: row.actorTokenId, label: row.actorLabel },
    target: { type: row.targetType, id: row.targetId, label: row.targetLabel },
    details,
    ip: row.ip,
    userAgent: row.userAgent,
    createdAt: row.createdAt.toISOString(),
  };
}

export async function listAuditEvents(ws: WorkspaceScope, query: AuditEventQuery): Promise<AuditPage> {
  const and: Prisma.AuditEventWhereInput[] = [];
  if (query.action) and.push(query.action.includes('.') ? { action: query.action } : { action: { startsWith: `${query.action}.` } });
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (cursor) {
    // (createdAt, id) < (c.createdAt, c.id), written so the index range starts at c.createdAt.
    and.push({ createdAt: { lte: cursor.createdAt } }, { OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] });
  }
  const rows = await ws.tenant.auditEvent.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return { events: page.map(auditEventDto), nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null };
}
