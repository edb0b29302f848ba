/**
 * The shapes of every mail Konnect sends: one zod schema per template, and the request a caller
 * hands to the queue (addressing + template + data). The types other packages code against are
 * inferred from these, under the same names.
 */
import { z } from 'zod';

const Line = z.string().trim().min(1).max(500);
const Url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL' }).max(2000);
const Email = z.email({ error: 'expected an email address' }).max(320);

/** The one template every alert uses: a heading, facts, items (a digest's errors), one button. */
export const NoticeMail = z.object({
  subject: Line.max(200),
  preheader: z.string().max(300).optional(),
  heading: Line.max(200),
  intro: z.string().trim().min(1).max(5000),
  facts: z.array(z.object({ label: Line.max(100), value: z.string().max(2000) })).max(30).optional(),
  items: z.array(z.object({ text: z.string().min(1).max(2000), url: Url.optional(), meta: z.string().max(300).optional() })).max(100).optional(),
  action: z.object({ label: Line.max(100), url: Url }).optional(),
  advice: z.string().max(5000).optional(),
  footer: z.string().max(2000).optional(),
});
export type NoticeMail = z.infer<typeof NoticeMail>;

/** "X invited you to workspace Y as role": the accept link is a secret (it carries the invitation token). */
export const InvitationMail = z.object({
  workspaceName: Line.max(200),
  inviterName: Line.max(200),
  inviterEmail: Email.optional(),
  role: z.enum(['owner', 'admin', 'member']),
  acceptUrl: Url,
  /** How long the link works. */
  expiresInDays: z.number().int().min(1).max(90).optional(),
});
export type InvitationMail = z.infer<typeof InvitationMail>;

/** "Verify your email" (a new account) or "confirm your new address" (change_email): the link carries a single-use token. */
export const VerifyEmailMail = z.object({
  name: Line.max(200),
  verifyUrl: Url,
  purpose: z.enum(['sign_up', 'change_email']).optional(),
  expiresInHours: z.number().int().min(1).max(24 * 30),
});
export type VerifyEmailMail = z.infer<typeof VerifyEmailMail>;

/** "Reset your password": the link carries a single-use token. */
export const ResetPasswordMail = z.object({
  name: Line.max(200),
  resetUrl: Url,
  expiresInMinutes: z.number().int().min(1).max(24 * 60),
});
export type ResetPasswordMail = z.infer<typeof ResetPasswordMail>;

/** A user's own mail (Send Email, "Konnect mail"): text, html or both; text is derived from html when missing. */
export const CustomMail = z
  .object({
    subject: Line.max(300),
    text: z.string().max(200_000).optional(),
    html: z.string().max(500_000).optional(),
  })
  .refine((m) => Boolean(m.text?.trim() || m.html?.trim()), { error: 'give text or html', path: ['text'] });
export type CustomMail = z.infer<typeof CustomMail>;

export const MAIL_TEMPLATES = ['notice', 'invitation', 'custom', 'verify-email', 'reset-password'] as const;
export type MailTemplate = (typeof MAIL_TEMPLATES)[number];

const Addressing = {
  to: z.array(Email).min(1, 'give at least one recipient').max(50),
  cc: z.array(Email).max(50).optional(),
  bcc: z.array(Email).max(50).optional(),
  replyTo: Email.optional(),
  workspaceId: z.string().min(1).max(200).optional(),
};

export const MailRequest = z.discriminatedUnion('template', [
  z.object({ ...Addressing, template: z.literal('notice'), data: NoticeMail }),
  z.object({ ...Addressing, template: z.literal('invitation'), data: InvitationMail }),
  z.object({ ...Addressing, template: z.literal('custom'), data: CustomMail }),
  z.object({ ...Addressing, template: z.literal('verify-email'), data: VerifyEmailMail }),
  z.object({ ...Addressing, template: z.literal('reset-password'), data: ResetPasswordMail }),
]);
export type MailRequest = z.infer<typeof MailRequest>;

/** What a template renders from: the template name and its data. */
export type MailContent =
  | { template: 'notice'; data: NoticeMail }
  | { template: 'invitation'; data: InvitationMail }
  | { template: 'custom'; data: CustomMail }
  | { template: 'verify-email'; data: VerifyEmailMail }
  | { template: 'reset-password'; data: ResetPasswordMail };

export const MailContent = z.discriminatedUnion('template', [
  z.object({ template: z.literal('notice'), data: NoticeMail }),
  z.object({ template: z.literal('invitation'), data: InvitationMail }),
  z.object({ template: z.literal('custom'), data: CustomMail }),
  z.object({ template: z.literal('verify-email'), data: VerifyEmailMail }),
  z.object({ template: z.literal('reset-password'), data: ResetPasswordMail }),
]);

export function describeIssues(error: z.ZodError): { field: string; message: string } {
  const issue = error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : '';
  return { field, message: `${field || 'mail'}: ${issue?.message ?? 'invalid'}` };
}
