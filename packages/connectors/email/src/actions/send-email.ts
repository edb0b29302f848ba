/**
 * Send Email over the connection's SMTP server: to / cc / bcc (bcc only in the envelope, never in
 * the headers), reply-to, subject, text and / or HTML, attachments from URLs or base64.
 *
 * Some recipients refused, others accepted: the step succeeds and lists the refused ones in
 * `rejected` (with the server's reasons), because the mail has gone to the others and failing
 * would make a retry send it to them twice. Every recipient refused: the step fails.
 */
import { z } from 'zod';
import { action } from '../auth';
import { addressList, formatAddress, singleAddress } from '../addresses';
import { MAX_ATTACHMENTS, attachmentInput, loadAttachments } from '../attachments';
import { messageIdFor } from '../message-id';
import { openSession } from '../smtp';
import { smtpError, type SentSummary } from '../smtp-errors';

/** Recipients per mail, to, cc and bcc together. */
export const MAX_RECIPIENTS = 100;

const LIST_HELP = 'Addresses separated by commas, e.g. "Ada <ada@example.com>, bob@example.com", or a list mapped from a previous step.';

export const sendEmailInput = z
  .object({
    to: addressList({ label: 'To', description: LIST_HELP, placeholder: 'ada@example.com' }, true),
    cc: addressList({ label: 'Cc', description: LIST_HELP }, false).optional(),
    bcc: addressList({ label: 'Bcc', description: `${LIST_HELP} Bcc recipients get the mail without being listed in it.` }, false).optional(),
    replyTo: singleAddress({ label: 'Reply to', description: 'Where replies go, if not to the From address.' }).optional(),
    subject: z.string().trim().min(1, 'A subject is required').max(998).meta({ label: 'Subject' }),
    text: z.string().max(1_000_000).optional().meta({ label: 'Text body', multiline: true, description: 'Plain text. Give a text body, an HTML body, or both.' }),
    html: z.string().max(2_000_000).optional().meta({ label: 'HTML body', multiline: true, description: 'HTML. Mail clients that cannot show it get the text body.' }),
    attachments: z
      .array(attachmentInput)
      .max(MAX_ATTACHMENTS, `At most ${MAX_ATTACHMENTS} attachments per mail`)
      .optional()
      .meta({ label: 'Attachments', description: 'Files from a URL or base64 content; 10 files and 10 MB in all at most.' }),
  })
  .superRefine((v, ctx) => {
    if (!v.text && !v.html) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Give a text body, an HTML body, or both' });
    const count = v.to.length + (v.cc?.length ?? 0) + (v.bcc?.length ?? 0);
    if (count > MAX_RECIPIENTS) ctx.addIssue({ code: 'custom', path: ['to'], message: `At most ${MAX_RECIPIENTS} recipients per mail in to, cc and bcc together (got ${count})` });
  });

const bytes = (text: string | undefined) => (text ? Buffer.byteLength(text, 'utf8') : 0);
const addressOf = (a: unknown) => (typeof a === 'string' ? a : typeof a === 'object' && a !== null && 'address' in a ? String(a.address) : String(a));

export const sendEmail = action({
  key: 'send_email',
  name: 'Send Email',
  description: "Sends an email through the connection's SMTP server. Returns the Message-ID and which recipients the server accepted or refused.",
  input: sendEmailInput,
  async run({ input, auth, http, guard, idempotencyKey }) {
    const attachments = await loadAttachments(input.attachments ?? [], http);
    const from = { name: auth.fromName ?? '', address: auth.fromAddress };
    const messageId = messageIdFor(idempotencyKey, auth.fromAddress);
    const subject = input.subject.replace(/[\r\n]+/g, ' ');
    const sent: SentSummary = {
      from: formatAddress(from),
      to: input.to.map(formatAddress),
      cc: (input.cc ?? []).map(formatAddress),
      bcc: (input.bcc ?? []).map(formatAddress),
      ...(input.replyTo ? { replyTo: formatAddress(input.replyTo) } : {}),
      subject,
      messageId,
      textBytes: bytes(input.text),
      htmlBytes: bytes(input.html),
      attachments: attachments.map((a) => ({ filename: a.filename, ...(a.contentType ? { contentType: a.contentType } : {}), bytes: a.content.length })),
    };
    const session = await openSession(auth, guard);
    try {
      const info = await session.transport.sendMail({
        from,
        to: input.to,
        ...(input.cc?.length ? { cc: input.cc } : {}),
        ...(input.bcc?.length ? { bcc: input.bcc } : {}),
        ...(input.replyTo ? { replyTo: input.replyTo } : {}),
        subject,
        ...(input.text ? { text: input.text } : {}),
        ...(input.html ? { html: input.html } : {}),
        attachments,
        messageId,
      });
      const reasons = (info.rejectedErrors ?? []).map((e) => session.redactor.text(String(e.response ?? e.message)));
      return {
        messageId: info.messageId || messageId,
        accepted: info.accepted.map(addressOf),
        rejected: info.rejected.map(addressOf),
        ...(reasons.length ? { rejectedReasons: reasons } : {}),
        response: session.redactor.text(String(info.response ?? '')),
      };
    } catch (err) {
      throw smtpError(err, { host: auth.host, port: session.port, redactor: session.redactor, sent });
    } finally {
      session.transport.close();
    }
  },
});
