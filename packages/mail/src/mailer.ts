/**
 * Sending: one nodemailer SMTP transport per process, one SMTP connection per mail (a slow or stuck
 * server holds only that mail's worker slot). STARTTLS is used whenever the server offers it on
 * smtp://; smtps:// is TLS from the start. Timeouts bound every wait.
 */
import nodemailer, { type Transporter } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { MailerConfig } from './config';
import type { RenderedMail } from './render';

export interface OutgoingMail extends RenderedMail {
  to: string[];
  cc?: string[] | undefined;
  bcc?: string[] | undefined;
  replyTo?: string | undefined;
  /** Message-ID to use (stable across retries, so a receiving server can spot a duplicate). */
  messageId?: string | undefined;
}

export interface Mailer {
  readonly from: string;
  /** Values that must never appear in a log line or a stored error (the SMTP password, user). */
  readonly secrets: readonly string[];
  send(mail: OutgoingMail): Promise<{ messageId: string; response: string }>;
  close(): void;
}

export function createMailer(config: MailerConfig): Mailer {
  const options: SMTPTransport.Options = {
    host: config.host,
    port: config.port,
    secure: config.secure,
    requireTLS: config.requireTls ?? false,
    ...(config.user ? { auth: { user: config.user, pass: config.pass ?? '' } } : {}),
    tls: {
      rejectUnauthorized: !config.tlsInsecure,
      ...(config.ca ? { ca: config.ca } : {}),
      servername: config.host,
    },
    connectionTimeout: config.connectionTimeoutMs ?? 15_000,
    greetingTimeout: config.connectionTimeoutMs ?? 15_000,
    socketTimeout: config.socketTimeoutMs ?? 120_000,
    logger: false,
    debug: false,
  };
  const transport: Transporter<SMTPTransport.SentMessageInfo> = nodemailer.createTransport(options);
  return {
    from: config.from,
    secrets: [config.pass, config.user && config.pass ? `${config.user}:${config.pass}` : undefined].filter((s): s is string => Boolean(s)),
    async send(mail) {
      const info = await transport.sendMail({
        from: config.from,
        to: mail.to,
        ...(mail.cc?.length ? { cc: mail.cc } : {}),
        ...(mail.bcc?.length ? { bcc: mail.bcc } : {}),
        ...(mail.replyTo ? { replyTo: mail.replyTo } : {}),
        ...(mail.messageId ? { messageId: mail.messageId } : {}),
        subject: mail.subject,
        html: mail.html,
        text: mail.text,
      });
      return { messageId: info.messageId, response: info.response };
    },
    close() {
      transport.close();
    },
  };
}
