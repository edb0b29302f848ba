/**
 * What an SMTP failure means for the queue: 4xx replies and connection trouble (refused, reset,
 * timed out, TLS handshake) are transient and retried; 5xx replies (550 mailbox unavailable, 554
 * rejected, 535 bad credentials) and bad mail data are permanent: the mail fails at once.
 * Every error text is scrubbed of secrets before it is stored or logged.
 */
import { MailDataError } from './render';

export type FailureKind = 'transient' | 'permanent';

interface SmtpLikeError {
  code?: unknown;
  responseCode?: unknown;
  message?: unknown;
}

const PERMANENT_CODES = new Set(['EENVELOPE', 'EMESSAGE']);

export function classifySmtpError(err: unknown): FailureKind {
  if (err instanceof MailDataError) return 'permanent';
  const e = (err ?? {}) as SmtpLikeError;
  if (typeof e.responseCode === 'number') return e.responseCode >= 500 ? 'permanent' : 'transient';
  if (typeof e.code === 'string' && PERMANENT_CODES.has(e.code)) return 'permanent';
  return 'transient';
}

const REDACTED = '[redacted]';

/** `text` with every secret (as is and URL-encoded) and any URL's user:password replaced, cut to `max` characters. */
export function scrubText(text: string, secrets: readonly string[], max = 1000): string {
  let out = text;
  const needles = [...new Set(secrets.filter((s) => s.length >= 4).flatMap((s) => [s, encodeURIComponent(s)]))].sort((a, b) => b.length - a.length);
  for (const needle of needles) out = out.split(needle).join(REDACTED);
  out = out.replace(/\b(smtps?|https?):\/\/[^\s/@:]+:[^\s/@]+@/gi, `$1://${REDACTED}@`);
  return out.length > max ? `${out.slice(0, max - 1)}…` : out;
}

/** One line describing a send failure: the SMTP reply when there is one, else the error. */
export function describeSmtpError(err: unknown): string {
  const e = (err ?? {}) as SmtpLikeError & { response?: unknown };
  const message = err instanceof Error ? err.message : String(err);
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  return `${code}${message}`.replace(/\s+/g, ' ').trim();
}
