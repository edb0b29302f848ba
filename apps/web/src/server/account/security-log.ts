/**
 * The caller's security log (AccountEvent rows of their own account): newest first, keyset pages
 * on (createdAt, id) like the audit log.
 */
import { z } from 'zod';
import type { Db, Prisma } from '@konnect/db';
import { decodeCursor, encodeCursor } from '../runs/cursor';

export const AccountEventQuery = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});
export type AccountEventQuery = z.infer<typeof AccountEventQuery>;

export interface AccountEventDto {
  id: string;
  action: string;
  details: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  createdAt: string;
}

export interface AccountEventPage {
  events: AccountEventDto[];
  nextCursor: string | null;
}

export async function listAccountEvents(db: Db, userId: string, query: AccountEventQuery): Promise<AccountEventPage> {
  const and: Prisma.AccountEventWhereInput[] = [{ userId }];
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (cursor) and.push({ createdAt: { lte: cursor.createdAt } }, { OR: [{ createdAt: { lt: cursor.createdAt } }, { id: { lt: cursor.id } }] });
  const rows = await db.accountEvent.findMany({
    where: { AND: and },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
    select: { id: true, action: true, details: true, ip: true, userAgent: true, createdAt: true },
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map((r) => ({
      id: r.id,
      action: r.action,
      details: typeof r.details === 'object' && r.details !== null && !Array.isArray(r.details) ? (r.details as Record<string, unknown>) : {},
      ip: r.ip,
      userAgent: r.userAgent,
      createdAt: r.createdAt.toISOString(),
    })),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ createdAt: last.createdAt, id: last.id }) : null,
  };
}
