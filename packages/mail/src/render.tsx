/** @jsxRuntime automatic */
/** @jsxImportSource react */
/**
 * Renders a mail to its subject, HTML part and text part. The HTML comes from the React Email
 * templates; the text part is React Email's plain-text rendering of the same tree (links kept as
 * "text [url]"), so both always say the same thing. A `custom` mail's html is the user's own; its
 * text part is derived from that html when the user gave none.
 */
import { render, toPlainText } from '@react-email/render';
import { ResetPasswordEmail, resetPasswordSubject, VerifyEmailEmail, verifyEmailSubject } from './account';
import { InvitationEmail, invitationSubject } from './invitation';
import { Layout, Paragraphs } from './layout';
import { NoticeEmail } from './notice';
import { MailContent, type CustomMail } from './schemas';

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

export class MailDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailDataError';
  }
}

/** The subject line a mail will carry (stored with the queued mail for the mail log). */
export function subjectOf(content: MailContent): string {
  switch (content.template) {
    case 'invitation':
      return invitationSubject(content.data);
    case 'verify-email':
      return verifyEmailSubject(content.data);
    case 'reset-password':
      return resetPasswordSubject();
    default:
      return content.data.subject;
  }
}

async function both(element: React.ReactElement): Promise<{ html: string; text: string }> {
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { html, text };
}

async function renderCustom(data: CustomMail): Promise<{ html: string; text: string }> {
  const html = data.html?.trim() ? data.html : undefined;
  const text = data.text?.trim() ? data.text : undefined;
  if (html) return { html, text: text ?? toPlainText(html) };
  // Text only: the user's words in the product's frame; the text part is exactly what they wrote.
  const framed = await render(
    <Layout>
      <Paragraphs text={text ?? ''} />
    </Layout>,
  );
  return { html: framed, text: text ?? '' };
}

/** Checks the data against its template's schema, then renders; bad data is a MailDataError naming the field. */
export async function renderMail(input: unknown): Promise<RenderedMail> {
  const parsed = MailContent.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new MailDataError(`${issue?.path.map(String).join('.') || 'mail'}: ${issue?.message ?? 'invalid mail data'}`);
  }
  const content = parsed.data;
  const subject = subjectOf(content);
  switch (content.template) {
    case 'notice':
      return { subject, ...(await both(<NoticeEmail {...content.data} />)) };
    case 'invitation':
      return { subject, ...(await both(<InvitationEmail {...content.data} />)) };
    case 'custom':
      return { subject, ...(await renderCustom(content.data)) };
    case 'verify-email':
      return { subject, ...(await both(<VerifyEmailEmail {...content.data} />)) };
    case 'reset-password':
      return { subject, ...(await both(<ResetPasswordEmail {...content.data} />)) };
  }
}
