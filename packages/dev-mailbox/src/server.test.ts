import { afterEach, describe, expect, it } from 'vitest';
import nodemailer from 'nodemailer';
import { parseCliArgs } from './cli';
import { startMailbox, type Mailbox } from './server';
import type { MessageSummary, StoredMessage } from './store';

let box: Mailbox | undefined;
afterEach(async () => {
  await box?.close();
  box = undefined;
});

async function json<T>(url: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(url, init);
  return { status: res.status, body: (await res.json()) as T };
}

describe('dev mailbox', () => {
  it('takes mail over SMTP (any login) and serves it as JSON: list, one message, delete all', async () => {
    box = await startMailbox({ smtpPort: 0, httpPort: 0, maxMessages: 2 });
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: box.smtpPort, secure: false, auth: { user: 'whoever', pass: 'anything' } });
    for (const n of [1, 2, 3]) {
      await transport.sendMail({ from: 'Konnect <k@konnect.local>', to: 'ada@example.test', bcc: 'hidden@example.test', subject: `Hello ${n}`, text: `Plain ${n}`, html: `<p>Rich <b>${n}</b></p>` });
    }
    transport.close();
    const list = await json<{ messages: MessageSummary[] }>(`${box.url}/api/messages`);
    expect(list.status).toBe(200);
    // Newest first, only the last `maxMessages` kept.
    expect(list.body.messages.map((m) => m.subject)).toEqual(['Hello 3', 'Hello 2']);
    const first = list.body.messages[0]!;
    const one = await json<StoredMessage>(`${box.url}/api/messages/${first.id}`);
    expect(one.body).toMatchObject({ subject: 'Hello 3', from: '"Konnect" <k@konnect.local>', to: ['ada@example.test'], text: 'Plain 3', html: '<p>Rich <b>3</b></p>' });
    expect(one.body.envelope.to).toEqual(['ada@example.test', 'hidden@example.test']);
    expect(one.body.headers['content-type']).toBeDefined();
    expect((await json(`${box.url}/api/messages/nope`)).status).toBe(404);
    expect((await json<{ deleted: number }>(`${box.url}/api/messages`, { method: 'DELETE' })).body).toEqual({ deleted: 2 });
    expect((await json<{ messages: unknown[] }>(`${box.url}/api/messages`)).body.messages).toEqual([]);
  });

  it('parses its flags and names a bad one', () => {
    expect(parseCliArgs([], {})).toEqual({ smtpPort: 1025, httpPort: 1080, host: '127.0.0.1', maxMessages: 500 });
    expect(parseCliArgs(['--smtp-port', '2525'], { DEV_MAILBOX_HTTP_PORT: '8025' })).toMatchObject({ smtpPort: 2525, httpPort: 8025 });
    expect(() => parseCliArgs(['--http-port', 'x'], {})).toThrow(/--http-port/);
  });
});
