/**
 * The Email tool inside the platform, against a real SMTP server on loopback: a run delivers
 * through the outbound guard the platform builds (its "host:port" allowance), a 550 fails the run
 * with what was sent and what the server said in the step record, and the password is in no run
 * row, step row, or log line. The same guard, as the web's Test connection uses it, refuses a
 * loopback SMTP host that the instance did not allow, by address or by name, without connecting.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catchHookConnector } from '@konnect/connector-catch-hook';
import { emailConnector } from '@konnect/connector-email';
import { startSmtpServer, type SmtpTestServer } from '@konnect/connector-email/test-smtp';
import { createRegistry, runAction, testConnection } from '@konnect/sdk';
import { activate } from './activation';
import { ingestHook } from './hooks';
import { createOutboundGuard } from './outbound-guard';
import { processRun } from './run';
import { createConnection, createKonnector, createWorkspace, testPlatform, type TestPlatform } from './test-fixtures';

const PASSWORD = 'run-smtp-Pa55word';
const registry = createRegistry([catchHookConnector, emailConnector]);
let smtp: SmtpTestServer;
let t: TestPlatform;
let workspaceId: string;
let connectionId: string;
const logged: string[] = [];

const auth = () => ({ host: '127.0.0.1', port: smtp.port, username: 'ada', password: PASSWORD, fromAddress: 'alerts@example.com', allowSelfSigned: true });

beforeAll(async () => {
  smtp = await startSmtpServer({ users: { ada: PASSWORD } });
  // The instance allows this SMTP server's host and port, nothing else private.
  t = await testPlatform('email-run', registry, {}, {}, { guard: createOutboundGuard({ allowHosts: [`127.0.0.1:${smtp.port}`] }) });
  t.p.log = { info: (m) => void logged.push(m), warn: (m) => void logged.push(m), error: (m) => void logged.push(m) };
  workspaceId = await createWorkspace(t.db);
  connectionId = await createConnection(t.db, workspaceId, 'email', auth());
});
afterAll(async () => {
  await t.db.workspace.delete({ where: { id: workspaceId } }).catch(() => undefined);
  await t.close();
  await smtp.close();
});

async function mailRun(to: string): Promise<string> {
  const id = await createKonnector(t.db, workspaceId, {
    trigger: { id: 'trigger', connector: 'catch_hook', event: 'catch_hook', input: {} },
    steps: [{ type: 'action', id: 'mail', connector: 'email', action: 'send_email', connectionId, input: { to: '{{trigger.to}}', subject: 'Order {{trigger.order}}', text: 'Thanks!' } }],
  });
  const { hookToken } = await activate(t.p, workspaceId, id);
  const { runId } = await ingestHook(t.p, hookToken ?? '', { body: { to, order: 'B-7' }, headers: {}, query: {} });
  if (!runId) throw new Error('no run');
  return runId;
}

describe('Send Email in a run', () => {
  it('delivers through the platform guard, recording the answer', async () => {
    const runId = await mailRun('ada@example.com');
    expect(await processRun(t.p, { workspaceId, runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'succeeded' });
    expect(smtp.delivered.map((d) => [d.rcptTo, d.mail.subject])).toEqual([[['ada@example.com'], 'Order B-7']]);
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'mail' } });
    expect(step.output).toMatchObject({ accepted: ['ada@example.com'], rejected: [], messageId: smtp.delivered[0]?.mail.messageId });
  });

  it('550: the run fails, the step records what was sent and what the server said, and no password anywhere', async () => {
    smtp.refuse.set('gone@example.com', { code: 550, text: '5.1.1 Mailbox unavailable' });
    const runId = await mailRun('gone@example.com');
    expect(await processRun(t.p, { workspaceId, runId, deferrals: 0 })).toEqual({ status: 'finished', runStatus: 'failed' });
    const step = await t.db.runStep.findFirstOrThrow({ where: { runId, stepId: 'mail' } });
    expect(step).toMatchObject({ status: 'failed', attempts: 1 });
    expect(step.error).toMatchObject({
      kind: 'validation',
      retryable: false,
      status: 550,
      exchange: {
        request: { url: `smtp://127.0.0.1:${smtp.port}`, body: { to: ['gone@example.com'], subject: 'Order B-7', textBytes: 7 } },
        response: { status: 550, body: expect.stringContaining('5.1.1 Mailbox unavailable') },
      },
    });
    const run = await t.db.run.findUniqueOrThrow({ where: { id: runId } });
    const everything = JSON.stringify([run, await t.db.runStep.findMany({ where: { run: { workspaceId } } }), logged]);
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(Buffer.from(PASSWORD).toString('base64'));
  });
});

describe('the outbound guard on SMTP hosts', () => {
  it('refuses loopback SMTP hosts the instance did not allow, by address or by name, without connecting', async () => {
    // Allowances name a host AND port: the web server's port does not open the mail port.
    const guard = createOutboundGuard({ allowHosts: ['127.0.0.1:3000'], resolve: async (host) => (host === 'mail.internal.test' ? ['127.0.0.1'] : []) });
    const before = smtp.connections;
    const byAddress = await testConnection(emailConnector, auth(), { guard });
    expect(byAddress).toEqual({ ok: false, error: { kind: 'refused', retryable: false, message: 'Refused to connect to 127.0.0.1 (loopback address)' } });
    const byName = await testConnection(emailConnector, { ...auth(), host: 'mail.internal.test' }, { guard });
    expect(byName).toEqual({ ok: false, error: { kind: 'refused', retryable: false, message: 'Refused to connect to mail.internal.test at 127.0.0.1 (loopback address)' } });
    const send = runAction({ connector: emailConnector, actionKey: 'send_email', auth: auth(), input: { to: 'ada@example.com', subject: 'x', text: 'y' }, idempotencyKey: 'r:s:', httpOptions: { guard } });
    await expect(send).rejects.toMatchObject({ kind: 'refused', retryable: false });
    expect(smtp.connections).toBe(before);
  });

  it('lets the allowed host and port through', async () => {
    const guard = createOutboundGuard({ allowHosts: [`127.0.0.1:${smtp.port}`] });
    expect(await testConnection(emailConnector, auth(), { guard })).toMatchObject({ ok: true });
  });
});
