/**
 * The development mailbox: an SMTP server (any login accepted, no TLS) and a JSON API, both on
 * loopback by default. What arrives over SMTP is parsed with mailparser and kept in memory.
 *
 * API: GET /api/messages (newest first), GET /api/messages/:id, DELETE /api/messages.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { MessageStore, toStored } from './store';

export const DEFAULT_SMTP_PORT = 1025;
export const DEFAULT_HTTP_PORT = 1080;
export const DEFAULT_MAX_MESSAGES = 500;
const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface MailboxOptions {
  host?: string;
  smtpPort?: number;
  httpPort?: number;
  maxMessages?: number;
}

export interface Mailbox {
  smtpPort: number;
  httpPort: number;
  /** smtp://127.0.0.1:port (no login needed) */
  smtpUrl: string;
  /** http://127.0.0.1:port */
  url: string;
  store: MessageStore;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(text);
}

function handle(store: MessageStore, req: IncomingMessage, res: ServerResponse): void {
  const path = new URL(req.url ?? '/', 'http://mailbox').pathname.replace(/\/+$/, '');
  if (path === '/api/messages' && req.method === 'GET') return send(res, 200, { messages: store.list() });
  if (path === '/api/messages' && req.method === 'DELETE') return send(res, 200, { deleted: store.clear() });
  const one = /^\/api\/messages\/([\w-]+)$/.exec(path);
  if (one && req.method === 'GET') {
    const message = store.get(one[1] ?? '');
    return message ? send(res, 200, message) : send(res, 404, { error: { code: 'not_found', message: 'No such message' } });
  }
  if (path === '/health') return send(res, 200, { ok: true });
  send(res, 404, { error: { code: 'not_found', message: `${req.method ?? ''} ${path} is not part of the mailbox API` } });
}

export async function startMailbox(opts: MailboxOptions = {}): Promise<Mailbox> {
  const host = opts.host ?? '127.0.0.1';
  const store = new MessageStore(opts.maxMessages ?? DEFAULT_MAX_MESSAGES);
  const smtp = new SMTPServer({
    logger: false,
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    // Development: any login is accepted (a mailer configured with a password works unchanged).
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'dev' }),
    size: MAX_MESSAGE_BYTES,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          store.add(toStored(mail, { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) }));
          callback();
        })
        .catch((err: Error) => callback(err));
    },
  });
  smtp.on('error', (err) => console.error(`dev-mailbox smtp: ${err.message}`));
  const http = createServer((req, res) => handle(store, req, res));
  await new Promise<void>((resolve, reject) => {
    smtp.server.once('error', reject);
    smtp.listen(opts.smtpPort ?? DEFAULT_SMTP_PORT, host, () => resolve());
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(opts.httpPort ?? DEFAULT_HTTP_PORT, host, () => resolve());
  });
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const httpPort = (http.address() as AddressInfo).port;
  const shown = host.includes(':') ? `[${host}]` : host;
  return {
    smtpPort,
    httpPort,
    smtpUrl: `smtp://${shown}:${smtpPort}`,
    url: `http://${shown}:${httpPort}`,
    store,
    async close() {
      await Promise.all([new Promise<void>((r) => smtp.close(() => r())), new Promise<void>((r) => http.close(() => r()))]);
    },
  };
}
