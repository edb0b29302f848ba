/**
 * One SMTP session per send or test, with nodemailer: the host is vetted by the platform's
 * outbound guard and the socket connects to the vetted address (TLS still checks the certificate
 * against the host name), timeouts on connect, greeting and silence, no logging, and no file or
 * URL access from nodemailer itself (attachments arrive as bytes).
 */
import { isIP } from 'node:net';
import { createTransport, type Transporter } from 'nodemailer';
import type { SMTPSentMessageInfo, SMTPTransportOptions } from 'nodemailer/lib/smtp-transport';
import { createRedactor, vetSocketTarget, type OutboundGuard, type Redactor } from '@konnect/sdk';
import { smtpError, type SentSummary } from './smtp-errors';

export type Security = 'starttls' | 'tls' | 'none';

/** The usual port of each security mode: submission with STARTTLS, SMTPS, plain SMTP. */
export const DEFAULT_PORTS: Record<Security, number> = { starttls: 587, tls: 465, none: 25 };

/** What a session needs from a connection. */
export interface SmtpSettings {
  host: string;
  port?: number | undefined;
  security: Security;
  username?: string | undefined;
  password?: string | undefined;
  allowSelfSigned: boolean;
}

export const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

export function portOf(s: Pick<SmtpSettings, 'port' | 'security'>): number {
  return s.port ?? DEFAULT_PORTS[s.security];
}

/** The password and the forms it travels in (AUTH PLAIN and LOGIN send base64), for redaction. */
export function smtpRedactor(s: SmtpSettings): Redactor {
  const { username = '', password } = s;
  if (!password) return createRedactor([]);
  const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  return createRedactor([password, b64(password), b64(`\u0000${username}\u0000${password}`), b64(`${username}\u0000${username}\u0000${password}`)]);
}

export interface SmtpSession {
  transport: Transporter<SMTPSentMessageInfo, SMTPTransportOptions>;
  port: number;
  redactor: Redactor;
}

/** A transport bound to the vetted address; refused (ConnectorError) before any socket opens. */
export async function openSession(s: SmtpSettings, guard: OutboundGuard | undefined): Promise<SmtpSession> {
  const port = portOf(s);
  const host = s.host.replace(/^\[(.*)\]$/, '$1');
  const address = await vetSocketTarget(guard, host, port);
  // SNI and the certificate check use the name the user gave, never the address it resolved to.
  const servername = isIP(host) ? undefined : host;
  const options: SMTPTransportOptions = {
    host: address,
    port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.username ? { auth: { user: s.username, pass: s.password ?? '' } } : {}),
    tls: { ...(servername ? { servername } : {}), rejectUnauthorized: !s.allowSelfSigned, minVersion: 'TLSv1.2' },
    ...SMTP_TIMEOUTS,
    logger: false,
    debug: false,
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  return { transport: createTransport(options), port, redactor: smtpRedactor(s) };
}

/** "Test connection": connect, secure the session, log in; a failure is a ConnectorError. */
export async function verifySmtp(s: SmtpSettings, guard: OutboundGuard | undefined): Promise<void> {
  const session = await openSession(s, guard);
  try {
    await session.transport.verify();
  } catch (err) {
    throw smtpError(err, { host: s.host, port: session.port, redactor: session.redactor });
  } finally {
    session.transport.close();
  }
}

export type { SentSummary };
