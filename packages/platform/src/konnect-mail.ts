/**
 * Konnect mail: the instance-mail service a run's actions get as `services.mail` (the Konnect Mail
 * tool), bound to the run's workspace. Each mail first takes one unit of the workspace's daily
 * quota — one atomic upsert on MailQuota(workspaceId, day) that refuses past the limit, so
 * concurrent runs on any number of workers can never send more than the limit — and then goes to
 * the instance mailer's queue (`queueMail` with the 'custom' template). A unit is given back when
 * the mail was not queued. An instance without a mailer answers `unavailable`, which the action turns into a visible failure.
 */
import type { Db } from '@konnect/db';
import { ConnectorError, type InstanceMailService } from '@konnect/sdk';
import { queueMail } from './mail';
import type { Platform } from './platform';

/** A custom mail as the instance mailer's `queueMail` takes it (the shared mail contract). */
export interface CustomMailRequest {
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  workspaceId?: string;
  template: 'custom';
  data: { subject: string; text?: string; html?: string };
}

/** Queues one mail on the instance mailer; `unavailable`: no mailer configured, nothing queued. */
export type MailQueue = (msg: CustomMailRequest) => Promise<{ id: string; status: 'queued' | 'unavailable' }>;

/** "2026-12-07" for any instant of that UTC day. */
export function utcDay(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Takes one unit of the workspace's quota for `day`: false when `limit` units are already taken. */
export async function takeMailQuota(db: Db, workspaceId: string, day: string, limit: number): Promise<boolean> {
  if (limit <= 0) return false;
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "MailQuota" ("workspaceId", "day", "count", "updatedAt")
    VALUES (${workspaceId}, ${day}::date, 1, now())
    ON CONFLICT ("workspaceId", "day") DO UPDATE SET "count" = "MailQuota"."count" + 1, "updatedAt" = now()
    WHERE "MailQuota"."count" < ${limit}
    RETURNING "count"`;
  return rows.length === 1;
}

/** Gives a unit back (the mail was not queued). */
export async function returnMailQuota(db: Db, workspaceId: string, day: string): Promise<void> {
  await db.$executeRaw`
    UPDATE "MailQuota" SET "count" = "count" - 1, "updatedAt" = now()
    WHERE "workspaceId" = ${workspaceId} AND "day" = ${day}::date AND "count" > 0`;
}

/** Units taken by the workspace on `day`. */
export async function mailQuotaUsed(db: Db, workspaceId: string, day: string): Promise<number> {
  const row = await db.mailQuota.findFirst({ where: { workspaceId, day: new Date(`${day}T00:00:00Z`) }, select: { count: true } });
  return row?.count ?? 0;
}

function limitReached(limit: number): ConnectorError {
  return new ConnectorError({
    kind: 'rate_limited',
    message: `This workspace's daily Konnect mail limit of ${limit} is reached; it resets at 00:00 UTC. Use the Email tool with an SMTP connection to send more.`,
    retryable: false,
  });
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));

export interface KonnectMailOptions {
  /** Clock for the quota's day; default: now. */
  now?: () => Date;
  /** Where the mails go; default: `queueMail` on this platform (none when it has no mailer). */
  queue?: MailQueue;
}

/** The mail service for one workspace's runs (`ExecuteOptions.services.mail`). */
export function konnectMailService(p: Platform, workspaceId: string, opts: KonnectMailOptions = {}): InstanceMailService {
  const now = opts.now ?? (() => new Date());
  const queue: MailQueue | undefined = opts.queue ?? (p.mailer ? (mail) => queueMail(p, mail) : undefined);
  return {
    async send(msg) {
      if (!queue) return { id: '', status: 'unavailable' };
      const limit = p.limits.konnectMailDailyLimit;
      const day = utcDay(now());
      let taken: boolean;
      try {
        taken = await takeMailQuota(p.db, workspaceId, day, limit);
      } catch (err) {
        throw new ConnectorError({ kind: 'server', message: `Konnect could not check the daily mail limit: ${reason(err)}`, retryable: true, unprocessed: true });
      }
      if (!taken) throw limitReached(limit);
      const { subject, text, html, ...addressing } = msg;
      let result: Awaited<ReturnType<MailQueue>>;
      try {
        result = await queue({
          ...addressing,
          workspaceId,
          template: 'custom',
          data: { subject, ...(text !== undefined ? { text } : {}), ...(html !== undefined ? { html } : {}) },
        });
      } catch (err) {
        await returnMailQuota(p.db, workspaceId, day).catch(() => undefined);
        throw new ConnectorError({ kind: 'server', message: `Konnect mail could not be queued: ${reason(err)}`, retryable: true, unprocessed: true });
      }
      if (result.status !== 'queued') await returnMailQuota(p.db, workspaceId, day).catch(() => undefined);
      return result;
    },
  };
}
