/** The Konnect Mail action: what it hands the instance's mail service, and its refusals. */
import { ConnectorError, runAction, type InstanceMailMessage, type InstanceMailService } from '@konnect/sdk';
import { describe, expect, it } from 'vitest';
import { konnectMailConnector } from './index';

function service(status: 'queued' | 'unavailable' = 'queued') {
  const sent: InstanceMailMessage[] = [];
  const mail: InstanceMailService = {
    send: async (msg) => {
      sent.push(msg);
      return { id: `m${sent.length}`, status };
    },
  };
  return { mail, sent };
}

const send = (input: Record<string, unknown>, mail?: InstanceMailService) =>
  runAction({ connector: konnectMailConnector, actionKey: 'send_email', auth: undefined, input, idempotencyKey: 'r:s:', ...(mail ? { services: { mail } } : {}) });

async function failure(promise: Promise<unknown>): Promise<ConnectorError> {
  const err: unknown = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectorError);
  return err as ConnectorError;
}

describe('Konnect Mail: Send Email', () => {
  it('hands the service bare addresses, reply-to, subject and bodies', async () => {
    const { mail, sent } = service();
    const out = await send({ to: 'Ada <ada@example.com>, bob@example.com', bcc: ['c@example.com'], replyTo: 'help@example.com', subject: 'Hi\r\nBcc: x@evil.test', html: '<p>Hi</p>' }, mail);
    expect(out).toEqual({ id: 'm1', status: 'queued', recipients: 3 });
    expect(sent).toEqual([{ to: ['ada@example.com', 'bob@example.com'], bcc: ['c@example.com'], replyTo: 'help@example.com', subject: 'Hi Bcc: x@evil.test', html: '<p>Hi</p>' }]);
  });

  it('fails visibly where the instance has no mailer: no service, or the service says unavailable', async () => {
    for (const mail of [undefined, service('unavailable').mail]) {
      const err = await failure(send({ to: 'ada@example.com', subject: 'Hi', text: 'x' }, mail));
      expect(err).toMatchObject({ kind: 'config', retryable: false });
      expect(err.message).toMatch(/^This Konnect instance has no mailer configured/);
    }
  });

  it('takes at most 20 recipients, and says what to use for more', async () => {
    const { mail, sent } = service();
    const to = Array.from({ length: 21 }, (_, i) => `u${i}@example.com`).join(', ');
    const err = await failure(send({ to, subject: 'Hi', text: 'x' }, mail));
    expect(err.message).toBe('Input "to": Konnect mail takes at most 20 recipients per mail in to, cc and bcc together (got 21); use the Email tool with an SMTP connection for more');
    expect(sent).toHaveLength(0);
  });

  it('passes the service’s own refusal (the daily limit) through unchanged', async () => {
    const limit = new ConnectorError({ kind: 'rate_limited', message: 'Daily Konnect mail limit of 100 reached', retryable: false });
    const mail: InstanceMailService = { send: async () => Promise.reject(limit) };
    expect(await failure(send({ to: 'ada@example.com', subject: 'Hi', text: 'x' }, mail))).toBe(limit);
  });
});
