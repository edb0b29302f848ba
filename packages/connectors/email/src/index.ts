import { defineConnector } from '@konnect/sdk';
import { smtpAuth } from './auth';
import { icon } from './icon';
import { sendEmail } from './actions/send-email';

export { smtpAuth, type SmtpAuth } from './auth';
export { sendEmail, sendEmailInput, MAX_RECIPIENTS } from './actions/send-email';
export { MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES } from './attachments';
export { messageIdFor } from './message-id';
export { konnectMailConnector, konnectMailSend, MAX_KONNECT_MAIL_RECIPIENTS } from './konnect-mail';

export const emailConnector = defineConnector({
  key: 'email',
  name: 'Email',
  description: 'Send email through your own SMTP server: to, cc, bcc, reply-to, text and HTML, attachments.',
  category: 'tool',
  icon,
  auth: smtpAuth,
  triggers: [],
  actions: [sendEmail],
});

export default emailConnector;
