/**
 * A real SMTP server on 127.0.0.1 (port 0) for tests: it parses what arrives with mailparser and
 * can be told to reject the next mails with an SMTP reply (550, 451…), to hold the reply to DATA
 * until the test releases it, to require a login, or to offer STARTTLS with a given certificate.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface TestSmtpOptions {
  /** Required login; without it any client may send without AUTH. */
  auth?: { user: string; pass: string };
  /** PEM key and certificate: STARTTLS is offered with them (else STARTTLS is not offered). */
  tls?: { key: string; cert: string };
}

export interface Received {
  mail: ParsedMail;
  envelope: { from: string; to: string[] };
  /** Whether the session ran over TLS (STARTTLS) when the mail came in. */
  secure: boolean;
  user?: string;
}

export interface TestSmtp {
  port: number;
  /** smtp://[user:pass@]127.0.0.1:port */
  url: string;
  received: Received[];
  /** Answers the next `times` DATA commands with `code message` instead of accepting them. */
  rejectNext(code: number, message: string, times?: number): void;
  /** Holds the reply to the next DATA until `release()`; `arrived` resolves once that mail is in. */
  holdNext(): { arrived: Promise<void>; release(): void };
  /** Resolves once `count` mails were accepted (fails after timeoutMs). */
  waitFor(count: number, timeoutMs?: number): Promise<Received[]>;
  /** DATA commands seen (accepted or not). */
  attempts(): number;
  close(): Promise<void>;
}

export async function startTestSmtp(opts: TestSmtpOptions = {}): Promise<TestSmtp> {
  const received: Received[] = [];
  const rejects: { code: number; message: string }[] = [];
  const holds: { arrived: () => void; released: Promise<void> }[] = [];
  let dataCommands = 0;

  const server = new SMTPServer({
    logger: false,
    secure: false,
    ...(opts.tls ? { key: opts.tls.key, cert: opts.tls.cert } : { disabledCommands: ['STARTTLS'] }),
    authOptional: !opts.auth,
    onAuth(auth, _session, callback) {
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass) return callback(null, { user: auth.username });
      callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream: SMTPServerDataStream, session: SMTPServerSession, callback) {
      dataCommands++;
      void (async () => {
        const mail = await simpleParser(stream);
        const hold = holds.shift();
        if (hold) {
          hold.arrived();
          await hold.released;
        }
        const reject = rejects.shift();
        if (reject) return callback(Object.assign(new Error(reject.message), { responseCode: reject.code }));
        received.push({
          mail,
          envelope: { from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to: session.envelope.rcptTo.map((r) => r.address) },
          secure: session.secure,
          ...(typeof session.user === 'string' ? { user: session.user } : {}),
        });
        callback();
      })().catch((err: Error) => callback(err));
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  const creds = opts.auth ? `${encodeURIComponent(opts.auth.user)}:${encodeURIComponent(opts.auth.pass)}@` : '';

  return {
    port,
    url: `smtp://${creds}127.0.0.1:${port}`,
    received,
    rejectNext(code, message, times = 1) {
      for (let i = 0; i < times; i++) rejects.push({ code, message });
    },
    holdNext() {
      let arrived!: () => void;
      let release!: () => void;
      const arrivedP = new Promise<void>((r) => (arrived = r));
      const released = new Promise<void>((r) => (release = r));
      holds.push({ arrived, released });
      return { arrived: arrivedP, release };
    },
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${count} mail(s); got ${received.length}`);
        await new Promise((r) => setTimeout(r, 20));
      }
      return received;
    },
    attempts: () => dataCommands,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A self-signed certificate for 127.0.0.1 / localhost, made with openssl. */
export { selfSignedCert } from './test-cert';
