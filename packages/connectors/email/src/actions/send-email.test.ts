/**
 * Send Email against a real SMTP server on loopback (STARTTLS, a login) and a real HTTP server for
 * attachments: what arrives (envelope, headers, bodies, attachment bytes), what the step returns,
 * and each failure class with what the step records. The password appears in no output, error or
 * log line.
 */
import { ConnectorError, createTestKit, type TestKit } from '@konnect/sdk';
import { startServer, type TestServer } from '@konnect/sdk/test-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { emailConnector, messageIdFor } from '../index';
import { MAX_ATTACHMENT_BYTES } from '../attachments';
import { captureOutput, type CapturedOutput } from '../output.fixture';
import { startSmtpServer, type SmtpTestServer } from '../test-smtp.fixture';

const PASSWORD = 'Smtp-pa55word-9';
let smtp: SmtpTestServer;
let files: TestServer;
let kit: TestKit;
let output: CapturedOutput;
/** Bytes that are not valid UTF-8, so a text round trip would corrupt them. */
const PDF = Buffer.from([0x25, 0x50, 0x44, 0x46, 0xff, 0xfe, 0x00, 0x80, 0xc3, 0x28, 0x0a]);

beforeAll(async () => {
  output = captureOutput();
  smtp = await startSmtpServer({ users: { ada: PASSWORD } });
  files = await startServer();
  kit = createTestKit(emailConnector, {
    auth: { host: '127.0.0.1', port: smtp.port, username: 'ada', password: PASSWORD, fromAddress: 'alerts@example.com', fromName: 'Acme Alerts', allowSelfSigned: true },
  });
});
afterAll(async () => {
  await Promise.all([smtp.close(), files.close()]);
  output.restore();
  expect(output.text()).not.toContain(PASSWORD);
});
beforeEach(() => {
  smtp.delivered.length = 0;
  smtp.refuse.clear();
  smtp.refuseConnect = undefined;
  files.handle((req, res) => {
    if (req.path === '/report.pdf') return res.writeHead(200, { 'content-type': 'application/pdf' }).end(PDF);
    if (req.path === '/big') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(MAX_ATTACHMENT_BYTES + 1));
    res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"no such file"}');
  });
});

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  expect(JSON.stringify((err as ConnectorError).toJSON())).not.toContain(PASSWORD);
  return err as ConnectorError;
}

const basic = { to: 'ada@example.com', subject: 'Hello', text: 'Hi Ada' };

describe('Send Email: delivery', () => {
  it('delivers to, cc and bcc (bcc in the envelope only), reply-to, subject, text, HTML and attachments', async () => {
    const out = await kit.runAction(
      'send_email',
      {
        to: '"Lovelace, Ada" <ada@example.com>, bob@example.com',
        cc: ['carol@example.com'],
        bcc: 'secret@example.com',
        replyTo: 'Support <support@example.com>',
        subject: 'Your report',
        text: 'The report is attached.',
        html: '<p>The <b>report</b> is attached.</p>',
        attachments: [
          { filename: 'report.pdf', url: `${files.url}/report.pdf` },
          { filename: 'notes.txt', contentBase64: Buffer.from('line one\nline two').toString('base64'), contentType: 'text/plain' },
        ],
      },
      'run1:send:',
    );
    expect(smtp.delivered).toHaveLength(1);
    const got = smtp.delivered[0]!;
    expect(got.secure).toBe(true);
    expect(got.user).toBe('ada');
    expect(got.mailFrom).toBe('alerts@example.com');
    expect(got.rcptTo.sort()).toEqual(['ada@example.com', 'bob@example.com', 'carol@example.com', 'secret@example.com']);
    const headers = got.raw.toString('utf8').split('\r\n\r\n')[0] ?? '';
    expect(headers).not.toMatch(/^bcc:/im);
    expect(headers).not.toContain('secret@example.com');
    const { mail } = got;
    expect(mail.from?.value).toEqual([{ name: 'Acme Alerts', address: 'alerts@example.com' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value : null).toEqual([
      { name: 'Lovelace, Ada', address: 'ada@example.com' },
      { name: '', address: 'bob@example.com' },
    ]);
    expect(mail.cc && !Array.isArray(mail.cc) ? mail.cc.value : null).toEqual([{ name: '', address: 'carol@example.com' }]);
    expect(mail.replyTo?.value).toEqual([{ name: 'Support', address: 'support@example.com' }]);
    expect(mail.subject).toBe('Your report');
    expect(mail.text?.trim()).toBe('The report is attached.');
    expect(mail.html).toContain('<p>The <b>report</b> is attached.</p>');
    expect(mail.messageId).toBe(messageIdFor('run1:send:', 'alerts@example.com'));
    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['report.pdf', 'application/pdf'],
      ['notes.txt', 'text/plain'],
    ]);
    expect(Buffer.compare(mail.attachments[0]!.content, PDF)).toBe(0);
    expect(mail.attachments[1]!.content.toString('utf8')).toBe('line one\nline two');
    expect(files.received.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /report.pdf']);
    expect(out).toEqual({
      messageId: mail.messageId,
      accepted: ['ada@example.com', 'bob@example.com', 'carol@example.com', 'secret@example.com'],
      rejected: [],
      response: expect.stringMatching(/^250 /),
    });
  });

  it('the same step sends the same Message-ID every time; another step another one', async () => {
    await kit.runAction('send_email', basic, 'run1:mail:');
    await kit.runAction('send_email', basic, 'run1:mail:');
    await kit.runAction('send_email', basic, 'run2:mail:');
    const ids = smtp.delivered.map((d) => d.mail.messageId);
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
    expect(ids[0]).toMatch(/^<konnect\.[0-9a-f]{32}@example\.com>$/);
  });

  it('some recipients refused: sent to the others, the refused ones listed with the reason', async () => {
    smtp.refuse.set('gone@example.com', { code: 550, text: '5.1.1 No such user here' });
    const out = await kit.runAction('send_email', { ...basic, to: 'ada@example.com, gone@example.com' });
    expect(out).toMatchObject({ accepted: ['ada@example.com'], rejected: ['gone@example.com'], rejectedReasons: [expect.stringContaining('550 5.1.1 No such user here')] });
    expect(smtp.delivered.map((d) => d.rcptTo)).toEqual([['ada@example.com']]);
  });
});

describe('Send Email: input', () => {
  it.each([
    [{ ...basic, cc: 'carol@example.com, not-an-address' }, 'Input "cc": "not-an-address" is not a valid email address'],
    [{ ...basic, to: '' }, 'Input "to": At least one email address is required'],
    [{ ...basic, replyTo: 'a@example.com, b@example.com' }, 'Input "replyTo": "a@example.com, b@example.com" is not one valid email address'],
    [{ to: 'ada@example.com', subject: 'x' }, 'Input "text": Give a text body, an HTML body, or both'],
    [{ ...basic, bcc: Array.from({ length: 100 }, (_, i) => `u${i}@example.com`) }, 'Input "to": At most 100 recipients per mail in to, cc and bcc together (got 101)'],
    [{ ...basic, attachments: [{ filename: 'a.txt', url: `http://x.test/a`, contentBase64: 'YQ==' }] }, 'Input "attachments[0].url": Give either a file URL or base64 content'],
    [{ ...basic, attachments: [{ filename: 'a.txt', contentBase64: 'not base64!' }] }, 'Input "attachments[0].contentBase64": Not valid base64'],
  ])('refuses bad input before connecting: %j', async (input, message) => {
    const before = smtp.connections;
    const err = await failure(kit.runAction('send_email', input));
    expect(err).toMatchObject({ kind: 'config', retryable: false });
    expect(err.message).toBe(message);
    expect(smtp.connections).toBe(before);
  });

  it('attachments over the size cap fail naming the file, and nothing is sent', async () => {
    const err = await failure(kit.runAction('send_email', { ...basic, attachments: [{ filename: 'big.bin', url: `${files.url}/big` }] }));
    expect(err).toMatchObject({ kind: 'config', retryable: false, message: 'Attachment "big.bin": attachments may total at most 10 MB' });
    expect(smtp.delivered).toHaveLength(0);
  });

  it('a missing attachment fails with what the file server answered', async () => {
    const err = await failure(kit.runAction('send_email', { ...basic, attachments: [{ filename: 'x.pdf', url: `${files.url}/missing.pdf` }] }));
    expect(err).toMatchObject({ kind: 'not_found', retryable: false, status: 404 });
    expect(err.message).toMatch(/^Attachment "x.pdf" could not be downloaded: .*no such file/);
    expect(smtp.delivered).toHaveLength(0);
  });
});

describe('Send Email: server failures', () => {
  it('550 to every recipient: not retryable, recording what was sent and what the server said', async () => {
    smtp.refuse.set('gone@example.com', { code: 550, text: '5.1.1 No such user here' });
    const err = await failure(kit.runAction('send_email', { ...basic, to: 'gone@example.com', html: '<p>Hi</p>' }, 'run9:s:'));
    expect(err).toMatchObject({ kind: 'validation', retryable: false, status: 550 });
    expect(err.message).toMatch(/^The mail server refused the recipient \(.*550 5\.1\.1 No such user here.*\)$/);
    expect(err.exchange).toEqual({
      request: {
        method: expect.stringMatching(/^SMTP/),
        url: `smtp://127.0.0.1:${smtp.port}`,
        body: {
          from: 'Acme Alerts <alerts@example.com>',
          to: ['gone@example.com'],
          cc: [],
          bcc: [],
          subject: 'Hello',
          messageId: messageIdFor('run9:s:', 'alerts@example.com'),
          textBytes: 6,
          htmlBytes: 9,
          attachments: [],
        },
      },
      response: { status: 550, body: expect.stringContaining('No such user here') },
    });
    expect(smtp.delivered).toHaveLength(0);
  });

  it('421 at connect: retryable', async () => {
    smtp.refuseConnect = { code: 421, text: '4.3.2 Too busy, try later' };
    const err = await failure(kit.runAction('send_email', basic));
    expect(err).toMatchObject({ kind: 'server', retryable: true, status: 421 });
    expect(err.message).toContain('4.3.2 Too busy, try later');
  });

  it('451 to a recipient: retryable', async () => {
    smtp.refuse.set('ada@example.com', { code: 451, text: '4.7.1 Greylisted, try again later' });
    const err = await failure(kit.runAction('send_email', basic));
    expect(err).toMatchObject({ kind: 'server', retryable: true, status: 451 });
  });

  it('no server listening: a retryable network error, marked not processed', async () => {
    const closed = await startSmtpServer();
    await closed.close();
    const other = createTestKit(emailConnector, { auth: { host: '127.0.0.1', port: closed.port, security: 'none', fromAddress: 'alerts@example.com' } });
    const err = await failure(other.runAction('send_email', basic));
    expect(err).toMatchObject({ kind: 'network', retryable: true, unprocessed: true });
    expect(err.message).toMatch(new RegExp(`^Could not talk to the mail server at 127\\.0\\.0\\.1:${closed.port} \\(.*ECONNREFUSED`));
  });

  it('a wrong password fails the step as auth', async () => {
    const wrong = createTestKit(emailConnector, { auth: { ...kit.auth, password: 'not-the-password' } });
    const err = await failure(wrong.runAction('send_email', basic));
    expect(err).toMatchObject({ kind: 'auth', retryable: false, status: 535 });
    expect(JSON.stringify(err.toJSON())).not.toContain('not-the-password');
  });
});
