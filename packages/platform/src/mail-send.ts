/**
 * The `mail` job: renders one MailMessage and sends it. The row says what happened, for the mail
 * log: `sending` while a worker has it, `sent` with the server's Message-ID, `queued` again with
 * the scrubbed error while a transient failure (4xx, connection, timeout) waits for its retry, and
 * `failed` with the error after a permanent one (5xx, bad data) or the last attempt. Nothing from
 * the sealed payload (links, tokens) and no SMTP credential reaches a log line or `lastError`.
 */
import { classifySmtpError, describeSmtpError, renderMail, scrubText, type MailContent } from '@konnect/mail';
import { errorMessage } from './errors';
import { jobs, type MailJob } from './jobs';
import { openMail, type SealedMail } from './mail';
import { notifyUsers } from './notifications';
import type { Platform } from './platform';

export const MAIL_MAX_ATTEMPTS = jobs.mail.attempts;

export type MailOutcome =
  | { status: 'sent'; messageId: string }
  | { status: 'failed'; error: string }
  /** A transient failure; the job should be retried (the worker throws). */
  | { status: 'retry'; error: string }
  /** Nothing to do: the row is gone, or already sent / failed. */
  | { status: 'skipped' };

/** Every string in the template data that is a URL or long enough to be a token: never in an error text. */
function secretsOf(mail: SealedMail | undefined): string[] {
  if (!mail) return [];
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') {
      if (/^https?:\/\//.test(v)) {
        out.push(v);
        try {
          const url = new URL(v);
          for (const value of url.searchParams.values()) if (value.length >= 8) out.push(value);
          for (const part of url.pathname.split('/')) if (part.length >= 16) out.push(part);
        } catch {
          /* not a URL after all */
        }
      }
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(mail.data);
  return out;
}

function messageIdFor(id: string, from: string): string {
  const domain = /@([^\s>]+)>?\s*$/.exec(from)?.[1] ?? 'konnect.local';
  return `<${id}@${domain}>`;
}

export interface MailAttempt {
  /** BullMQ's own last attempt for this job (its attempts are spent after this one). */
  lastJobAttempt: boolean;
}

export async function processMail(p: Platform, job: MailJob, attempt: MailAttempt): Promise<MailOutcome> {
  const where = { id: job.mailId, ...(job.workspaceId ? { workspaceId: job.workspaceId } : {}) };
  const claimed = await p.db.mailMessage.updateManyAndReturn({
    where: { ...where, status: { in: ['queued', 'sending'] } },
    data: { status: 'sending', attempts: { increment: 1 } },
    select: { id: true, attempts: true, payload: true, workspaceId: true, to: true, subject: true, template: true },
  });
  const row = claimed[0];
  if (!row) return { status: 'skipped' };
  const last = attempt.lastJobAttempt || row.attempts >= MAIL_MAX_ATTEMPTS;
  let mail: (SealedMail & MailContent) | undefined;
  const secrets = () => [...(p.mailer?.secrets ?? []), ...secretsOf(mail)];
  try {
    if (!p.mailer) throw Object.assign(new Error('this worker has no mailer: set SMTP_URL (and MAIL_FROM) for the worker as for the web app'), { code: 'ENOMAILER' });
    mail = openMail(p, row.id, row.payload);
    const rendered = await renderMail({ template: mail.template, data: mail.data });
    const sent = await p.mailer.send({ ...rendered, to: mail.to, cc: mail.cc, bcc: mail.bcc, replyTo: mail.replyTo, messageId: messageIdFor(row.id, p.mailer.from) });
    await p.db.mailMessage.updateMany({ where, data: { status: 'sent', sentAt: new Date(), messageId: sent.messageId.slice(0, 500), lastError: null } });
    return { status: 'sent', messageId: sent.messageId };
  } catch (err) {
    const error = scrubText(describeSmtpError(err), secrets());
    const permanent = classifySmtpError(err) === 'permanent' || err instanceof SyntaxError || (err instanceof Error && err.name === 'SecretDecryptError');
    const final = permanent || last;
    try {
      await p.db.mailMessage.updateMany({ where, data: { status: final ? 'failed' : 'queued', lastError: error } });
    } catch (dbErr) {
      p.log.error(`mail ${row.id}: could not record the failure: ${errorMessage(dbErr)}`);
      throw dbErr;
    }
    if (final) {
      p.log.warn(`mail ${row.id}: failed ${permanent ? 'permanently' : `after ${row.attempts} attempt(s)`}: ${error}`);
      if (row.workspaceId) await tellWorkspace(p, row.workspaceId, row, error);
      return { status: 'failed', error };
    }
    return { status: 'retry', error };
  }
}

const WHAT: Record<string, string> = { notice: 'An alert mail', invitation: 'An invitation mail', custom: 'A Konnect mail' };

/**
 * A workspace's mail that finally failed is not only a row in the instance admins' mail log: its
 * owners and admins are told in-app, with the recipients and what the server said. Best effort:
 * the mail's own status is already stored.
 */
async function tellWorkspace(p: Platform, workspaceId: string, mail: { to: string[]; subject: string; template: string }, error: string): Promise<void> {
  try {
    const admins = await p.db.membership.findMany({ where: { workspaceId, role: { in: ['owner', 'admin'] } }, select: { userId: true } });
    await notifyUsers(p.db, workspaceId, admins.map((a) => a.userId), {
      kind: 'mail_failed',
      title: `${WHAT[mail.template] ?? 'A mail'} to ${mail.to.join(', ')} could not be delivered`,
      body: `“${mail.subject}”: ${error}`,
    });
  } catch (err) {
    p.log.error(`mail: could not tell workspace ${workspaceId} that a mail failed: ${errorMessage(err)}`);
  }
}
