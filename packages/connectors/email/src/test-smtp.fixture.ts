/**
 * A real SMTP server on 127.0.0.1 (smtp-server, port 0) for tests: a login, STARTTLS or TLS with
 * a self-signed certificate made for the test, per-recipient refusals, a refusal at connect, and
 * every delivered mail recorded with its envelope and parsed with mailparser.
 */
import { createSecureContext } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { generate } from 'selfsigned';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

export interface Delivered {
  mailFrom: string;
  rcptTo: string[];
  raw: Buffer;
  mail: ParsedMail;
  /** The session was encrypted (TLS from the start or after STARTTLS). */
  secure: boolean;
  user: string | undefined;
}

export interface SmtpTestServer {
  host: '127.0.0.1';
  port: number;
  delivered: Delivered[];
  /** Sockets accepted, whatever happened next. */
  connections: number;
  /** SNI names clients sent in the TLS handshake. */
  servernames: string[];
  /** Recipients (lower case) answered with a reply code and text at RCPT TO. */
  refuse: Map<string, { code: number; text: string }>;
  /** When set, every new connection is answered with this and closed (e.g. 421). */
  refuseConnect: { code: number; text: string } | undefined;
  close(): Promise<void>;
}

export interface SmtpTestOptions {
  /** TLS from the first byte (SMTPS) instead of STARTTLS. */
  secure?: boolean;
  /** Offer STARTTLS (default true; ignored with `secure`). */
  starttls?: boolean;
  /** username → password; empty: no login needed. */
  users?: Record<string, string>;
  /** Host name the certificate is made for. */
  certHost?: string;
}

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

/** One self-signed certificate per host name and test process (made once: key generation is the slow part). */
const certificates = new Map<string, ReturnType<typeof generate>>();

function certificateFor(host: string): ReturnType<typeof generate> {
  let pems = certificates.get(host);
  if (!pems) {
    pems = generate([{ name: 'commonName', value: host }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: host }, { type: 7, ip: '127.0.0.1' }] }],
    });
    certificates.set(host, pems);
  }
  return pems;
}

export async function startSmtpServer(opts: SmtpTestOptions = {}): Promise<SmtpTestServer> {
  const certHost = opts.certHost ?? 'mail.example.test';
  const pems = await certificateFor(certHost);
  const users = opts.users ?? {};
  const needsLogin = Object.keys(users).length > 0;
  const state: SmtpTestServer = {
    host: '127.0.0.1',
    port: 0,
    delivered: [],
    connections: 0,
    servernames: [],
    refuse: new Map(),
    refuseConnect: undefined,
    close: async () => undefined,
  };
  const options: SMTPServerOptions = {
    secure: opts.secure ?? false,
    key: pems.private,
    cert: pems.cert,
    SNICallback: (servername, cb) => {
      state.servernames.push(servername);
      cb(null, createSecureContext({ key: pems.private, cert: pems.cert }));
    },
    logger: false,
    authOptional: !needsLogin,
    // The test server accepts a login on a plain session, so a client's choice is what is tested.
    allowInsecureAuth: true,
    disabledCommands: opts.starttls === false && !opts.secure ? ['STARTTLS'] : [],
    onConnect(_session, cb) {
      state.connections++;
      const refuse = state.refuseConnect;
      cb(refuse ? smtpError(refuse.code, refuse.text) : null);
    },
    onAuth(auth, _session, cb) {
      if (auth.username && users[auth.username] !== undefined && users[auth.username] === auth.password) return cb(null, { user: auth.username });
      cb(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, cb) {
      const refuse = state.refuse.get(address.address.toLowerCase());
      cb(refuse ? smtpError(refuse.code, refuse.text) : null);
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (mail) => {
            state.delivered.push({
              mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              rcptTo: session.envelope.rcptTo.map((r) => r.address),
              raw,
              mail,
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : undefined,
            });
            cb(null, 'Ok: queued as T1');
          },
          (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
        );
      });
    },
  };
  const server = new SMTPServer(options);
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.server.address() as AddressInfo).port;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
