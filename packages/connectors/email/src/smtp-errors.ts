/**
 * An SMTP failure as a ConnectorError: the kind and whether to retry from the server's reply code
 * and nodemailer's error code, a message that says what to do, and the exchange the step records —
 * what was sent (addresses, subject, sizes; never the password) and what the server answered.
 *
 * | Failure | kind | retryable |
 * |---|---|---|
 * | 530/534/535/538, or the login failed | auth | no |
 * | 5xx to MAIL FROM, RCPT TO or DATA (550 unknown recipient, 553 bad address, 552/554) | validation | no |
 * | 4xx (421 closing, 450/451/452 try later, 454 TLS or login unavailable) | server | yes |
 * | no answer in time | timeout | yes |
 * | connection refused / reset, name not resolved | network | yes |
 * | certificate not trusted, STARTTLS refused, not TLS on a TLS port | config | no |
 */
import { ConnectorError, type ConnectorErrorKind, type HttpExchange, type Redactor } from '@konnect/sdk';

/** What a send put on the wire, for the step's record. */
export interface SentSummary {
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo?: string;
  subject: string;
  messageId: string;
  textBytes: number;
  htmlBytes: number;
  attachments: { filename: string; contentType?: string; bytes: number }[];
}

interface SmtpFailure {
  code?: unknown;
  responseCode?: unknown;
  response?: unknown;
  command?: unknown;
  message?: unknown;
}

export interface SmtpErrorContext {
  host: string;
  port: number;
  redactor: Redactor;
  sent?: SentSummary;
}

const AUTH_CODES = new Set([530, 534, 535, 538]);
const CERTIFICATE = /certificate|self[- ]signed|unable to verify|altname/i;
const NOT_TLS = /wrong version number|packet length too long|unknown protocol|tlsv1 alert protocol version/i;
const NOT_CONNECTED = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

interface Verdict {
  kind: ConnectorErrorKind;
  retryable: boolean;
  message: string;
  unprocessed?: boolean;
}

function verdict(f: { code: string; status: number | undefined; command: string; reply: string; detail: string; where: string }): Verdict {
  const said = f.reply ? ` (${f.reply})` : ` (${f.detail})`;
  const { status, code, command } = f;
  if (CERTIFICATE.test(f.detail) && status === undefined) {
    return {
      kind: 'config',
      retryable: false,
      message: `The mail server's TLS certificate is not trusted (${f.detail}). If ${f.where} is your own server with a self-signed certificate, turn on "Allow self-signed certificate" in the connection.`,
    };
  }
  if (code === 'EAUTH' || code === 'ENOAUTH' || (status !== undefined && AUTH_CODES.has(status))) {
    if (status !== undefined && status >= 400 && status < 500) return { kind: 'server', retryable: true, message: `The mail server could not log in right now${said}` };
    return { kind: 'auth', retryable: false, message: `The mail server refused the login${said}: check the username and password` };
  }
  if (status !== undefined && status >= 400 && status < 500) {
    return { kind: 'server', retryable: true, message: `The mail server deferred the mail${said}; it may accept it later` };
  }
  if (status !== undefined && status >= 500) {
    if (/STARTTLS/i.test(command)) return startTlsRefused(said);
    if (/RCPT/i.test(command) || code === 'EENVELOPE') return { kind: 'validation', retryable: false, message: `The mail server refused the recipient${said}` };
    if (/MAIL/i.test(command)) return { kind: 'validation', retryable: false, message: `The mail server refused the sender${said}` };
    return { kind: 'validation', retryable: false, message: `The mail server refused the mail${said}` };
  }
  if (NOT_TLS.test(f.detail)) {
    return { kind: 'config', retryable: false, message: `${f.where} does not speak TLS from the first byte (${f.detail}): choose security "starttls" (usually port 587) or check the port` };
  }
  if (code === 'ETLS' || /STARTTLS/i.test(command)) return startTlsRefused(said);
  if (code === 'ETIMEDOUT') return { kind: 'timeout', retryable: true, message: `The mail server at ${f.where} did not answer in time (${f.detail})` };
  if (code === 'ECONNECTION' || code === 'ESOCKET' || code === 'EDNS' || NOT_CONNECTED.test(f.detail)) {
    return { kind: 'network', retryable: true, message: `Could not talk to the mail server at ${f.where} (${f.detail})`, unprocessed: NOT_CONNECTED.test(f.detail) };
  }
  return { kind: 'config', retryable: false, message: `The mail could not be sent (${f.detail})` };
}

function startTlsRefused(said: string): Verdict {
  return {
    kind: 'config',
    retryable: false,
    message: `The mail server did not secure the connection with STARTTLS${said}: choose security "tls" if it speaks TLS from the first byte (port 465), or "none" only for a relay on a network you trust`,
  };
}

export function smtpError(err: unknown, ctx: SmtpErrorContext): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const f = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as SmtpFailure;
  const { redactor } = ctx;
  const status = typeof f.responseCode === 'number' ? f.responseCode : undefined;
  const reply = typeof f.response === 'string' ? redactor.text(f.response.trim()).slice(0, 1000) : '';
  const command = typeof f.command === 'string' ? redactor.text(f.command) : '';
  const detail = redactor.text(typeof f.message === 'string' ? f.message : String(err)).slice(0, 1000);
  const where = `${ctx.host}:${ctx.port}`;
  const v = verdict({ code: typeof f.code === 'string' ? f.code : '', status, command, reply, detail, where });
  const exchange: HttpExchange = {
    request: { method: command && command !== 'CONN' ? `SMTP ${command}` : 'SMTP', url: `smtp://${where}`, ...(ctx.sent ? { body: ctx.sent } : {}) },
    ...(status !== undefined ? { response: { status, body: reply } } : {}),
  };
  return new ConnectorError({
    kind: v.kind,
    message: v.message,
    ...(status !== undefined ? { status } : {}),
    retryable: v.retryable,
    ...(v.unprocessed ? { unprocessed: true } : {}),
    exchange,
  });
}
