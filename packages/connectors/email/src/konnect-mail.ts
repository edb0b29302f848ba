/**
 * Konnect Mail: send an email without an SMTP connection, through the instance's own mailer
 * (the way "Email by Zapier" works). The platform hands the action a mail service bound to the
 * run's workspace (`services.mail`), which takes one unit of the workspace's daily quota and
 * queues the mail. No attachments, and at most MAX_KONNECT_MAIL_RECIPIENTS recipients per mail.
 * An instance with no mailer fails the step with a message saying so, never silently.
 */
import { z } from 'zod';
import { ConnectorError, defineAction, defineConnector } from '@konnect/sdk';
import { addressList, singleAddress } from './addresses';
import { konnectMailIcon } from './icon';

export const MAX_KONNECT_MAIL_RECIPIENTS = 20;

const LIST_HELP = 'Addresses separated by commas, or a list mapped from a previous step.';
const NO_ATTACHMENTS = 'Konnect mail sends no attachments; use the Email tool with an SMTP connection for files.';

export const konnectMailInput = z
  .object({
    to: addressList({ label: 'To', description: LIST_HELP, placeholder: 'ada@example.com' }, true),
    cc: addressList({ label: 'Cc', description: LIST_HELP }, false).optional(),
    bcc: addressList({ label: 'Bcc', description: LIST_HELP }, false).optional(),
    replyTo: singleAddress({ label: 'Reply to', description: 'Where replies go (the mail comes from the instance’s own address).' }).optional(),
    subject: z.string().trim().min(1, 'A subject is required').max(998).meta({ label: 'Subject' }),
    text: z.string().max(200_000).optional().meta({ label: 'Text body', multiline: true, description: `Plain text. Give a text body, an HTML body, or both. ${NO_ATTACHMENTS}` }),
    html: z.string().max(500_000).optional().meta({ label: 'HTML body', multiline: true, description: `HTML. ${NO_ATTACHMENTS}` }),
  })
  .superRefine((v, ctx) => {
    if (!v.text && !v.html) ctx.addIssue({ code: 'custom', path: ['text'], message: 'Give a text body, an HTML body, or both' });
    const count = v.to.length + (v.cc?.length ?? 0) + (v.bcc?.length ?? 0);
    if (count > MAX_KONNECT_MAIL_RECIPIENTS) {
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `Konnect mail takes at most ${MAX_KONNECT_MAIL_RECIPIENTS} recipients per mail in to, cc and bcc together (got ${count}); use the Email tool with an SMTP connection for more`,
      });
    }
  });

function unavailable(): ConnectorError {
  return new ConnectorError({
    kind: 'config',
    message: 'This Konnect instance has no mailer configured, so Konnect mail cannot send. Use the Email tool with an SMTP connection, or ask the instance admin to configure SMTP_URL.',
    retryable: false,
  });
}

export const konnectMailSend = defineAction({
  key: 'send_email',
  name: 'Send Email',
  description: `Sends an email from this Konnect instance's own address, without an SMTP connection. Each workspace may send a limited number per day. ${NO_ATTACHMENTS}`,
  input: konnectMailInput,
  async run({ input, services }) {
    const mail = services?.mail;
    if (!mail) throw unavailable();
    const addresses = (list: { address: string }[] | undefined) => (list ?? []).map((a) => a.address);
    const result = await mail.send({
      to: addresses(input.to),
      ...(input.cc?.length ? { cc: addresses(input.cc) } : {}),
      ...(input.bcc?.length ? { bcc: addresses(input.bcc) } : {}),
      ...(input.replyTo ? { replyTo: input.replyTo.address } : {}),
      subject: input.subject.replace(/[\r\n]+/g, ' '),
      ...(input.text ? { text: input.text } : {}),
      ...(input.html ? { html: input.html } : {}),
    });
    if (result.status !== 'queued') throw unavailable();
    return { id: result.id, status: result.status, recipients: input.to.length + (input.cc?.length ?? 0) + (input.bcc?.length ?? 0) };
  },
});

export const konnectMailConnector = defineConnector({
  key: 'konnect_mail',
  name: 'Konnect Mail',
  description: "Send an email from this Konnect instance's own address, no SMTP connection needed. A daily limit per workspace; no attachments.",
  category: 'tool',
  icon: konnectMailIcon,
  auth: { kind: 'none' },
  triggers: [],
  actions: [konnectMailSend],
});
