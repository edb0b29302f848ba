/**
 * The mail log for instance admins: every MailMessage, newest first, by status. Only the plain
 * columns: the sealed payload (bodies, links, tokens, cc/bcc) is never selected.
 */
import { z } from 'zod';
import type { Db } from '@konnect/db';
import { notFound } from '../errors';
import type { Principal } from '../principal';
import { isInstanceAdmin } from './instance-admin';

export const MailLogQuery = z.object({
  status: z.enum(['queued', 'sending', 'sent', 'failed'], { error: 'Status must be queued, sending, sent or failed' }).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type MailLogQuery = z.infer<typeof MailLogQuery>;

export interface MailLogEntry {
  id: string;
  workspaceId: string | null;
  to: string[];
  template: string;
  subject: string;
  status: 'queued' | 'sending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  createdAt: string;
  updatedAt: string;
  sentAt: string | null;
}

export interface MailLogPage {
  mails: MailLogEntry[];
  page: number;
  limit: number;
  total: number;
}

const select = { id: true, workspaceId: true, to: true, template: true, subject: true, status: true, attempts: true, lastError: true, createdAt: true, updatedAt: true, sentAt: true } as const;

/** Instance admins only: anyone else gets a 404 (the log's existence is not revealed). */
export function assertInstanceAdmin(principal: Principal | { user: { email: string } }): void {
  if (('via' in principal && principal.via !== 'session') || !isInstanceAdmin(principal.user.email)) throw notFound('Page');
}

export async function listMailLog(db: Db, query: MailLogQuery): Promise<MailLogPage> {
  // Instance-wide on purpose (the instance admin's view): every workspace's mail and instance mail.
  const where = query.status ? { status: query.status } : {};
  const [rows, total] = await Promise.all([
    db.mailMessage.findMany({ where, select, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], skip: (query.page - 1) * query.limit, take: query.limit }),
    db.mailMessage.count({ where }),
  ]);
  return {
    mails: rows.map((r) => ({ ...r, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(), sentAt: r.sentAt?.toISOString() ?? null })),
    page: query.page,
    limit: query.limit,
    total,
  };
}
