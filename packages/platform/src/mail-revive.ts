/**
 * The reconciler's part for mail (Postgres is the truth): a mail `queued` for longer than
 * MAIL_QUEUED_GRACE_MS whose job is gone (Redis lost it, or the process died between INSERT and
 * enqueue) is enqueued again; one `sending` for longer than MAIL_SENDING_STALE_MS whose job is
 * gone (its worker died mid-send) goes back to `queued` and is enqueued. The job id is the mail
 * id, so a mail whose job still waits (a retry's back-off) is left alone.
 */
import { Prisma, queryRows } from '@konnect/db';
import type { Platform } from './platform';
import { enqueue } from './queues';

export const MAIL_QUEUED_GRACE_MS = 3 * 60_000;
export const MAIL_SENDING_STALE_MS = 10 * 60_000;
const MAIL_BATCH = 500;
const LIVE = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children', 'paused']);

export interface MailReviveOptions {
  now?: Date;
  workspaceIds?: readonly string[];
  queuedGraceMs?: number;
  sendingStaleMs?: number;
}

export async function reviveMail(p: Platform, opts: MailReviveOptions = {}): Promise<string[]> {
  const now = (opts.now ?? new Date()).getTime();
  const queuedBefore = new Date(now - (opts.queuedGraceMs ?? MAIL_QUEUED_GRACE_MS));
  const sendingBefore = new Date(now - (opts.sendingStaleMs ?? MAIL_SENDING_STALE_MS));
  const scope = opts.workspaceIds ? [...opts.workspaceIds] : null;
  const candidates = await queryRows<{ id: string; workspaceId: string | null; status: string }>(
    p.db,
    Prisma.sql`
      SELECT "id", "workspaceId", "status"::text AS "status" FROM "MailMessage"
      WHERE (("status" = 'queued' AND "updatedAt" < ${queuedBefore}) OR ("status" = 'sending' AND "updatedAt" < ${sendingBefore}))
        AND (${scope}::text[] IS NULL OR "workspaceId" = ANY(${scope}::text[]))
      ORDER BY "updatedAt" ASC LIMIT ${MAIL_BATCH}`,
  );
  const queue = p.queues.queue('mail');
  const revived: string[] = [];
  for (const mail of candidates) {
    const state = await queue.getJobState(mail.id);
    if (LIVE.has(state)) continue;
    if (state !== 'unknown') await queue.remove(mail.id).catch(() => 0);
    // Touched (and a stuck `sending` put back), so the next pass waits a full grace again.
    const { count } = await p.db.mailMessage.updateMany({ where: { id: mail.id, status: mail.status as 'queued' | 'sending' }, data: { status: 'queued' } });
    if (count === 0) continue;
    await enqueue(p.queues, 'mail', { mailId: mail.id, workspaceId: mail.workspaceId }, { jobId: mail.id });
    revived.push(mail.id);
  }
  if (revived.length > 0) p.log.warn(`reconcile: re-enqueued ${revived.length} mail(s) with no live job`);
  return revived;
}
