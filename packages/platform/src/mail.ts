/**
 * The mail queue's entry: `queueMail` checks the request (zod, the message names the field),
 * writes one MailMessage row (recipients and template data sealed with the keyring: invitation
 * links are secrets) and enqueues a `mail` job whose id is the row's id. It never talks to the
 * SMTP server, so a slow or down server never holds up the caller. Postgres is the truth: if
 * Redis refuses the job, the row stays `queued` and the reconciler enqueues it (mail-revive.ts).
 */
import { randomUUID } from 'node:crypto';
import { open, seal } from '@konnect/db';
import { MailRequest, describeIssues, subjectOf, type MailContent } from '@konnect/mail';
import { AppError, errorMessage } from './errors';
import type { Platform } from './platform';
import { enqueue } from './queues';

export { MailRequest, NoticeMail, InvitationMail, CustomMail } from '@konnect/mail';

export interface QueuedMail {
  /** The MailMessage id ('' when unavailable). */
  id: string;
  /** 'unavailable': the instance has no mailer (no SMTP_URL); nothing was queued, the caller degrades visibly. */
  status: 'queued' | 'unavailable';
}

/** What is sealed in MailMessage.payload. */
export type SealedMail = Omit<MailRequest, 'workspaceId'>;

const aadOf = (id: string) => `mail:${id}`;

export function sealMail(p: Platform, id: string, mail: SealedMail): { envelope: string; keyId: string } {
  return seal(p.keyring, JSON.stringify(mail), aadOf(id));
}

export function openMail(p: Platform, id: string, envelope: string): SealedMail & MailContent {
  return JSON.parse(open(p.keyring, envelope, aadOf(id))) as SealedMail & MailContent;
}

export async function queueMail(p: Platform, msg: MailRequest): Promise<QueuedMail> {
  const parsed = MailRequest.safeParse(msg);
  if (!parsed.success) throw new AppError('invalid', describeIssues(parsed.error).message);
  if (!p.mailer) return { id: '', status: 'unavailable' };
  const { workspaceId, ...mail } = parsed.data;
  const id = randomUUID();
  const sealed = sealMail(p, id, mail);
  await p.db.mailMessage.create({
    data: {
      id,
      workspaceId: workspaceId ?? null,
      to: mail.to,
      template: mail.template,
      subject: subjectOf(mail).slice(0, 500),
      payload: sealed.envelope,
      keyVersion: sealed.keyId,
    },
  });
  try {
    await enqueue(p.queues, 'mail', { mailId: id, workspaceId: workspaceId ?? null }, { jobId: id });
  } catch (err) {
    // Queued in Postgres all the same: the reconciler enqueues it when Redis answers again.
    p.log.warn(`mail ${id}: could not enqueue (${errorMessage(err)}); the reconciler will`);
  }
  return { id, status: 'queued' };
}
