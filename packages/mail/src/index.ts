export { NoticeMail, InvitationMail, CustomMail, VerifyEmailMail, ResetPasswordMail, MailRequest, MailContent, MAIL_TEMPLATES, describeIssues, type MailTemplate } from './schemas';
export { renderMail, subjectOf, MailDataError, type RenderedMail } from './render';
export { createMailer, type Mailer, type OutgoingMail } from './mailer';
export { parseSmtpUrl, mailerConfigFromEnv, MailConfigError, DEFAULT_MAIL_FROM, type MailerConfig, type MailEnv } from './config';
export { classifySmtpError, scrubText, describeSmtpError, type FailureKind } from './errors';
