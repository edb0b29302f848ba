/**
 * The mailer's settings from SMTP_URL and MAIL_FROM:
 * - smtp://user:pass@host:587 — plain connection upgraded with STARTTLS whenever the server offers it;
 * - smtps://user:pass@host:465 — implicit TLS from the first byte.
 * Certificates are always verified, except with SMTP_TLS_INSECURE=1 (development against a server
 * with a self-signed certificate). Options in the URL's query string are refused, so verification
 * cannot be switched off by a URL someone pastes.
 */
export interface MailerConfig {
  host: string;
  port: number;
  /** Implicit TLS (smtps://). */
  secure: boolean;
  user?: string;
  pass?: string;
  from: string;
  /** Skip certificate verification (SMTP_TLS_INSECURE=1; development only). */
  tlsInsecure: boolean;
  /** Extra trusted CA certificates (PEM), e.g. a test's self-signed one. */
  ca?: string | string[];
  /** Require STARTTLS on smtp:// (refuse to send in clear text). */
  requireTls?: boolean;
  connectionTimeoutMs?: number;
  socketTimeoutMs?: number;
}

export class MailConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MailConfigError';
  }
}

export interface MailEnv {
  SMTP_URL?: string | undefined;
  MAIL_FROM?: string | undefined;
  SMTP_TLS_INSECURE?: boolean | undefined;
}

export const DEFAULT_MAIL_FROM = 'Konnect <no-reply@konnect.local>';

/** Parses SMTP_URL (throws MailConfigError naming what is wrong). */
export function parseSmtpUrl(value: string): Pick<MailerConfig, 'host' | 'port' | 'secure' | 'user' | 'pass'> {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new MailConfigError('SMTP_URL: expected smtp://user:pass@host:port or smtps://user:pass@host:port');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new MailConfigError(`SMTP_URL: expected smtp:// or smtps://, got ${url.protocol}//`);
  if (!url.hostname) throw new MailConfigError('SMTP_URL: the host is missing');
  if (url.search) throw new MailConfigError('SMTP_URL: options in the query string are not supported (use SMTP_TLS_INSECURE=1 to skip certificate checks in development)');
  const secure = url.protocol === 'smtps:';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return {
    host,
    port,
    secure,
    ...(url.username ? { user: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { pass: decodeURIComponent(url.password) } : {}),
  };
}

/** The mailer's config, or undefined when the instance has no mailer (no SMTP_URL). */
export function mailerConfigFromEnv(env: MailEnv): MailerConfig | undefined {
  if (!env.SMTP_URL) return undefined;
  return { ...parseSmtpUrl(env.SMTP_URL), from: env.MAIL_FROM || DEFAULT_MAIL_FROM, tlsInsecure: Boolean(env.SMTP_TLS_INSECURE) };
}
